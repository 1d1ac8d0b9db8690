using System.Globalization;
using System.Text;
using Kefu.Domain.WeChat;

namespace Kefu.Server.Tests.WeChat;

/// <summary>Plays WeChat's side of the callback for one workspace: signs (and in safe mode encrypts) what it sends.</summary>
public sealed class WeChatAccount(TestWorkspace workspace, string token, string? encodingAesKey)
{
    public const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    public string Url => $"/api/v1/wechat/{workspace.Workspace.Slug}/callback";

    public static string Now() => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static string NewNonce() => Guid.NewGuid().ToString("N")[..10];

    public static async Task<WeChatAccount> ConfigureAsync(TestWorkspace workspace, string apiBaseUrl, bool safeMode)
    {
        using var admin = await workspace.SignedInAsync(workspace.Admin);
        var token = "tok" + Guid.NewGuid().ToString("N")[..8];
        var response = await admin.PutAsJsonAsync("/api/v1/admin/wechat", new
        {
            kind = "officialAccount", mode = safeMode ? "safe" : "plain", appId = WeChatStandIn.AppId, token, appSecret = WeChatStandIn.AppSecret,
            encodingAesKey = safeMode ? AesKey : null, apiBaseUrl,
        });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return new WeChatAccount(workspace, token, safeMode ? AesKey : null);
    }

    public string Token => token;

    public static string Text(string openId, string content, string msgId) =>
        WeChatXml.TextMessage("gh_kefu", openId, TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(), content, msgId);

    public static string Image(string openId, string mediaId, string msgId) =>
        $"<xml><ToUserName><![CDATA[gh_kefu]]></ToUserName><FromUserName><![CDATA[{openId}]]></FromUserName><CreateTime>1</CreateTime>"
        + $"<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://169.254.169.254/latest]]></PicUrl><MediaId><![CDATA[{mediaId}]]></MediaId><MsgId>{msgId}</MsgId></xml>";

    /// <summary>Posts a message the way WeChat does: signed query string, and in safe mode an encrypted envelope with msg_signature.</summary>
    public Task<HttpResponseMessage> PostAsync(HttpClient client, string xml, string? timestamp = null, string? nonce = null, string? signature = null)
    {
        timestamp ??= Now();
        nonce ??= NewNonce();
        signature ??= WeChatSignature.Compute(token, timestamp, nonce);
        var url = $"{Url}?signature={signature}&timestamp={timestamp}&nonce={nonce}&openid=o";
        var body = xml;
        if (encodingAesKey is not null)
        {
            var encrypted = new WeChatCipher(encodingAesKey, WeChatStandIn.AppId).Encrypt(xml);
            url += $"&encrypt_type=aes&msg_signature={WeChatSignature.Compute(token, timestamp, nonce, encrypted)}";
            body = $"<xml><ToUserName><![CDATA[gh_kefu]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>";
        }

        return client.PostAsync(url, new StringContent(body, Encoding.UTF8, "text/xml"));
    }
}
