using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Kefu.Server.Http;

/// <summary>
/// How many request-body bytes a route reads at most. A body declared larger is refused before any
/// handler runs; a body of unknown length (chunked) is cut off the moment it passes the limit, so no
/// route ever receives, let alone buffers, more than it allows.
/// </summary>
public static class BodyLimit
{
    /// <summary>Routes that need more than the JSON default say so with this.</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new RequestSizeLimitAttribute(maxBytes));

    public static long For(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? JsonBody.DefaultMaxBytes;
    }

    /// <summary>Applies the route's limit; false when the declared length already exceeds it.</summary>
    public static bool Apply(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limit = For(context);
        if (context.Request.ContentLength > limit)
        {
            return false;
        }

        // Kestrel enforces its own copy of the limit; the wrapper covers servers without one.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrel)
        {
            kestrel.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength is null)
        {
            context.Request.Body = new LimitedReadStream(context.Request.Body, limit);
        }

        return true;
    }

    public static async Task RefuseAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await Problems.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {For(context)} bytes.").ExecuteAsync(context);
    }
}

/// <summary>A request body that fails with 413 as soon as more than <c>limit</c> bytes have been read from it.</summary>
internal sealed class LimitedReadStream(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        return _read > limit
            ? throw new BadHttpRequestException($"The request body is larger than {limit} bytes.", StatusCodes.Status413PayloadTooLarge)
            : read;
    }
}
