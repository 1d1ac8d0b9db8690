using System.Globalization;
using System.Text;
using System.Text.Json;
using Kefu.Domain.Channels;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Channels;

public sealed class WebhookChannelTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task SignedMessage_NewSender_OpensTicketAndRedeliveryIsNotStoredTwice(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        var (key, secret) = await CreateChannelAsync(workspace);
        using var gateway = workspace.App.CreateClient();
        var body = Body("qq-1", "qq-user-7", "退款三天了还没到，订单 B778", ["https://cdn.example/evidence.png"]);

        var first = await SendAsync(gateway, key, secret, body);
        var redelivered = await SendAsync(gateway, key, secret, body, (TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() - 7).ToString(CultureInfo.InvariantCulture));
        var next = await SendAsync(gateway, key, secret, Body("qq-2", "qq-user-7", "还在吗？", null));

        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        redelivered.StatusCode.ShouldBe(HttpStatusCode.OK);
        var (one, two) = (await first.JsonAsync(), await redelivered.JsonAsync());
        two.GetProperty("duplicate").GetBoolean().ShouldBeTrue();
        two.GetProperty("messageId").GetGuid().ShouldBe(one.GetProperty("messageId").GetGuid());
        (await next.JsonAsync()).GetProperty("ticketNumber").GetInt64().ShouldBe(one.GetProperty("ticketNumber").GetInt64());
        await using var db = workspace.App.Db();
        var messages = await db.Messages.Where(m => m.WorkspaceId == workspace.Workspace.Id).OrderBy(m => m.CreatedAt).ToListAsync();
        messages.Select(m => m.ExternalId).ShouldBe([$"{key}:qq-1", $"{key}:qq-2"]);
        messages[0].Body.ShouldContain("附件: https://cdn.example/evidence.png");
        (await db.Attachments.CountAsync(a => a.WorkspaceId == workspace.Workspace.Id)).ShouldBe(0, "links are not fetched");
        var customer = await db.Customers.Include(c => c.Identities).SingleAsync(c => c.WorkspaceId == workspace.Workspace.Id);
        customer.ExternalId.ShouldBe($"{key}:qq-user-7");
        customer.Phone.ShouldBe("13800138000");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task UnsignedBadStaleOrReplayed_AreRefusedAndStoreNothing(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        var (key, secret) = await CreateChannelAsync(workspace);
        using var gateway = workspace.App.CreateClient();
        var body = Body("sms-1", "13900000000", "你好", null);
        var stale = (TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() - 400).ToString(CultureInfo.InvariantCulture);

        var unsigned = await gateway.PostAsync($"/api/v1/channels/{key}/inbound", new StringContent(body, Encoding.UTF8, "application/json"));
        var wrongSecret = await SendAsync(gateway, key, "kfc_not-the-secret", body);
        var old = await SendAsync(gateway, key, secret, body, stale);
        var unknownChannel = await SendAsync(gateway, "ch_missing", secret, body);
        var malformed = await SendAsync(gateway, key, secret, "{\"messageId\": ");
        var missingFields = await SendAsync(gateway, key, secret, "{\"text\":\"hi\"}");

        unsigned.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        wrongSecret.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        old.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        unknownChannel.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        missingFields.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        await using (var db = workspace.App.Db())
        {
            (await db.Messages.CountAsync(m => m.WorkspaceId == workspace.Workspace.Id)).ShouldBe(0);
        }

        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        (await SendAsync(gateway, key, secret, body, timestamp)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await SendAsync(gateway, key, secret, body, timestamp)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Admin_ListsChannelsWithoutSecretsAndAgentsCannotCreate(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        var (key, secret) = await CreateChannelAsync(workspace);
        using var admin = await workspace.SignedInAsync(workspace.Admin);
        using var agent = await workspace.SignedInAsync(workspace.Agent);

        var list = await admin.GetAsync("/api/v1/admin/channels");
        var byAgent = await agent.PostAsJsonAsync("/api/v1/admin/channels", new { name = "钉钉" });

        var raw = await list.Content.ReadAsStringAsync();
        raw.ShouldContain(key);
        raw.ShouldNotContain(secret);
        byAgent.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    internal static async Task<(string Key, string Secret)> CreateChannelAsync(TestWorkspace workspace)
    {
        using var admin = await workspace.SignedInAsync(workspace.Admin);
        var response = await admin.PostAsJsonAsync("/api/v1/admin/channels", new { name = "QQ 客服网关", outboundUrl = "https://gateway.example/out" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.JsonAsync();
        return (created.GetProperty("key").GetString()!, created.GetProperty("secret").GetString()!);
    }

    private static string Body(string messageId, string sender, string text, string[]? urls) => JsonSerializer.Serialize(new
    {
        messageId, sender = new { externalId = sender, name = "王女士", phone = "13800138000" }, text, attachmentUrls = urls,
    });

    internal static Task<HttpResponseMessage> SendAsync(HttpClient client, string key, string secret, string body, string? timestamp = null)
    {
        timestamp ??= TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/channels/{key}/inbound") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Kefu-Timestamp", timestamp);
        request.Headers.Add("X-Kefu-Signature", ChannelSignature.Compute(secret, timestamp, Encoding.UTF8.GetBytes(body)));
        return client.SendAsync(request);
    }
}
