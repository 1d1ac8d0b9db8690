using System.Security.Cryptography;
using System.Text;
using Kefu.Domain.Channels;
using Kefu.Domain.Customers;
using Kefu.Domain.Intake;
using Kefu.Domain.Tickets;
using Kefu.Domain.WeChat;
using Kefu.Persistence;
using Kefu.Server.Features.Attachments;
using Kefu.Server.Features.Channels;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.WeChat;

/// <summary>
/// The URL configured in the WeChat console. GET answers WeChat's URL verification; POST takes customer
/// messages (text and image), in clear or in safe mode. Anything unsigned, stale, replayed or malformed is
/// refused with problem details, logged, and stores nothing; a message WeChat sends again stores nothing twice.
/// </summary>
public static partial class WeChatCallback
{
    public const long MaxBody = 64 * 1024;
    private const string Success = "success";

    public static string Url(string slug) => $"/api/v1/wechat/{slug}/callback";

    public static void Map(IEndpointRouteBuilder routes)
    {
        var callback = routes.MapGroup("/api/v1/wechat/{slug}/callback").WithTags("WeChat").AllowAnonymous();
        callback.MapGet("/", VerifyAsync).WithName("WeChatVerifyUrl")
            .WithSummary("WeChat's URL verification: echoes echostr when the signature is right")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        callback.MapPost("/", ReceiveAsync).WithName("WeChatReceive")
            .WithSummary("WeChat's message push (XML, plain or safe mode); answers 'success'")
            .WithBodyLimit(MaxBody)
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    /// <summary>The channel settings with their secrets opened, for one request.</summary>
    private sealed record Account(WeChatChannel Channel, string Token, WeChatCipher? Cipher);

    private static async Task<Account?> AccountAsync(KefuDbContext db, ChannelSecrets secrets, string slug, CancellationToken cancellationToken)
    {
        var workspaceId = await db.Workspaces.Where(w => w.Slug == slug).Select(w => (Guid?)w.Id).FirstOrDefaultAsync(cancellationToken);
        var channel = workspaceId is null ? null : await db.WeChatChannels.AsNoTracking().FirstOrDefaultAsync(c => c.WorkspaceId == workspaceId, cancellationToken);
        if (channel is null)
        {
            return null;
        }

        var cipher = channel.ProtectedEncodingAesKey is { } key ? new WeChatCipher(secrets.Unprotect(key), channel.AppId) : null;
        return new Account(channel, secrets.Unprotect(channel.ProtectedToken), cipher);
    }

    private static async Task<IResult> VerifyAsync(
        string slug, string? signature, string? timestamp, string? nonce, string? echostr, HttpRequest request,
        KefuDbContext db, ChannelSecrets secrets, TimeProvider time, ILogger<WeChatApi> logger, CancellationToken cancellationToken)
    {
        if (slug.Length > 64 || await AccountAsync(db, secrets, slug, cancellationToken) is not { } account)
        {
            return Problems.NotFound("WeChat account");
        }

        string? msgSignature = request.Query["msg_signature"];
        if (timestamp is null || nonce is null || echostr is null)
        {
            return Refused(logger, slug, StatusCodes.Status400BadRequest, "Missing parameters", "signature (or msg_signature), timestamp, nonce and echostr are required.");
        }

        if (!ReplayWindow.IsFresh(timestamp, time.GetUtcNow()))
        {
            return Refused(logger, slug, StatusCodes.Status401Unauthorized, "Stale timestamp", "The timestamp is more than 5 minutes away from the server's clock.");
        }

        if (account.Channel.Kind == WeChatAccountKind.WeCom)
        {
            if (!WeChatSignature.Matches(msgSignature, account.Token, timestamp, nonce, echostr))
            {
                return Refused(logger, slug, StatusCodes.Status401Unauthorized, "Bad signature", "msg_signature does not match the token.");
            }

            try
            {
                return TypedResults.Text(account.Cipher!.Decrypt(echostr), "text/plain", Encoding.UTF8);
            }
            catch (WeChatCryptoException ex)
            {
                return Refused(logger, slug, StatusCodes.Status400BadRequest, "Undecryptable echostr", ex.Message);
            }
        }

        return WeChatSignature.Matches(signature, account.Token, timestamp, nonce)
            ? TypedResults.Text(echostr, "text/plain", Encoding.UTF8)
            : Refused(logger, slug, StatusCodes.Status401Unauthorized, "Bad signature", "signature does not match the token.");
    }

    private static async Task<IResult> ReceiveAsync(
        string slug, string? signature, string? timestamp, string? nonce, HttpRequest request, KefuDbContext db, ChannelSecrets secrets,
        ReplayGuard replays, ChannelIngest ingest, WeChatApi api, IBlobStore blobs, TimeProvider time, ILogger<WeChatApi> logger, CancellationToken cancellationToken)
    {
        if (slug.Length > 64 || await AccountAsync(db, secrets, slug, cancellationToken) is not { } account)
        {
            return Problems.NotFound("WeChat account");
        }

        if (timestamp is null || nonce is null || nonce.Length > 64)
        {
            return Refused(logger, slug, StatusCodes.Status400BadRequest, "Missing parameters", "timestamp and nonce are required.");
        }

        if (!WeChatSignature.Matches(signature, account.Token, timestamp, nonce))
        {
            // WeCom signs only with msg_signature; an Official Account signs both ways in safe mode.
            if (account.Channel.Kind != WeChatAccountKind.WeCom || signature is not null)
            {
                return Refused(logger, slug, StatusCodes.Status401Unauthorized, "Bad signature", "signature does not match the token.");
            }
        }

        if (!ReplayWindow.IsFresh(timestamp, time.GetUtcNow()))
        {
            return Refused(logger, slug, StatusCodes.Status401Unauthorized, "Stale timestamp", "The timestamp is more than 5 minutes away from the server's clock.");
        }

        var replayKey = $"wechat:{account.Channel.Id:N}";
        if (replays.WasSeen(replayKey, timestamp + ":" + nonce))
        {
            return Refused(logger, slug, StatusCodes.Status409Conflict, "Replayed request", "This signed request was already received.");
        }

        var (xml, readProblem) = await ReadXmlAsync(request, cancellationToken);
        if (readProblem is not null)
        {
            LogRefused(logger, slug, "unreadable body");
            return readProblem;
        }

        WeChatMessage message;
        try
        {
            message = WeChatXml.Parse(xml);
            var encrypted = message.Encrypt is not null || account.Channel.Mode == WeChatSecurityMode.Safe;
            if (encrypted)
            {
                if (account.Cipher is null || message.Encrypt is null)
                {
                    return Refused(logger, slug, StatusCodes.Status400BadRequest, "Encryption mismatch",
                        "The account is in safe mode and the message is not encrypted, or the message is encrypted and no EncodingAESKey is set.");
                }

                if (!WeChatSignature.Matches(request.Query["msg_signature"], account.Token, timestamp, nonce, message.Encrypt))
                {
                    return Refused(logger, slug, StatusCodes.Status401Unauthorized, "Bad signature", "msg_signature does not match the encrypted message.");
                }

                message = WeChatXml.Parse(account.Cipher.Decrypt(message.Encrypt));
            }
        }
        catch (WeChatXmlException ex)
        {
            return Refused(logger, slug, StatusCodes.Status400BadRequest, "Malformed XML", ex.Message);
        }
        catch (WeChatCryptoException ex)
        {
            return Refused(logger, slug, StatusCodes.Status400BadRequest, "Undecryptable message", ex.Message);
        }

        if (!message.IsText && !message.IsImage)
        {
            // Events (subscribe, menu clicks) and other message kinds are acknowledged, so WeChat does not retry them.
            LogIgnored(logger, slug, message.MsgType ?? "(none)");
            replays.Remember(replayKey, timestamp + ":" + nonce);
            return TypedResults.Text(Success, "text/plain", Encoding.UTF8);
        }

        var errors = new FieldErrors();
        var openId = errors.Required("FromUserName", message.FromUserName, 128);
        var msgId = errors.Required("MsgId", message.MsgId, 64);
        var text = message.IsText ? errors.Required("Content", message.Content, TicketIntakeCheck.MaxDescription) : "[图片]";
        if (message.IsImage && message.MediaId is null)
        {
            errors.Add("MediaId", "is required for an image");
        }

        if (errors.Any)
        {
            LogRefused(logger, slug, "missing message fields");
            return Problems.Validation(errors.ToDictionary());
        }

        var workspaceId = account.Channel.WorkspaceId;
        var externalId = "wechat:" + msgId;
        if (await ChannelIngest.IsKnownAsync(db, workspaceId, externalId, cancellationToken))
        {
            replays.Remember(replayKey, timestamp + ":" + nonce);
            return TypedResults.Text(Success, "text/plain", Encoding.UTF8);
        }

        InboundFile? file = null;
        if (message.IsImage)
        {
            file = await FetchImageAsync(api, blobs, account.Channel, message.MediaId!, msgId!, time.GetUtcNow(), cancellationToken);
            if (file is null)
            {
                return Refused(logger, slug, StatusCodes.Status502BadGateway, "Image unavailable", "The image could not be fetched from WeChat as an image; WeChat may retry.");
            }
        }

        await ingest.IngestAsync(new InboundMessage(
            workspaceId, Channel.WeChat, "wechat",
            new InboundSender(IdentityKind.WeChatOpenId, openId!, "wechat:" + openId, "微信用户", null),
            externalId, text!, file), cancellationToken);
        replays.Remember(replayKey, timestamp + ":" + nonce);
        return TypedResults.Text(Success, "text/plain", Encoding.UTF8);
    }

    private static async Task<(string Xml, IResult? Problem)> ReadXmlAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBody)
        {
            return ("", Problems.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {MaxBody} bytes."));
        }

        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken);
            var bytes = buffer.ToArray();
            return System.Text.Unicode.Utf8.IsValid(bytes)
                ? (Encoding.UTF8.GetString(bytes), null)
                : ("", Problems.Validation(new() { ["$"] = ["The body is not valid UTF-8."] }));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ("", Problems.Status(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body may be at most {MaxBody} bytes."));
        }
    }

