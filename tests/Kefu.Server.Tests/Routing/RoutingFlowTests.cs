using System.Text.Json;
using Kefu.Domain.Agents;
using Kefu.Server.Features.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kefu.Server.Tests.Routing;

/// <summary>Routing on the real server: rules at intake, the dispatcher giving work to online agents, offers, the queue, and taking under contention.</summary>
public sealed class RoutingFlowTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static readonly string[] AccountOnly = ["account"];

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Rules_ChooseTeamAndPriority_AtIntake_AndSayWhyOnTheTimeline(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var security = await AddTeamAsync(ws, "账户安全组");
        using var admin = await ws.SignedInAsync(ws.Admin);
        var put = await admin.PutAsJsonAsync("/api/v1/admin/routing", new
        {
            defaultTeamId = ws.Team.Id,
            rules = new object[] { new { name = "账户问题", categoryCodes = AccountOnly, teamId = security, priority = "urgent" } },
        });
        put.StatusCode.ShouldBe(HttpStatusCode.NoContent, await put.Content.ReadAsStringAsync());

        using var platform = ws.Integration();
        var account = await platform.CreateTicketAsync(Api.NewTicket(category: "account"));
        var view = await (await admin.GetAsync($"/api/v1/tickets/{account}")).JsonAsync();
        view.GetProperty("team").GetProperty("id").GetGuid().ShouldBe(security);
        view.GetProperty("priority").GetString().ShouldBe("urgent");
        var routed = view.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "ticket.routed");
        routed.GetProperty("data").GetProperty("rule").GetString().ShouldBe("账户问题");

        var other = await platform.CreateTicketAsync(Api.NewTicket(category: "refund"));
        (await (await admin.GetAsync($"/api/v1/tickets/{other}")).JsonAsync()).GetProperty("team").GetProperty("id").GetGuid().ShouldBe(ws.Team.Id);

        var customerView = await (await platform.GetAsync($"/api/v1/tickets/{account}")).JsonAsync();
        customerView.GetProperty("timeline").EnumerateArray().ShouldNotContain(e => e.GetProperty("kind").GetString() == "ticket.routed", "routing is internal");

        await (await admin.PutAsJsonAsync("/api/v1/admin/routing", new { rules = new object[] { new { name = "x", teamId = Guid.NewGuid() } } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "defaultTeamId");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Dispatcher_GivesWaitingWork_OnlyToOnlineAgents_AndTheQueueSaysWhere(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        await JoinAsync(ws, ws.Team.Id, ws.Agent.Id);
        using var platform = ws.Integration();
        platform.DefaultRequestHeaders.Add("Kefu-Customer", "u-1001");
        var first = await platform.CreateTicketAsync();
        var second = await platform.CreateTicketAsync();

        await Task.Delay(1500);
        using var agent = await ws.SignedInAsync(ws.Agent);
        (await (await agent.GetAsync($"/api/v1/tickets/{first}")).JsonAsync()).GetProperty("assignee").ValueKind.ShouldBe(JsonValueKind.Null, "the agent is offline");
        var queue = await (await platform.GetAsync($"/api/v1/tickets/{second}/queue")).JsonAsync();
        queue.GetProperty("state").GetString().ShouldBe("waiting");
        queue.GetProperty("position").GetInt32().ShouldBe(2, "oldest first");
        queue.GetProperty("waiting").GetInt32().ShouldBe(2);

        await using (var db = ws.App.Db())
        {
            await db.Agents.Where(a => a.Id == ws.Agent.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.TicketCapacity, 1));
        }

        (await agent.PutAsJsonAsync("/api/v1/agents/me/availability", new { availability = "online" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var assigned = await WaitAsync(async () =>
            (await (await agent.GetAsync($"/api/v1/tickets/{first}")).JsonAsync()).GetProperty("assignee") is { ValueKind: JsonValueKind.Object } a
                ? a.GetProperty("agentNumber").GetString() : null);
        assigned.ShouldBe(ws.Agent.AgentNumber);

        await Task.Delay(1500);
        (await (await agent.GetAsync($"/api/v1/tickets/{second}")).JsonAsync()).GetProperty("assignee").ValueKind.ShouldBe(JsonValueKind.Null, "capacity 1 is full");
        (await (await platform.GetAsync($"/api/v1/tickets/{second}/queue")).JsonAsync()).GetProperty("position").GetInt32().ShouldBe(1);
        (await (await platform.GetAsync($"/api/v1/tickets/{first}/queue")).JsonAsync()).GetProperty("state").GetString().ShouldBe("assigned");

        await (await agent.PutAsJsonAsync("/api/v1/agents/me/availability", new { availability = "sleeping" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Offers_GoToOneAgent_AndADeclineIsNeverOfferedAgain(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        await JoinAsync(ws, ws.Team.Id, ws.Agent.Id);
        using var admin = await ws.SignedInAsync(ws.Admin);
        (await admin.PutAsJsonAsync($"/api/v1/admin/routing/teams/{ws.Team.Id}", new { strategy = "leastLoaded", offerTimeoutSeconds = 60 }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await admin.PutAsJsonAsync($"/api/v1/admin/routing/teams/{ws.Team.Id}", new { overflowTeamId = ws.Team.Id }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "overflowTeamId");

        using var agent = await ws.SignedInAsync(ws.Agent);
        (await agent.PutAsJsonAsync("/api/v1/agents/me/availability", new { availability = "online" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();

        await WaitAsync(async () => await OfferedAsync(ws, number) == ws.Agent.Id ? "offered" : null);
        (await admin.PostAsync($"/api/v1/tickets/{number}/take", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict, "it is offered to someone else");
        (await admin.PostAsync($"/api/v1/tickets/{number}/decline", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict, "it is not offered to the admin");
        (await agent.PostAsync($"/api/v1/tickets/{number}/decline", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Task.Delay(2000);
        (await OfferedAsync(ws, number)).ShouldBeNull("the only agent declined; nobody else is online");
        (await admin.PostAsync($"/api/v1/tickets/{number}/take", null)).StatusCode.ShouldBe(HttpStatusCode.OK, "free to take by hand now");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task ManyAgentsTakingAtOnce_OnTwoNodes_ExactlyOneWins(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var agents = new List<Agent>();
        using (var scope = ws.App.Services.CreateScope())
        {
            var provisioning = scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>();
            for (var i = 0; i < 12; i++)
            {
                agents.Add(await provisioning.CreateAgentAsync(ws.Workspace.Id, $"77{i:00}", $"坐席{i}", $"a{i}@{ws.Workspace.Slug}.test", AgentRole.Agent, TestWorkspace.Password, CancellationToken.None));
            }
        }

        await using var secondNode = ws.App.Restart();
        var clients = new List<HttpClient>();
        foreach (var (agent, i) in agents.Select((a, i) => (a, i)))
        {
            var node = i % 2 == 0 ? ws.App : secondNode;
            var client = node.BrowserClient();
            (await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { workspace = ws.Workspace.Slug, login = agent.AgentNumber, password = TestWorkspace.Password }))
                .EnsureSuccessStatusCode();
            clients.Add(client);
        }

        using var platform = ws.Integration();
        for (var round = 0; round < 3; round++)
        {
            var number = await platform.CreateTicketAsync();
            var answers = await Task.WhenAll(clients.Select(c => c.PostAsync($"/api/v1/tickets/{number}/take", null)));
            answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBe(1, string.Join(", ", answers.Select(a => (int)a.StatusCode)));
            answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).ShouldBe(clients.Count - 1);

            var winner = (await answers.Single(a => a.StatusCode == HttpStatusCode.OK).JsonAsync()).GetProperty("assignee").GetProperty("agentNumber").GetString();
            await using var db = ws.App.Db();
            var stored = await db.Tickets.Where(t => t.WorkspaceId == ws.Workspace.Id && t.Number == number).Select(t => t.AssigneeId).SingleAsync();
            stored.ShouldBe(agents.Single(a => a.AgentNumber == winner).Id);
            var assignedEvents = await db.AuditEvents.CountAsync(e => e.WorkspaceId == ws.Workspace.Id && e.Kind == "ticket.assigned"
                && db.Tickets.Any(t => t.Id == e.TicketId && t.Number == number));
            assignedEvents.ShouldBe(1);
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task AccountManager_GetsTheCustomersWorkFirst(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        Agent manager;
        using (var scope = ws.App.Services.CreateScope())
        {
            manager = await scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>()
                .CreateAgentAsync(ws.Workspace.Id, "9100", "专属客服小周", $"vip@{ws.Workspace.Slug}.test", AgentRole.Agent, TestWorkspace.Password, CancellationToken.None);
        }

        await JoinAsync(ws, ws.Team.Id, ws.Agent.Id);
        await JoinAsync(ws, ws.Team.Id, manager.Id);
        using var platform = ws.Integration();
        await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-vip"));
        using var admin = await ws.SignedInAsync(ws.Admin);
        await (await admin.PutAsJsonAsync("/api/v1/admin/routing/managers", new { customerExternalId = "u-vip", agentNumber = "0000" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "agentNumber");
        (await admin.PutAsJsonAsync("/api/v1/admin/routing/managers", new { customerExternalId = "u-vip", agentNumber = manager.AgentNumber }))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var number = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-vip"));
        // The manager comes online first: with the other agent online alone for a moment, a dispatch round may rightly give them the work.
        foreach (var who in new[] { manager, ws.Agent })
        {
            using var client = await ws.SignedInAsync(who);
            (await client.PutAsJsonAsync("/api/v1/agents/me/availability", new { availability = "online" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        var assignee = await WaitAsync(async () =>
            (await (await admin.GetAsync($"/api/v1/tickets/{number}")).JsonAsync()).GetProperty("assignee") is { ValueKind: JsonValueKind.Object } a
                ? a.GetProperty("agentNumber").GetString() : null);
        assignee.ShouldBe(manager.AgentNumber, "the named manager comes before round robin, which would have picked 9002");
    }

    private static async Task<Guid> AddTeamAsync(TestWorkspace ws, string name)
    {
        await using var db = ws.App.Db();
        var team = new Team { Id = Guid.NewGuid(), WorkspaceId = ws.Workspace.Id, Name = name };
        db.Teams.Add(team);
        await db.SaveChangesAsync();
        return team.Id;
    }

    private static async Task JoinAsync(TestWorkspace ws, Guid teamId, Guid agentId)
    {
        await using var db = ws.App.Db();
        db.TeamMembers.Add(new TeamMember { TeamId = teamId, AgentId = agentId });
        await db.SaveChangesAsync();
    }

    private static async Task<Guid?> OfferedAsync(TestWorkspace ws, long number)
    {
        await using var db = ws.App.Db();
        return await db.Tickets.Where(t => t.WorkspaceId == ws.Workspace.Id && t.Number == number).Select(t => t.OfferedToAgentId).SingleAsync();
    }

    private static async Task<string?> WaitAsync(Func<Task<string?>> probe)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (true)
        {
            var value = await probe();
            if (value is not null || TimeProvider.System.GetUtcNow() > deadline)
            {
                return value;
            }

            await Task.Delay(200);
        }
    }
}
