using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Kefu.Domain.Outbox;
using Kefu.Domain.Webhooks;
using Kefu.Persistence;
using Kefu.Server.Features.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Webhooks;

/// <summary>What a "webhook" outbox row carries: one event for one endpoint, with the body exactly as it is signed and sent.</summary>
public sealed record WebhookDispatch(Guid EndpointId, Guid EventId, string Event, string Body);

/// <summary>
/// Posts an event to one endpoint, signed (<see cref="WebhookSignature"/>), and logs every attempt for the admins.
/// Only a 2xx answer counts as delivered; redirects are not followed, so a receiver cannot bounce the call elsewhere.
/// </summary>
public sealed class WebhookDelivery(
    IHttpClientFactory clients,
    IDbContextFactory<KefuDbContext> contextFactory,
    WebhookSecrets secrets,
    TimeProvider time) : IOutboxDelivery
{
    public const string KindName = "webhook";
    public const string ClientName = "kefu-webhooks";

    public const string EventIdHeader = "Kefu-Webhook-Id";
    public const string EventHeader = "Kefu-Webhook-Event";
    public const string TimestampHeader = "Kefu-Webhook-Timestamp";
    public const string SignatureHeader = "Kefu-Webhook-Signature";
    public const string DeliveryHeader = "Idempotency-Key";

    public string Kind => KindName;

    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var dispatch = OutboxPayloads.Read<WebhookDispatch>(message);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await db.WebhookEndpoints.AsNoTracking()
            .FirstOrDefaultAsync(e => e.Id == dispatch.EndpointId && e.WorkspaceId == message.WorkspaceId, cancellationToken)
            ?? throw new PermanentDeliveryException("The webhook endpoint was deleted.");

        var attempt = message.Attempts + 1;
        if (!endpoint.IsActive)
        {
            await LogAsync(db, message, dispatch, attempt, null, TimeSpan.Zero, "The endpoint is inactive.", null);
            throw new PermanentDeliveryException("The webhook endpoint is inactive.");
        }

        var body = Encoding.UTF8.GetBytes(dispatch.Body);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(EventIdHeader, dispatch.EventId.ToString());
        request.Headers.Add(EventHeader, dispatch.Event);
        request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, WebhookSignature.Sign(secrets.Reveal(endpoint.ProtectedSecret), timestamp, body));
        request.Headers.Add(DeliveryHeader, message.IdempotencyKey);

        var started = time.GetTimestamp();
        int? status = null;
        string? response = null;
        string? error = null;
        try
        {
            using var answer = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            status = (int)answer.StatusCode;
            response = await ReadStartAsync(answer, cancellationToken);
            if (!answer.IsSuccessStatusCode)
            {
                error = $"The endpoint answered HTTP {status}.";
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or SocketException && !cancellationToken.IsCancellationRequested)
        {
            error = ex is TaskCanceledException ? "The endpoint did not answer in time." : ex.Message;
        }

        await LogAsync(db, message, dispatch, attempt, status, time.GetElapsedTime(started), error, response);
        if (error is not null)
        {
            throw new HttpRequestException(error);
        }
    }

    private async Task LogAsync(KefuDbContext db, OutboxMessage message, WebhookDispatch dispatch, int attempt, int? status, TimeSpan took, string? error, string? response)
    {
        var now = time.GetUtcNow();
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = message.WorkspaceId, EndpointId = dispatch.EndpointId, DeliveryId = message.Id,
            EventId = dispatch.EventId, EventType = dispatch.Event, Attempt = attempt, AttemptedAt = now, StatusCode = status,
            DurationMs = (int)Math.Min(int.MaxValue, took.TotalMilliseconds), Succeeded = error is null,
            Error = WebhookAttempt.Truncate(error, WebhookAttempt.MaxErrorLength), Response = WebhookAttempt.Truncate(response, WebhookAttempt.MaxResponseLength),
        });

        // The log is kept even when the caller is shutting down: the attempt was made.
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The start of the answer only: a receiver sending megabytes must not fill the log or the memory.</summary>
    private static async Task<string> ReadStartAsync(HttpResponseMessage answer, CancellationToken cancellationToken)
    {
        await using var stream = await answer.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[WebhookAttempt.MaxResponseLength * 4];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, read).Replace("\0", "", StringComparison.Ordinal);
        return text;
    }
}