    /// <summary>Downloads the image by MediaId through the configured API (never from PicUrl, an address the message names).</summary>
    private static async Task<InboundFile?> FetchImageAsync(
        WeChatApi api, IBlobStore blobs, WeChatChannel channel, string mediaId, string msgId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            content = await api.DownloadMediaAsync(channel, mediaId, cancellationToken);
        }
        catch (Exception ex) when (ex is WeChatApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        var contentType = ContentSniffer.Detect(content.AsSpan(0, Math.Min(content.Length, 512)));
        if (content.Length == 0 || contentType is null || !contentType.StartsWith("image/", StringComparison.Ordinal))
        {
            return null;
        }

        var key = $"{channel.WorkspaceId:N}/{now:yyyy}/{now:MM}/{Guid.CreateVersion7(now):N}";
        using (var stream = new MemoryStream(content, writable: false))
        {
            await blobs.SaveAsync(key, stream, cancellationToken);
        }

        var extension = contentType["image/".Length..];
        return new InboundFile($"wechat-{msgId}.{extension}", contentType, content.Length, Convert.ToHexStringLower(SHA256.HashData(content)), key);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refused(ILogger logger, string slug, int status, string title, string detail)
    {
        LogRefused(logger, slug, title + ": " + detail);
        return Problems.Status(status, title, detail);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeChat callback for {Workspace} refused: {Reason}; nothing stored")]
    private static partial void LogRefused(ILogger logger, string workspace, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "WeChat callback for {Workspace}: {MsgType} acknowledged and not stored")]
    private static partial void LogIgnored(ILogger logger, string workspace, string msgType);
}

public static class WeChatEndpoints
{
    public static IServiceCollection AddKefuWeChat(this IServiceCollection services)
    {
        services.AddHttpClient(WeChatApi.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<WeChatApi>();
        services.AddSingleton<WeChatSender>();
        services.AddSingleton<Outbox.IOutboxDelivery, WeChatDelivery>();
        return services;
    }

    public static IEndpointRouteBuilder MapKefuWeChat(this IEndpointRouteBuilder routes)
    {
        WeChatSettings.Map(routes);
        WeChatCallback.Map(routes);
        return routes;
    }
}
