using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kefu.Server.Tests.Webhooks;

/// <summary>One webhook call as the receiver saw it.</summary>
public sealed record ReceivedWebhook(long At, string EventId, string Event, string Timestamp, string Signature, string IdempotencyKey, byte[] Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>The check a host platform makes, written out here rather than taken from the server's code.</summary>
    public bool IsSignedWith(string secret)
    {
        var signed = Encoding.UTF8.GetBytes(Timestamp + ".").Concat(Body).ToArray();
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        var fresh = Math.Abs(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() - long.Parse(Timestamp, CultureInfo.InvariantCulture)) <= 300;
        return fresh && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(Signature));
    }
}

/// <summary>A host platform's webhook receiver: real Kestrel on a loopback port, answering with the status codes a test scripts.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private int _calls;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The status to answer the n-th call (from 1) with.</summary>
    public Func<int, int> Answer { get; set; } = _ => StatusCodes.Status200OK;

    /// <summary>How long each call takes, so that two senders overlap.</summary>
    public TimeSpan Delay { get; set; }

    public string Url { get; private set; } = "";

    public IReadOnlyCollection<ReceivedWebhook> Received => _received;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks", receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/hooks";
        return receiver;
    }

    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<IReadOnlyCollection<ReceivedWebhook>, bool> done, TimeSpan? patience = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((patience ?? TimeSpan.FromSeconds(20)).TotalSeconds * Stopwatch.Frequency);
        while (!done(_received) && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(50);
        }

        done(_received).ShouldBeTrue($"the receiver got {_received.Count} calls: {string.Join(", ", _received.Select(r => r.Event))}");
        return [.. _received];
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var call = Interlocked.Increment(ref _calls);
        _received.Enqueue(new ReceivedWebhook(
            Stopwatch.GetTimestamp(), request.Headers["Kefu-Webhook-Id"].ToString(), request.Headers["Kefu-Webhook-Event"].ToString(),
            request.Headers["Kefu-Webhook-Timestamp"].ToString(), request.Headers["Kefu-Webhook-Signature"].ToString(),
            request.Headers["Idempotency-Key"].ToString(), buffer.ToArray()));
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        var status = Answer(call);
        return Results.Text(status < 300 ? "ok" : "receiver broke on purpose", statusCode: status);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
