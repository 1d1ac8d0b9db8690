
namespace Kefu.Server.Tests.Web;

public sealed class PortalTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task SignedLink_OpensSession_LimitedToThatCustomer(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var mine = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-portal-1", subject: "我的退款"));
        var theirs = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-portal-2", subject: "别人的工单"));
        using var customer = await OpenPortalAsync(ws, "u-portal-1");

        var list = await (await customer.GetAsync("/api/v1/portal/tickets")).JsonAsync();
        list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("number").GetInt64()).ShouldBe([mine]);
        (await customer.GetAsync($"/api/v1/portal/tickets/{mine}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await customer.GetAsync($"/api/v1/portal/tickets/{theirs}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await customer.PostAsJsonAsync($"/api/v1/portal/tickets/{theirs}/messages", new { body = "冒充" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The portal cookie is no key to the agent or integration API, whatever header it sends.
        customer.DefaultRequestHeaders.Add("Kefu-Customer", "u-portal-2");
        (await customer.GetAsync($"/api/v1/tickets/{theirs}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using (var agent = await ws.SignedInAsync(ws.Agent))
        {
            (await agent.GetAsync("/api/v1/portal/tickets")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "an agent is no customer");
        }

        (await (await customer.GetAsync("/api/v1/portal/tickets")).JsonAsync()).GetProperty("total").GetInt32().ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Customer_AddsInformationAndNudges_AgentSeesBoth(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-portal-3"));
        using var customer = await OpenPortalAsync(ws, "u-portal-3");

        (await customer.PostAsJsonAsync($"/api/v1/portal/tickets/{number}/messages", new { body = "快递单号 SF1409223871" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var nudge = await customer.PostAsJsonAsync($"/api/v1/portal/tickets/{number}/nudge", new { message = "还没人处理" });
        nudge.StatusCode.ShouldBe(HttpStatusCode.OK, await nudge.Content.ReadAsStringAsync());

        using var agent = await ws.SignedInAsync(ws.Agent);
        var ticket = await (await agent.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        ticket.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("body").GetString()).ShouldContain("快递单号 SF1409223871");
        ticket.GetProperty("sla").GetProperty("nudgeCount").GetInt32().ShouldBe(1);
        var view = await (await customer.GetAsync($"/api/v1/portal/tickets/{number}")).JsonAsync();
        view.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ShouldContain("ticket.nudged");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task PortalWrite_WithoutRequestHeader_IsRefused(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-portal-4"));
        using var customer = await OpenPortalAsync(ws, "u-portal-4");
        customer.DefaultRequestHeaders.Remove("X-Kefu-Request");
        (await customer.PostAsJsonAsync($"/api/v1/portal/tickets/{number}/messages", new { body = "跨站伪造" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Session_BadOrStaleLink_IsRefused(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-portal-5"));
        var secret = await PortalCustomer.RotateSecretAsync(ws);
        using var client = ws.App.BrowserClient();

        (await client.PostAsJsonAsync("/api/v1/portal/session", PortalCustomer.Link(ws, secret, "u-portal-5", TimeSpan.FromMinutes(-1))))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.PostAsJsonAsync("/api/v1/portal/session", PortalCustomer.Link(ws, secret, "u-portal-5", TimeSpan.FromHours(1), signedFor: "u-portal-6")))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var stale = PortalCustomer.Link(ws, secret, "u-portal-5", TimeSpan.FromHours(1));
        (await client.PostAsJsonAsync("/api/v1/portal/session", stale)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await PortalCustomer.RotateSecretAsync(ws);
        using var later = ws.App.BrowserClient();
        (await later.PostAsJsonAsync("/api/v1/portal/session", stale)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "a rotated secret retires the old links");
        (await later.GetAsync("/api/v1/portal/tickets")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Customer_RatesSolvedTicket_OnceFromThePortal(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-portal-csat"));
        using var customer = await OpenPortalAsync(ws, "u-portal-csat");
        using var agent = await ws.SignedInAsync(ws.Agent);

        (await customer.PostAsJsonAsync($"/api/v1/portal/tickets/{number}/csat", new { rating = 5 })).StatusCode.ShouldBe(HttpStatusCode.Conflict, "nothing to rate before solving");
        (await agent.PostAsync($"/api/v1/tickets/{number}/take", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await customer.PostAsJsonAsync($"/api/v1/portal/tickets/{number}/csat", new { rating = 6 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var rated = await customer.PostAsJsonAsync($"/api/v1/portal/tickets/{number}/csat", new { rating = 4, comment = "处理得挺快" });
        rated.StatusCode.ShouldBe(HttpStatusCode.OK, await rated.Content.ReadAsStringAsync());
        (await customer.PostAsJsonAsync($"/api/v1/portal/tickets/{number}/csat", new { rating = 1 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var survey = await (await agent.GetAsync($"/api/v1/tickets/{number}/csat")).JsonAsync();
        survey.GetProperty("rating").GetInt32().ShouldBe(4);
        await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-portal-other"));
        using var stranger = await OpenPortalAsync(ws, "u-portal-other");
        (await stranger.PostAsJsonAsync($"/api/v1/portal/tickets/{number}/csat", new { rating = 1 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task<HttpClient> OpenPortalAsync(TestWorkspace ws, string externalId) => (await PortalCustomer.OpenAsync(ws, externalId)).Client;
}
