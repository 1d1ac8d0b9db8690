using Kefu.Domain.Chat;
using Kefu.Server.Features.Customers;
using Microsoft.Extensions.DependencyInjection;

namespace Kefu.Server.Tests.Chat;

public sealed class CustomerSessionTests(ChatApps apps) : IClassFixture<ChatApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Session_VisitorWithoutId_IssuesIdAndSameIdIsSameCustomer(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var first = await ws.VisitorAsync();
        first.VisitorId.ShouldNotBeNull().ShouldStartWith("v_");
        var number = await first.OpenTicketAsync();

        var again = await ws.VisitorAsync(first.VisitorId);
        using var client = again.Client();
        var mine = await (await client.GetAsync("/api/v1/widget/tickets")).JsonAsync();
        mine.EnumerateArray().Select(t => t.GetProperty("number").GetInt64()).ShouldBe([number]);

        var stranger = await ws.VisitorAsync();
        using var strangerClient = stranger.Client();
        (await (await strangerClient.GetAsync("/api/v1/widget/tickets")).JsonAsync()).GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Session_SignedUserToken_FollowsUserAcrossSessionsAndSeesPlatformTickets(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var fromPlatform = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-777"));

        var phone = await ws.SignedUserAsync("u-777");
        var fromWidget = await phone.OpenTicketAsync();
        var laptop = await ws.SignedUserAsync("u-777");
        using var client = laptop.Client();
        var mine = await (await client.GetAsync("/api/v1/widget/tickets")).JsonAsync();
        mine.EnumerateArray().Select(t => t.GetProperty("number").GetInt64()).Order().ShouldBe([fromPlatform, fromWidget]);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Session_ForgedOrExpiredOrReservedUserToken_Is401AndCreatesNoCustomer(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var key = await ws.WidgetKeyAsync();
        var secret = await ws.SecretAsync();
        var now = TimeProvider.System.GetUtcNow();
        await using var db = ws.App.Db();
        var before = db.Customers.Count(c => c.WorkspaceId == ws.Workspace.Id);

        string[] refused =
        [
            UserToken.Sign("u-1", "甲", now.AddHours(1), "kfs_not-the-secret"),
            UserToken.Sign("u-1", "甲", now.AddMinutes(-1), secret),
            UserToken.Sign("u-1", "甲", now.AddDays(3), secret),
            UserToken.Sign("visitor:v_AAAAAAAAAAAAAAAAAAAAAA", "甲", now.AddHours(1), secret),
            UserToken.Sign("u-1", "甲", now.AddHours(1), secret).Replace("v1.", "v1.x", StringComparison.Ordinal),
            "v1.not.a.token",
        ];
        foreach (var token in refused)
        {
            var response = await ws.OpenSessionAsync(new { widgetKey = key, userToken = token });
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, token);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }

        (await ws.OpenSessionAsync(new { widgetKey = "kfw_unknown", visitorId = (string?)null })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        db.Customers.Count(c => c.WorkspaceId == ws.Workspace.Id).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CustomerToken_ExpiredOrTampered_Is401(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var visitor = await ws.VisitorAsync();
        var tokens = ws.App.Services.GetRequiredService<CustomerTokens>();
        var customerId = tokens.Read(visitor.Token).ShouldNotBeNull().CustomerId;
        var (expired, _) = tokens.Issue(ws.Workspace.Id, customerId, isSignedUser: false, TimeProvider.System.GetUtcNow().AddSeconds(-1));
        var tampered = visitor.Token[..^4] + (visitor.Token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        foreach (var token in new[] { expired, tampered })
        {
            using var client = ws.App.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            (await client.GetAsync("/api/v1/widget/tickets")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Visitor_NamingSignedUsersTicket_Gets404AndCannotReachTheirData(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var user = await ws.SignedUserAsync("u-secret");
        var number = await user.OpenTicketAsync("我的银行卡号是6222…，请保密");
        var visitor = await ws.VisitorAsync();
        using var client = visitor.Client();

        (await client.GetAsync($"/api/v1/widget/tickets/{number}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync($"/api/v1/widget/tickets/{number}/messages")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsJsonAsync($"/api/v1/widget/tickets/{number}/messages", new { clientMessageId = "probe-0001", body = "hi" }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync($"/api/v1/tickets/{number}/attachments/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The integration API and agent routes stay closed to customer sessions.
        (await client.GetAsync($"/api/v1/tickets/{number}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/api/v1/customers/u-secret/tickets")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Send_SameClientMessageIdTwice_StoresOneMessage(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var visitor = await ws.VisitorAsync();
        var number = await visitor.OpenTicketAsync();
        using var client = visitor.Client();

        var first = await client.PostAsJsonAsync($"/api/v1/widget/tickets/{number}/messages", new { clientMessageId = "c-0001-abcd", body = "补充：照片稍后上传" });
        var second = await client.PostAsJsonAsync($"/api/v1/widget/tickets/{number}/messages", new { clientMessageId = "c-0001-abcd", body = "补充：照片稍后上传" });
        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await second.JsonAsync()).GetProperty("id").GetGuid().ShouldBe((await first.JsonAsync()).GetProperty("id").GetGuid());

        var messages = await (await client.GetAsync($"/api/v1/widget/tickets/{number}/messages")).JsonAsync();
        messages.EnumerateArray().Count(m => m.GetProperty("body").GetString() == "补充：照片稍后上传").ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Messages_AfterCursor_ReturnsOnlyLaterPublicMessages(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var visitor = await ws.VisitorAsync();
        var number = await visitor.OpenTicketAsync();
        using var client = visitor.Client();
        using var agent = await ws.SignedInAsync(ws.Agent);
        var all = await (await client.GetAsync($"/api/v1/widget/tickets/{number}/messages")).JsonAsync();
        var seen = all[all.GetArrayLength() - 1].GetProperty("id").GetGuid();

        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/notes", new { body = "内部：核实商家" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "您好，已为您登记退款" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var after = await (await client.GetAsync($"/api/v1/widget/tickets/{number}/messages?after={seen}")).JsonAsync();
        after.EnumerateArray().Select(m => m.GetProperty("body").GetString()).ShouldBe(["您好，已为您登记退款"]);
        after[0].GetProperty("author").GetProperty("agentNumber").GetString().ShouldBe("9002");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Upload_ImageOnOwnTicket_IsSentWithMessageAndReadableOnlyByOwner(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var visitor = await ws.VisitorAsync();
        var number = await visitor.OpenTicketAsync();
        using var client = visitor.Client();
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
        var file = new ByteArrayContent(png);
        file.Headers.ContentType = new("image/png");
        using var form = new MultipartFormDataContent { { file, "file", "烂果.png" } };
        var uploaded = await client.PostAsync($"/api/v1/tickets/{number}/attachments", form);
        uploaded.StatusCode.ShouldBe(HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        var attachment = await uploaded.JsonAsync();

        var sent = await client.PostAsJsonAsync($"/api/v1/widget/tickets/{number}/messages",
            new { clientMessageId = "img-0001-x", body = "照片", attachmentIds = new[] { attachment.GetProperty("id").GetGuid() } });
        sent.StatusCode.ShouldBe(HttpStatusCode.Created, await sent.Content.ReadAsStringAsync());
        var url = (await sent.JsonAsync()).GetProperty("attachments")[0].GetProperty("url").GetString()!;
        (await client.GetByteArrayAsync(url)).ShouldBe(png);

        using var stranger = (await ws.VisitorAsync()).Client();
        (await stranger.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Availability_NobodyOnline_SaysOfflineWithFirstResponseTime(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        (await admin.PostAsJsonAsync("/api/v1/admin/sla/policies", new { name = "web", calendar = "24x7", targets = new { firstResponseMinutes = 30 } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var visitor = await ws.VisitorAsync();
        using var client = visitor.Client();

        var offline = await (await client.GetAsync("/api/v1/widget/availability")).JsonAsync();
        offline.GetProperty("online").GetBoolean().ShouldBeFalse();
        offline.GetProperty("agentsOnline").GetInt32().ShouldBe(0);
        offline.GetProperty("firstResponseTarget").GetString().ShouldBe("00:30:00");
        offline.GetProperty("firstResponseBy").GetDateTimeOffset().ShouldBeGreaterThan(TimeProvider.System.GetUtcNow().AddMinutes(29));

        using var agent = await ws.SignedInAsync(ws.Agent);
        (await agent.PutAsJsonAsync("/api/v1/agents/me/availability", new { availability = "online" })).IsSuccessStatusCode.ShouldBeTrue();
        var online = await (await client.GetAsync("/api/v1/widget/availability")).JsonAsync();
        online.GetProperty("online").GetBoolean().ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Admin_RotatesSecret_OldUserTokensStopWorking(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        var settings = await (await admin.GetAsync("/api/v1/admin/widget")).JsonAsync();
        settings.GetProperty("snippet").GetString()!.ShouldContain($"data-key=\"{settings.GetProperty("widgetKey").GetString()}\"");
        var old = UserToken.Sign("u-9", "乙", TimeProvider.System.GetUtcNow().AddHours(1), settings.GetProperty("userTokenSecret").GetString()!);

        var rotated = await (await admin.PostAsync("/api/v1/admin/widget/secret", null)).JsonAsync();
        rotated.GetProperty("userTokenSecret").GetString().ShouldNotBe(settings.GetProperty("userTokenSecret").GetString());
        (await ws.OpenSessionAsync(new { widgetKey = settings.GetProperty("widgetKey").GetString(), userToken = old })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
