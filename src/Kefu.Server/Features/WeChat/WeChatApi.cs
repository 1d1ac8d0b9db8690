using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kefu.Domain.Tickets;
using Kefu.Domain.WeChat;
using Kefu.Persistence;
using Kefu.Server.Features.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Kefu.Server.Features.WeChat;

/// <summary>A WeChat API call that failed: the errcode WeChat answered, or -1 for a transport or format failure.</summary>
public sealed class WeChatApiException(int errorCode, string message) : Exception(message)
{
    public int ErrorCode { get; } = errorCode;
}

/// <summary>
/// The parts of the WeChat server API Kefu uses: the access token (fetched once and cached until shortly before it
/// expires), media download and the customer-service message. A call answered with an expired or invalid token
/// (40001, 40014, 42001) fetches a new token and is tried once more.
/// </summary>
public sealed class WeChatApi(IHttpClientFactory httpClients, IMemoryCache cache, ChannelSecrets secrets) : IDisposable
{
    public const string HttpClientName = "wechat";

    private static readonly int[] TokenErrors = [40001, 40014, 42001];
    private static readonly TimeSpan TokenMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _refresh = new(1, 1);

    public async Task<string> AccessTokenAsync(WeChatChannel channel, bool refresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var key = TokenKey(channel);
        if (!refresh && cache.TryGetValue(key, out string? cached) && cached is not null)
        {
            return cached;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            var secret = Uri.EscapeDataString(secrets.Unprotect(channel.ProtectedAppSecret));
            var appId = Uri.EscapeDataString(channel.AppId);
            var path = channel.Kind == WeChatAccountKind.WeCom
                ? $"/cgi-bin/gettoken?corpid={appId}&corpsecret={secret}"
                : $"/cgi-bin/token?grant_type=client_credential&appid={appId}&secret={secret}";
            using var client = Client();
            using var response = await client.GetAsync(Url(channel, path), cancellationToken);
            var answer = await ReadAnswerAsync<TokenAnswer>(response, cancellationToken);
            if (string.IsNullOrEmpty(answer.AccessToken))
            {
                throw new WeChatApiException(answer.ErrorCode ?? -1, $"WeChat gave no access token: {answer.ErrorMessage}");
            }

            var lifetime = TimeSpan.FromSeconds(Math.Max(answer.ExpiresIn ?? 7200, 120)) - TokenMargin;
            cache.Set(key, answer.AccessToken, lifetime > TimeSpan.FromMinutes(1) ? lifetime : TimeSpan.FromMinutes(1));
            return answer.AccessToken;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Downloads an image the customer sent, at most <see cref="Attachment.MaxBytes"/>.</summary>
    public Task<byte[]> DownloadMediaAsync(WeChatChannel channel, string mediaId, CancellationToken cancellationToken) =>
        WithTokenAsync(channel, async (client, token) =>
        {
            using var response = await client.GetAsync(
                Url(channel, $"/cgi-bin/media/get?access_token={Uri.EscapeDataString(token)}&media_id={Uri.EscapeDataString(mediaId)}"),
                HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.Content.Headers.ContentType?.MediaType is "application/json" or "text/plain")
            {
                var error = await ReadAnswerAsync<ErrorAnswer>(response, cancellationToken);
                throw new WeChatApiException(error.ErrorCode ?? -1, $"WeChat refused the media download: {error.ErrorMessage}");
            }

            response.EnsureSuccessStatusCode();
            if (response.Content.Headers.ContentLength > Attachment.MaxBytes)
            {
                throw new WeChatApiException(-1, "The image is larger than an attachment may be.");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > Attachment.MaxBytes)
                {
                    throw new WeChatApiException(-1, "The image is larger than an attachment may be.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }, cancellationToken);

    /// <summary>Sends a text through the customer-service message API (Official Account) or as the WeCom application.</summary>
    public Task SendTextAsync(WeChatChannel channel, string openId, string text, CancellationToken cancellationToken) =>
        WithTokenAsync(channel, async (client, token) =>
        {
            object payload = channel.Kind == WeChatAccountKind.WeCom
                ? new { touser = openId, msgtype = "text", agentid = long.Parse(channel.AgentId ?? "0", System.Globalization.CultureInfo.InvariantCulture), text = new { content = text } }
                : new { touser = openId, msgtype = "text", text = new { content = text } };
            var path = channel.Kind == WeChatAccountKind.WeCom ? "/cgi-bin/message/send" : "/cgi-bin/message/custom/send";
            using var response = await client.PostAsJsonAsync(Url(channel, $"{path}?access_token={Uri.EscapeDataString(token)}"), payload, cancellationToken);
            var answer = await ReadAnswerAsync<ErrorAnswer>(response, cancellationToken);
            if (answer.ErrorCode is not (null or 0))
            {
                throw new WeChatApiException(answer.ErrorCode.Value, $"WeChat refused the message: {answer.ErrorCode} {answer.ErrorMessage}");
            }

            return true;
        }, cancellationToken);

    private async Task<T> WithTokenAsync<T>(WeChatChannel channel, Func<HttpClient, string, Task<T>> call, CancellationToken cancellationToken)
    {
        using var client = Client();
        var token = await AccessTokenAsync(channel, refresh: false, cancellationToken);
        try
        {
            return await call(client, token);
        }
        catch (WeChatApiException ex) when (TokenErrors.Contains(ex.ErrorCode))
        {
            // The token was revoked or expired early (another server fetched a new one, say): fetch ours again, once.
            cache.Remove(TokenKey(channel));
            token = await AccessTokenAsync(channel, refresh: true, cancellationToken);
            return await call(client, token);
        }
    }

    public void Dispose() => _refresh.Dispose();

    private HttpClient Client() => httpClients.CreateClient(HttpClientName);

    private static Uri Url(WeChatChannel channel, string pathAndQuery) => new(channel.ApiBaseUrl.TrimEnd('/') + pathAndQuery);

    private static string TokenKey(WeChatChannel channel) => $"wechat-token:{channel.Id}:{channel.AppId}:{channel.UpdatedAt.UtcTicks}";

    private static async Task<T> ReadAnswerAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
        where T : class
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new WeChatApiException(-1, $"WeChat answered HTTP {(int)response.StatusCode}.");
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<T>(cancellationToken) ?? throw new WeChatApiException(-1, "WeChat answered an empty body.");
        }
        catch (JsonException ex)
        {
            throw new WeChatApiException(-1, "WeChat's answer is not JSON: " + ex.Message);
        }
    }

    private sealed record TokenAnswer(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn,
        [property: JsonPropertyName("errcode")] int? ErrorCode,
        [property: JsonPropertyName("errmsg")] string? ErrorMessage);

    private sealed record ErrorAnswer(
        [property: JsonPropertyName("errcode")] int? ErrorCode,
        [property: JsonPropertyName("errmsg")] string? ErrorMessage);
}

/// <summary>
/// Sends an agent's reply to a WeChat customer. A plain class whose SendAsync throws on failure, so the outbox
/// (which owns retries and the delivery log) can call it after the reply has committed.
/// </summary>
public sealed class WeChatSender(IDbContextFactory<KefuDbContext> contexts, WeChatApi api)
{
    public async Task SendAsync(Guid workspaceId, string openId, string text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(openId);
        ArgumentException.ThrowIfNullOrEmpty(text);
        WeChatChannel? channel;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            channel = await db.WeChatChannels.AsNoTracking().FirstOrDefaultAsync(c => c.WorkspaceId == workspaceId, cancellationToken);
        }

        if (channel is null)
        {
            throw new WeChatApiException(-1, "The workspace has no WeChat account configured.");
        }

        await api.SendTextAsync(channel, openId, text, cancellationToken);
    }
}
