using System.Text;
using Kefu.Domain.Customers;
using Kefu.Domain.WeChat;
using Kefu.Server.Features.WeChat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kefu.Server.Tests.WeChat;

public sealed class WeChatCallbackTests(ProviderApps apps) : IClassFixture<ProviderApps>, IAsyncLifetime
{
    private WeChatStandIn _standIn = null!;

    public async ValueTask InitializeAsync() => _standIn = await WeChatStandIn.StartAsync();

    public async ValueTask DisposeAsync() => await _standIn.DisposeAsync();

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task VerifyUrl_RightSignature_EchoesEchostrAndWrongOneIsRefused(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        var account = await WeChatAccount.ConfigureAsync(workspace, _standIn.BaseUrl, safeMode: false);
        using var client = workspace.App.CreateClient();
        var (timestamp, nonce) = (WeChatAccount.Now(), WeChatAccount.NewNonce());
        var signature = WeChatSignature.Compute(account.Token, timestamp, nonce);

        var good = await client.GetAsync($"{account.Url}?signature={signature}&timestamp={timestamp}&nonce={nonce}&echostr=echo-4711");
        var bad = await client.GetAsync($"{account.Url}?signature={new string('0', 40)}&timestamp={timestamp}&nonce={nonce}&echostr=echo-4711");
        var old = await client.GetAsync($"{account.Url}?signature={WeChatSignature.Compute(account.Token, "1409735669", nonce)}&timestamp=1409735669&nonce={nonce}&echostr=x");

        good.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await good.Content.ReadAsStringAsync()).ShouldBe("echo-4711");
        bad.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        old.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task PlainText_NewOpenId_OpensOneTicketAndRedeliveryStoresNothingTwice(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        var account = await WeChatAccount.ConfigureAsync(workspace, _standIn.BaseUrl, safeMode: false);
        using var client = workspace.App.CreateClient();
        var openId = "o" + Guid.NewGuid().ToString("N")[..20];

        var first = await account.PostAsync(client, WeChatAccount.Text(openId, "订单 A123 退款还没到账", "5001"));
        var again = await account.PostAsync(client, WeChatAccount.Text(openId, "订单 A123 退款还没到账", "5001"));
        var second = await account.PostAsync(client, WeChatAccount.Text(openId, "补充：已经等了三天", "5002"));

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await first.Content.ReadAsStringAsync()).ShouldBe("success");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = workspace.App.Db();
        var tickets = await db.Tickets.Where(t => t.WorkspaceId == workspace.Workspace.Id).ToListAsync();
        tickets.Count.ShouldBe(1);
        tickets[0].Channel.ShouldBe(Kefu.Domain.Tickets.Channel.WeChat);
        var messages = await db.Messages.Where(m => m.TicketId == tickets[0].Id).OrderBy(m => m.CreatedAt).Select(m => new { m.Body, m.ExternalId }).ToListAsync();
        messages.Select(m => m.ExternalId).ShouldBe(["wechat:5001", "wechat:5002"]);
        messages[0].Body.ShouldBe("订单 A123 退款还没到账");
        var identity = await db.CustomerIdentities.SingleAsync(i => i.WorkspaceId == workspace.Workspace.Id && i.Kind == IdentityKind.WeChatOpenId);
        identity.Handle.ShouldBe(openId);
        (await db.AuditEvents.CountAsync(e => e.TicketId == tickets[0].Id && e.Kind == "message.customer")).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task SafeMode_EncryptedText_IsDecryptedOntoTheTicketAndClearTextIsRefused(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        var account = await WeChatAccount.ConfigureAsync(workspace, _standIn.BaseUrl, safeMode: true);
        var clear = new WeChatAccount(workspace, account.Token, null);
        using var client = workspace.App.CreateClient();

        var encrypted = await account.PostAsync(client, WeChatAccount.Text("oSafe", "加密消息：账户被冻结了", "6001"));
        var inClear = await clear.PostAsync(client, WeChatAccount.Text("oSafe", "明文消息", "6002"));

        encrypted.StatusCode.ShouldBe(HttpStatusCode.OK, await encrypted.Content.ReadAsStringAsync());
        inClear.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await using var db = workspace.App.Db();
        var bodies = await db.Messages.Where(m => m.WorkspaceId == workspace.Workspace.Id).Select(m => m.Body).ToListAsync();
        bodies.ShouldBe(["加密消息：账户被冻结了"]);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Image_ByMediaId_IsFetchedFromTheApiAndStoredAsAnAttachment(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        var account = await WeChatAccount.ConfigureAsync(workspace, _standIn.BaseUrl, safeMode: false);
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 1, 2, 3, 4, 5, 6, 7, 8];
        var mediaId = "media-" + Guid.NewGuid().ToString("N")[..8];
        _standIn.Media[mediaId] = jpeg;
        using var client = workspace.App.CreateClient();

        var response = await account.PostAsync(client, WeChatAccount.Image("oImage", mediaId, "7001"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        _standIn.Requests.ShouldContain(r => r.Contains("/cgi-bin/media/get", StringComparison.Ordinal) && r.Contains(mediaId, StringComparison.Ordinal));
        _standIn.Requests.ShouldNotContain(r => r.Contains("169.254", StringComparison.Ordinal));
        await using var db = workspace.App.Db();
        var attachment = await db.Attachments.SingleAsync(a => a.WorkspaceId == workspace.Workspace.Id);
        attachment.ContentType.ShouldBe("image/jpeg");
        attachment.Size.ShouldBe(jpeg.Length);
        attachment.MessageId.ShouldNotBeNull();
        var number = await db.Tickets.Where(t => t.Id == attachment.TicketId).Select(t => t.Number).SingleAsync();
        using var agent = await workspace.SignedInAsync(workspace.Agent);
        var download = await agent.GetAsync($"/api/v1/tickets/{number}/attachments/{attachment.Id}");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(jpeg);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task HostileCallbacks_BadSignatureStaleReplayedXxeMalformedOversize_AreRefusedAndStoreNothing(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        var account = await WeChatAccount.ConfigureAsync(workspace, _standIn.BaseUrl, safeMode: false);
        using var client = workspace.App.CreateClient();
        var text = WeChatAccount.Text("oHostile", "你好", "8001");
        var stale = (TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() - 600).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var xxe = "<!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><xml><ToUserName>gh</ToUserName><FromUserName>oHostile</FromUserName>"
            + "<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>8002</MsgId></xml>";

        var refusals = new (string Name, Task<HttpResponseMessage> Answer, HttpStatusCode Status)[]
        {
            ("bad signature", account.PostAsync(client, text, signature: new string('a', 40)), HttpStatusCode.Unauthorized),
            ("no signature", client.PostAsync($"{account.Url}?timestamp={WeChatAccount.Now()}&nonce=n", new StringContent(text, Encoding.UTF8, "text/xml")), HttpStatusCode.Unauthorized),
            ("stale timestamp", account.PostAsync(client, text, timestamp: stale), HttpStatusCode.Unauthorized),
            ("external entity", account.PostAsync(client, xxe), HttpStatusCode.BadRequest),
            ("malformed XML", account.PostAsync(client, "<xml><Content>unclosed</xml>"), HttpStatusCode.BadRequest),
            ("oversize body", account.PostAsync(client, "<xml><Content>" + new string('a', 70_000) + "</Content></xml>"), HttpStatusCode.RequestEntityTooLarge),
            ("text without MsgId", account.PostAsync(client, "<xml><FromUserName>o</FromUserName><MsgType>text</MsgType><Content>x</Content></xml>"), HttpStatusCode.BadRequest),
        };
        foreach (var (name, answer, status) in refusals)
        {
            var response = await answer;
            response.StatusCode.ShouldBe(status, name);
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", name);
        }

        var (timestamp, nonce) = (WeChatAccount.Now(), WeChatAccount.NewNonce());
        (await account.PostAsync(client, WeChatAccount.Text("oHostile", "第一次", "8003"), timestamp, nonce)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await account.PostAsync(client, WeChatAccount.Text("oHostile", "重放", "8004"), timestamp, nonce)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        await using var db = workspace.App.Db();
        (await db.Messages.Where(m => m.WorkspaceId == workspace.Workspace.Id).Select(m => m.ExternalId).ToListAsync()).ShouldBe(["wechat:8003"]);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Sender_TextToOpenId_PostsTheDocumentedJsonAndRefreshesARevokedToken(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        await WeChatAccount.ConfigureAsync(workspace, _standIn.BaseUrl, safeMode: false);
        var sender = workspace.App.Services.GetRequiredService<WeChatSender>();

        await sender.SendAsync(workspace.Workspace.Id, "oReply", "您好，退款已经原路退回", CancellationToken.None);
        await sender.SendAsync(workspace.Workspace.Id, "oReply", "第二条", CancellationToken.None);
        var issuedBefore = _standIn.TokensIssued;
        _standIn.RevokeToken();
        await sender.SendAsync(workspace.Workspace.Id, "oReply", "令牌过期后", CancellationToken.None);

        var sent = _standIn.Sent.ToList();
        sent.Count.ShouldBe(3);
        sent[0].Body.GetProperty("touser").GetString().ShouldBe("oReply");
        sent[0].Body.GetProperty("msgtype").GetString().ShouldBe("text");
        sent[0].Body.GetProperty("text").GetProperty("content").GetString().ShouldBe("您好，退款已经原路退回");
        sent[1].Token.ShouldBe(sent[0].Token, "the token is cached");
        _standIn.TokensIssued.ShouldBe(issuedBefore + 1, "one new token after errcode 40001");
        sent[2].Token.ShouldNotBe(sent[0].Token);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task AgentReply_ToAWeChatCustomer_GoesOutThroughTheOutboxWithTheAgentNumber(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        var account = await WeChatAccount.ConfigureAsync(workspace, _standIn.BaseUrl, safeMode: false);
        using var client = workspace.App.CreateClient();
        var openId = "o" + Guid.NewGuid().ToString("N")[..20];
        (await account.PostAsync(client, WeChatAccount.Text(openId, "卡密无效，怎么办", "6001"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        long number;
        await using (var db = workspace.App.Db())
        {
            number = await db.Tickets.Where(t => t.WorkspaceId == workspace.Workspace.Id).Select(t => t.Number).SingleAsync();
        }

        using var agent = await workspace.SignedInAsync(workspace.Agent);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "已为您更换新的卡密。" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (_standIn.Sent.IsEmpty && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100);
        }

        var sent = _standIn.Sent.ShouldHaveSingleItem();
        sent.Body.GetProperty("touser").GetString().ShouldBe(openId);
        var text = sent.Body.GetProperty("text").GetProperty("content").GetString()!;
        text.ShouldStartWith("已为您更换新的卡密。");
        text.ShouldContain(workspace.Agent.AgentNumber, Case.Sensitive, "every reply carries the agent's number");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Sender_WrongAppSecret_Throws(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        using var admin = await workspace.SignedInAsync(workspace.Admin);
        (await admin.PutAsJsonAsync("/api/v1/admin/wechat", new { appId = WeChatStandIn.AppId, token = "tok123", appSecret = "wrong", apiBaseUrl = _standIn.BaseUrl }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var sender = workspace.App.Services.GetRequiredService<WeChatSender>();

        var failure = await Should.ThrowAsync<WeChatApiException>(() => sender.SendAsync(workspace.Workspace.Id, "oX", "hi", CancellationToken.None));

        failure.ErrorCode.ShouldBe(40125);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Settings_SecretsNeverReturnedAndBadValuesRefused(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        using var admin = await workspace.SignedInAsync(workspace.Admin);
        using var agent = await workspace.SignedInAsync(workspace.Agent);

        var bad = await admin.PutAsJsonAsync("/api/v1/admin/wechat", new
        {
            mode = "safe", appId = "wx1", token = "a b", appSecret = "s", encodingAesKey = "short", apiBaseUrl = "http://example.com",
        });
        var good = await admin.PutAsJsonAsync("/api/v1/admin/wechat", new { appId = "wx1", token = "tok123", appSecret = "the-app-secret", encodingAesKey = WeChatAccount.AesKey });
        var read = await admin.GetAsync("/api/v1/admin/wechat");
        var asAgent = await agent.GetAsync("/api/v1/admin/wechat");

        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.JsonAsync()).GetProperty("errors");
        errors.TryGetProperty("token", out _).ShouldBeTrue();
        errors.TryGetProperty("encodingAesKey", out _).ShouldBeTrue();
        errors.TryGetProperty("apiBaseUrl", out _).ShouldBeTrue();
        good.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await read.Content.ReadAsStringAsync();
        body.ShouldNotContain("the-app-secret");
        body.ShouldNotContain(WeChatAccount.AesKey);
        body.ShouldNotContain("tok123");
        (await read.JsonAsync()).GetProperty("apiBaseUrl").GetString().ShouldBe(WeChatChannel.DefaultApiBaseUrl);
        asAgent.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
