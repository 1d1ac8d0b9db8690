using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Kefu.Server.Http;

/// <summary>
/// Reads a JSON request body ourselves instead of through parameter binding, so that malformed JSON,
/// wrong content types and oversize bodies all get a precise problem-details answer.
/// </summary>
public static class JsonBody
{
    public const long DefaultMaxBytes = 256 * 1024;

    /// <summary>Like <see cref="ReadAsync"/>, for operations whose body may be left out entirely (the value is then null).</summary>
    public static Task<BodyResult<T>> ReadOptionalAsync<T>(HttpRequest request, long maxBytes = DefaultMaxBytes)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ContentLength is 0 || (request.ContentLength is null && request.ContentType is null && request.Headers.TransferEncoding.Count == 0)
            ? Task.FromResult(new BodyResult<T>(null, null, []))
            : ReadAsync<T>(request, maxBytes);
    }

    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, long maxBytes = DefaultMaxBytes)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var (raw, problem) = await ReadBytesAsync(request, maxBytes);
        if (problem is not null)
        {
            return new BodyResult<T>(null, problem, []);
        }

        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = JsonSerializer.Deserialize<T>(raw, options);
            return value is null
                ? new BodyResult<T>(null, Problems.Validation(new() { ["$"] = ["A JSON object is required."] }), [])
                : BodyResult.Ok(value, raw);
        }
        catch (JsonException ex)
        {
            // A syntax error (thrown as a subclass by the reader) concerns the whole body; a plain
            // JsonException is a value of the wrong type, and its path names the field.
            var isSyntaxError = ex.GetType() != typeof(JsonException) || ex.InnerException is JsonException;
            var field = isSyntaxError || string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path.TrimStart('$', '.');
            return new BodyResult<T>(null, Problems.Validation(new() { [field.Length == 0 ? "$" : field] = [Describe(ex)] }, "The request body is not valid JSON for this operation."), []);
        }
    }

    /// <summary>The body's bytes exactly as sent, for callers that parse them themselves (a signed document, say).</summary>
    public static async Task<(byte[] Raw, IResult? Problem)> ReadBytesAsync(HttpRequest request, long maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return ([], Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."));
        }

        if (request.ContentLength > maxBytes)
        {
            return ([], TooLarge(maxBytes));
        }

        try
        {
            await using var limited = new LimitedReadStream(request.Body, maxBytes);
            using var buffer = new MemoryStream();
            await limited.CopyToAsync(buffer, request.HttpContext.RequestAborted);

            // The JSON reader checks UTF-8 only in the values it decodes; a member it skips could
            // otherwise carry bytes that are no text at all into a request we accept.
            return System.Text.Unicode.Utf8.IsValid(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))
                ? (buffer.ToArray(), null)
                : ([], Problems.Validation(new() { ["$"] = ["The body is not valid UTF-8."] }, "The request body is not valid JSON."));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ([], TooLarge(maxBytes));
        }
    }

    public static ValidationProblem Malformed(JsonException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return Problems.Validation(new() { ["$"] = [Describe(ex)] }, "The request body is not valid JSON.");
    }

    private static string Describe(JsonException ex) =>
        ex.LineNumber is { } line ? $"Malformed or mistyped JSON near line {line + 1}, position {ex.BytePositionInLine + 1}." : "Malformed or mistyped JSON.";

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {maxBytes} bytes.");
}

public readonly record struct BodyResult<T>(T? Value, IResult? Problem, byte[] Raw)
    where T : class;

internal static class BodyResult
{
    public static BodyResult<T> Ok<T>(T value, byte[] raw)
        where T : class => new(value, null, raw);
}

/// <summary>
/// Refuses U+0000 in every string a request body carries: no text needs it, and PostgreSQL cannot
/// store it (nor take it as a query parameter), so it would otherwise fail deep inside a write.
/// </summary>
public sealed class NoNulStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        return value?.Contains('\0', StringComparison.Ordinal) == true ? throw new JsonException("Text must not contain the NUL character.") : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
