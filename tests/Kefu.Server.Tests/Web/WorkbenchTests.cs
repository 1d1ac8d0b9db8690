using Microsoft.EntityFrameworkCore;
using System.Text.Json;

namespace Kefu.Server.Tests.Web;

public sealed class WorkbenchTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private static readonly string[] NightAndDay = ["9100", "9002"];
    private static readonly string[] NightOnly = ["9100"];

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task InboxViews_TakeThenEscalate_MoveTheTicket(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-inbox-1"));
        using var agent = await ws.SignedInAsync(ws.Agent);

        (await NumbersAsync(agent, "unassigned")).ShouldContain(number);
        (await NumbersAsync(agent, "mine")).ShouldNotContain(number);
        (await agent.PostAsync($"/api/v1/tickets/{number}/take", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await NumbersAsync(agent, "mine")).ShouldBe([number]);
        (await NumbersAsync(agent, "unassigned")).ShouldNotContain(number);
        (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/escalate", new { reason = "三天没人理" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await NumbersAsync(agent, "escalated")).ShouldBe([number]);

        var counts = await (await agent.GetAsync("/api/v1/workbench/views")).JsonAsync();
        counts.EnumerateArray().Single(c => c.GetProperty("view").GetString() == "escalated").GetProperty("count").GetInt32().ShouldBe(1);
        (await agent.GetAsync("/api/v1/workbench/views/everything")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await agent.GetAsync("/api/v1/workbench/views/mine?priority=9")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Macro_ForATicket_FillsPlaceholders(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-macro-1"));
        using var admin = await ws.SignedInAsync(ws.Admin);
        using var agent = await ws.SignedInAsync(ws.Agent);

        (await agent.PostAsJsonAsync("/api/v1/admin/macros", new { title = "问候", body = "您好" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.PostAsJsonAsync("/api/v1/admin/macros", new { title = "错字", body = "{{customer.nmae}}" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.PostAsJsonAsync("/api/v1/admin/macros", new { title = "问候", body = "{{customer.name}}您好，工号 {{agent.number}} 为您处理工单 {{ticket.number}}。" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.PostAsJsonAsync("/api/v1/admin/macros", new { title = "问候", body = "重名" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var macros = await (await agent.GetAsync($"/api/v1/macros?ticket={number}")).JsonAsync();
        macros.EnumerateArray().Single().GetProperty("body").GetString().ShouldBe($"陈晓明您好，工号 9002 为您处理工单 {number}。");
        (await agent.GetAsync("/api/v1/macros?ticket=1")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CustomerCard_ShowsIdentitiesAndRecentTickets(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var first = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-card-1"));
        var second = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-card-1", subject: "又一个问题"));
        using var agent = await ws.SignedInAsync(ws.Agent);

        var card = await (await agent.GetAsync("/api/v1/workbench/customers/u-card-1")).JsonAsync();
        card.GetProperty("name").GetString().ShouldBe("陈晓明");
        card.GetProperty("openTickets").GetInt32().ShouldBe(2);
        card.GetProperty("recentTickets").EnumerateArray().Select(t => t.GetProperty("number").GetInt64()).ShouldBe([second, first]);
        card.GetProperty("identities").EnumerateArray().Select(i => i.GetProperty("kind").GetString()).ShouldContain("email");
        (await agent.GetAsync("/api/v1/workbench/customers/nobody")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Wall_ForSupervisorsOnly_ShowsQueuesAndNudges(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-wall-1"));
        using var nudge = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tickets/{number}/nudge") { Content = JsonContent.Create(new { message = "催" }) };
        nudge.Headers.Add("Kefu-Customer", "u-wall-1");
        (await platform.SendAsync(nudge)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var agent = await ws.SignedInAsync(ws.Agent);
        using var admin = await ws.SignedInAsync(ws.Admin);

        (await agent.GetAsync("/api/v1/wall")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var wall = await (await admin.GetAsync("/api/v1/wall")).JsonAsync();
        var team = wall.GetProperty("teams").EnumerateArray().Single(t => t.GetProperty("name").GetString() == ws.Team.Name);
        team.GetProperty("waiting").GetInt32().ShouldBe(1);
        wall.GetProperty("nudged").EnumerateArray().Select(n => n.GetProperty("ticket").GetProperty("number").GetInt64()).ShouldBe([number]);
        wall.GetProperty("agents").GetArrayLength().ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Admin_CreatesTeamAgentAndKey_TheyWork(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);

        var agent = await admin.PostAsJsonAsync("/api/v1/admin/agents", new { agentNumber = "9100", displayName = "夜班客服", email = "night@example.com", role = "agent", password = "Night@Shift2026" });
        agent.StatusCode.ShouldBe(HttpStatusCode.Created, await agent.Content.ReadAsStringAsync());
        (await admin.PostAsJsonAsync("/api/v1/admin/agents", new { agentNumber = "9100", displayName = "重复", email = "dup@example.com", password = "Night@Shift2026" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var team = await admin.PostAsJsonAsync("/api/v1/admin/teams", new { name = "夜班组", memberAgentNumbers = NightAndDay });
        team.StatusCode.ShouldBe(HttpStatusCode.Created, await team.Content.ReadAsStringAsync());
        var teamId = (await team.JsonAsync()).GetProperty("id").GetGuid();
        var renamed = await (await admin.PutAsJsonAsync($"/api/v1/admin/teams/{teamId}/members", new { name = "夜班组A", memberAgentNumbers = NightOnly })).JsonAsync();
        renamed.GetProperty("memberAgentNumbers").EnumerateArray().Select(n => n.GetString()).ShouldBe(["9100"]);

        using var night = ws.App.BrowserClient();
        (await night.PostAsJsonAsync("/api/v1/auth/sign-in", new { workspace = ws.Workspace.Slug, login = "9100", password = "Night@Shift2026" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var context = await (await night.GetAsync("/api/v1/workbench/context")).JsonAsync();
        context.GetProperty("myTeams").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ShouldBe(["夜班组A"]);
        context.GetProperty("timeZone").GetString().ShouldBe("Asia/Shanghai");

        var key = await (await admin.PostAsJsonAsync("/api/v1/admin/integration-keys", new { name = "商城" })).JsonAsync();
        using var shop = ws.App.CreateClient();
        shop.DefaultRequestHeaders.Authorization = new("Bearer", key.GetProperty("secret").GetString());
        (await shop.GetAsync("/api/v1/customers/nobody/tickets")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.DeleteAsync($"/api/v1/admin/integration-keys/{key.GetProperty("id").GetGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await shop.GetAsync("/api/v1/customers/nobody/tickets")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        (await admin.PutAsJsonAsync("/api/v1/admin/workspace", new { timeZone = "Mars/Olympus" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.PutAsJsonAsync("/api/v1/admin/workspace", new { timeZone = "Asia/Urumqi" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task NightView_HoldsOwnAndUrgentTickets_NotTheRest(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var mine = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-night-1"));
        var others = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-night-2", subject: "不急的问题"));
        var urgent = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-night-3", subject: "账户被盗"));
        using var agent = await ws.SignedInAsync(ws.Agent);
        using var admin = await ws.SignedInAsync(ws.Admin);
        (await agent.PostAsync($"/api/v1/tickets/{mine}/take", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var db = ws.App.Db())
        {
            var ticket = await db.Tickets.SingleAsync(t => t.WorkspaceId == ws.Workspace.Id && t.Number == urgent);
            ticket.Priority = Kefu.Domain.Tickets.TicketPriority.Urgent;
            await db.SaveChangesAsync();
        }

        var night = await NumbersAsync(agent, "night");
        night.ShouldContain(mine);
        night.ShouldContain(urgent);
        night.ShouldNotContain(others);
        (await NumbersAsync(admin, "night")).ShouldNotContain(mine, "another agent's ticket is not the admin's own");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task SavedViews_Shared_ReachColleaguesOwnOnesDoNot(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var agent = await ws.SignedInAsync(ws.Agent);
        using var admin = await ws.SignedInAsync(ws.Admin);

        var own = await agent.PostAsJsonAsync("/api/v1/workbench/saved-views", new { name = "我的加急退款", view = "mine", priority = "urgent", category = "refund", q = "退款" });
        own.StatusCode.ShouldBe(HttpStatusCode.Created, await own.Content.ReadAsStringAsync());
        var shared = await agent.PostAsJsonAsync("/api/v1/workbench/saved-views", new { name = "夜班盯单", view = "night", shared = true });
        shared.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostAsJsonAsync("/api/v1/workbench/saved-views", new { name = "夜班盯单", view = "mine" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await agent.PostAsJsonAsync("/api/v1/workbench/saved-views", new { name = "坏视图", view = "everything" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await agent.PostAsJsonAsync("/api/v1/workbench/saved-views", new { name = "坏分类", view = "mine", category = "nope" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await agent.PostAsJsonAsync("/api/v1/workbench/saved-views", new { name = "坏优先级", view = "mine", priority = "3" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var mine = await (await agent.GetAsync("/api/v1/workbench/saved-views")).JsonAsync();
        mine.EnumerateArray().Select(v => v.GetProperty("name").GetString()).ShouldBe(["夜班盯单", "我的加急退款"], ignoreOrder: true);
        var theirs = await (await admin.GetAsync("/api/v1/workbench/saved-views")).JsonAsync();
        var seen = theirs.EnumerateArray().Single();
        seen.GetProperty("name").GetString().ShouldBe("夜班盯单");
        seen.GetProperty("mine").GetBoolean().ShouldBeFalse();
        seen.GetProperty("owner").GetProperty("agentNumber").GetString().ShouldBe("9002");

        var ownId = (await own.JsonAsync()).GetProperty("id").GetGuid();
        (await admin.DeleteAsync($"/api/v1/workbench/saved-views/{ownId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "another agent's private view");
        (await admin.DeleteAsync($"/api/v1/workbench/saved-views/{seen.GetProperty("id").GetGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NoContent, "admins tidy shared views");
        (await agent.DeleteAsync($"/api/v1/workbench/saved-views/{ownId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await (await agent.GetAsync("/api/v1/workbench/saved-views")).JsonAsync()).GetArrayLength().ShouldBe(0);
    }

    private static async Task<List<long>> NumbersAsync(HttpClient agent, string view)
    {
        var page = await (await agent.GetAsync($"/api/v1/workbench/views/{view}")).JsonAsync();
        return [.. page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("ticket").GetProperty("number").GetInt64())];
    }
}
