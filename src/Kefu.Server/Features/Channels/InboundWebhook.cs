using System.Text.Json;
using Kefu.Domain.Channels;
using Kefu.Domain.Customers;
using Kefu.Domain.Intake;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kefu.Server.Features.Channels;

/// <summary>
/// POST /api/v1/channels/{channelKey}/inbound: a gateway (QQ, DingTalk, an SMS provider ...) hands over one customer
/// message, signed with the channel's secret. Redelivery of the same messageId stores nothing new.
/// </summary>
public static partial class InboundWebhook
{
    public const string TimestampHeader = "X-Kefu-Timestamp";
    public const string SignatureHeader = "X-Kefu-Signature";
    public const int MaxMessageId = 200;
    public const int MaxSenderId = 80;
    public const int MaxAttachmentUrls = 10;
    public const int MaxUrl = 2000;
    public const long MaxBody = 64 * 1024;

    public sealed record Sender(string? ExternalId, string? Name, string? Phone);

    public sealed record Request(string? MessageId, Sender? Sender, string? Text, IReadOnlyList<string>? AttachmentUrls);

    public sealed record Response(long TicketNumber, Guid MessageId, bool Duplicate, string TicketUrl);

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder routes) =>
        // The key constraint keeps fixed channel routes (email/inbound) from falling through to here when they refuse a request.
        routes.MapPost("/api/v1/channels/{channelKey:regex(^ch_)}/inbound", HandleAsync)
            .AllowAnonymous()
            .WithTags("Channels")
            .WithBodyLimit(MaxBody)
            .WithName("ChannelInbound")
            .WithSummary("A customer message from a webhook channel (signed)")
            .WithDescription($"Sign with HMAC-SHA256(secret, \"{{{TimestampHeader}}}.{{raw body}}\") as 'sha256=<hex>' in {SignatureHeader}; "
                + "the timestamp (Unix seconds) must be within 5 minutes. Attachment URLs are kept as links, not fetched.")
            .Accepts<Request>("application/json")
            .Produces<Response>(StatusCodes.Status201Created)
            .Produces<Response>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> HandleAsync(
        string channelKey, HttpRequest httpRequest, KefuDbContext db, ChannelSecrets secrets, ReplayGuard replays, ChannelIngest ingest,
        TimeProvider time, IOptions<JsonOptions> json, ILogger<ChannelIngest> logger, CancellationToken cancellationToken)
    {
        var channel = channelKey.Length > InboundChannel.MaxKey ? null
            : await db.InboundChannels.AsNoTracking().FirstOrDefaultAsync(c => c.Key == channelKey, cancellationToken);
        if (channel is null)
        {
            return Problems.NotFound("channel");
        }

        var (raw, problem) = await JsonBody.ReadBytesAsync(httpRequest, MaxBody);
        if (problem is not null)
        {
            LogRefused(logger, channel.Key, "unreadable body");
            return problem;
        }

        string timestamp = httpRequest.Headers[TimestampHeader].ToString();
        if (!ChannelSignature.Matches(httpRequest.Headers[SignatureHeader], secrets.Unprotect(channel.ProtectedSecret), timestamp, raw))
        {
            LogRefused(logger, channel.Key, "bad signature");
            return Problems.Status(StatusCodes.Status401Unauthorized, "Bad signature",
                $"{SignatureHeader} must be sha256=HMAC-SHA256(channel secret, {TimestampHeader} + \".\" + body) in hex.");
        }

        if (!ReplayWindow.IsFresh(timestamp, time.GetUtcNow()))
        {
            LogRefused(logger, channel.Key, "stale timestamp");
            return Problems.Status(StatusCodes.Status401Unauthorized, "Stale timestamp", $"{TimestampHeader} must be within 5 minutes of the server's clock.");
        }

        var nonce = timestamp + ":" + httpRequest.Headers[SignatureHeader];
        if (replays.WasSeen(channel.Key, nonce))
        {
            LogRefused(logger, channel.Key, "replayed request");
            return Problems.Status(StatusCodes.Status409Conflict, "Replayed request", "This signed request was already received.");
        }

        Request request;
        try
        {
            request = JsonSerializer.Deserialize<Request>(raw, json.Value.SerializerOptions)
                ?? throw new JsonException("A JSON object is required.");
        }
        catch (JsonException ex)
        {
            LogRefused(logger, channel.Key, "malformed JSON");
            return JsonBody.Malformed(ex);
        }

        var errors = new FieldErrors();
        var messageId = errors.Required("messageId", request.MessageId, MaxMessageId);
        var senderId = errors.Required("sender.externalId", request.Sender?.ExternalId, MaxSenderId);
        var name = errors.Optional("sender.name", request.Sender?.Name, TicketIntakeCheck.MaxName);
        var phone = errors.Optional("sender.phone", request.Sender?.Phone, TicketIntakeCheck.MaxPhone);
        if (phone is not null && !ContactRules.IsPhone(phone))
        {
            errors.Add("sender.phone", "is not a phone number");
        }

        var text = errors.Required("text", request.Text, TicketIntakeCheck.MaxDescription);
        var urls = request.AttachmentUrls ?? [];
        if (urls.Count > MaxAttachmentUrls)
        {
            errors.Add("attachmentUrls", $"at most {MaxAttachmentUrls}");
        }
        else if (urls.Any(u => u is null || u.Length > MaxUrl || !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            errors.Add("attachmentUrls", $"must be absolute http(s) URLs of at most {MaxUrl} characters");
        }

        if (errors.Any)
        {
            LogRefused(logger, channel.Key, "invalid fields");
            return Problems.Validation(errors.ToDictionary());
        }

        // Links stay links: fetching a URL a gateway names would let it make this server request anything it likes.
        var body = urls.Count == 0 ? text! : text + "\n" + string.Join("\n", urls.Select(u => "附件: " + u));
        var externalId = $"{channel.Key}:{messageId}";
        var customerExternalId = $"{channel.Key}:{senderId}";
        var ingested = await ingest.IngestAsync(new InboundMessage(
            channel.WorkspaceId, Channel.Api, "channel:" + channel.Key,
            new InboundSender(IdentityKind.ExternalId, customerExternalId, customerExternalId, name ?? senderId!, phone),
            externalId, body, null), cancellationToken);
        replays.Remember(channel.Key, nonce);
        var response = new Response(ingested.TicketNumber, ingested.MessageId, ingested.Duplicate, Tickets.TicketViews.Url(ingested.TicketNumber));
        return ingested.Duplicate ? TypedResults.Ok(response) : TypedResults.Created(response.TicketUrl, response);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook channel {Channel} refused a request: {Reason}; nothing stored")]
    private static partial void LogRefused(ILogger logger, string channel, string reason);
}

/// <summary>
/// What the outbox posts to a webhook channel's outbound URL when an agent replies to one of its customers, signed
/// the same way as inbound requests (HMAC-SHA256 over "{timestamp}.{body}" with the channel secret).
/// </summary>
public sealed record ChannelOutboundPayload(
    string Channel,
    string RecipientExternalId,
    string? RecipientPhone,
    long TicketNumber,
    Guid MessageId,
    string Text,
    string? AgentNumber,
    DateTimeOffset SentAt);
