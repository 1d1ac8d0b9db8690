using System.Net;
using System.Security.Claims;
using Kefu.Domain.Intake;
using Kefu.Domain.WeChat;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Channels;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.WeChat;

/// <summary>GET/PUT /api/v1/admin/wechat: the workspace's WeChat account. Secrets go in, never come out.</summary>
public static class WeChatSettings
{
    public sealed record Request(
        WeChatAccountKind? Kind, WeChatSecurityMode? Mode, string? AppId, string? AgentId, string? Token, string? AppSecret, string? EncodingAesKey, string? ApiBaseUrl);

    public sealed record View(WeChatAccountKind Kind, WeChatSecurityMode Mode, string AppId, string? AgentId, string ApiBaseUrl, string CallbackUrl, bool HasEncodingAesKey, DateTimeOffset UpdatedAt);

    public static void Map(IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/v1/admin/wechat").WithTags("Admin: WeChat").RequireAuthorization(KefuPolicies.Admin);
        admin.MapGet("/", GetAsync).WithName("GetWeChatSettings").WithSummary("The workspace's WeChat account (without its secrets)");
        admin.MapPut("/", PutAsync).WithName("PutWeChatSettings").WithSummary("Set the WeChat account: token, AppId/CorpId, AppSecret, EncodingAESKey, API base URL")
            .Accepts<Request>("application/json")
            .Produces<View>()
            .ProducesValidationProblem();
    }

    private static async Task<IResult> GetAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var channel = await db.WeChatChannels.AsNoTracking().FirstOrDefaultAsync(c => c.WorkspaceId == caller.WorkspaceId, cancellationToken);
        if (channel is null)
        {
            return Problems.NotFound("WeChat account");
        }

        var slug = await db.Workspaces.Where(w => w.Id == caller.WorkspaceId).Select(w => w.Slug).FirstAsync(cancellationToken);
        return TypedResults.Ok(ToView(channel, slug));
    }

    private static async Task<IResult> PutAsync(
        HttpRequest httpRequest, ClaimsPrincipal user, KefuDbContext db, ChannelSecrets secrets, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<Request>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        var errors = new FieldErrors();
        var kind = request.Kind ?? WeChatAccountKind.OfficialAccount;

        // WeCom encrypts every callback; it has no clear mode.
        var mode = kind == WeChatAccountKind.WeCom ? WeChatSecurityMode.Safe : request.Mode ?? WeChatSecurityMode.Plain;
        var appId = errors.Required("appId", request.AppId, 64);
        var token = errors.Required("token", request.Token, 32);
        if (token is not null && (token.Length < 3 || !token.All(char.IsAsciiLetterOrDigit)))
        {
            errors.Add("token", "must be 3 to 32 letters and digits, as WeChat's console requires");
        }

        var appSecret = errors.Required("appSecret", request.AppSecret, 128);
        var aesKey = errors.Optional("encodingAesKey", request.EncodingAesKey, WeChatCipher.EncodingAesKeyLength);
        if (aesKey is not null && WeChatCipher.DecodeKey(aesKey) is null)
        {
            errors.Add("encodingAesKey", "must be the 43 letters and digits WeChat's console shows");
        }
        else if (aesKey is null && mode == WeChatSecurityMode.Safe)
        {
            errors.Add("encodingAesKey", "is required for safe mode and for WeCom");
        }

        var agentId = errors.Optional("agentId", request.AgentId, 32);
        if (agentId is not null && !long.TryParse(agentId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            errors.Add("agentId", "is WeCom's numeric application id");
        }
        else if (agentId is null && kind == WeChatAccountKind.WeCom)
        {
            errors.Add("agentId", "is required for WeCom");
        }

        var apiBase = errors.Optional("apiBaseUrl", request.ApiBaseUrl, 500) ?? WeChatChannel.DefaultApiBaseUrl;
        if (!IsApiBase(apiBase))
        {
            errors.Add("apiBaseUrl", "must be an https URL (http only on a loopback address), without query or fragment");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var now = time.GetUtcNow();
        var channel = await db.WeChatChannels.FirstOrDefaultAsync(c => c.WorkspaceId == caller.WorkspaceId, cancellationToken);
        if (channel is null)
        {
            channel = new WeChatChannel
            {
                Id = Guid.CreateVersion7(now), WorkspaceId = caller.WorkspaceId, AppId = appId!, ProtectedToken = "", ProtectedAppSecret = "", ApiBaseUrl = apiBase,
            };
            db.WeChatChannels.Add(channel);
        }

        channel.Kind = kind;
        channel.Mode = mode;
        channel.AppId = appId!;
        channel.AgentId = agentId;
        channel.ProtectedToken = secrets.Protect(token!);
        channel.ProtectedAppSecret = secrets.Protect(appSecret!);
        channel.ProtectedEncodingAesKey = aesKey is null ? null : secrets.Protect(aesKey);
        channel.ApiBaseUrl = apiBase.TrimEnd('/');
        channel.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        var slug = await db.Workspaces.Where(w => w.Id == caller.WorkspaceId).Select(w => w.Slug).FirstAsync(cancellationToken);
        return TypedResults.Ok(ToView(channel, slug));
    }

    private static bool IsApiBase(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)))));

    private static View ToView(WeChatChannel channel, string slug) =>
        new(channel.Kind, channel.Mode, channel.AppId, channel.AgentId, channel.ApiBaseUrl, WeChatCallback.Url(slug), channel.ProtectedEncodingAesKey is not null, channel.UpdatedAt);
}
