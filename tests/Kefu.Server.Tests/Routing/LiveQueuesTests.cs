using System.Text.Json;
using Kefu.Domain.Agents;
using Kefu.Server.Tests.Chat;

namespace Kefu.Server.Tests.Routing;

/// <summary>Queue places, expected waits and team counts arrive over /hubs/chat as they change, without polling.</summary>
public sealed class LiveQueuesTests(ChatApps apps) : IClassFixture<ChatApps>
{
    private static bool For(JsonElement pushed, long number, int position) =>
        pushed.GetProperty("ticketNumber").GetInt64() == number && pushed.GetProperty("queue").GetProperty("position").GetInt32() == position;

    private static bool Counts(JsonElement pushed, Guid teamId, int waiting) =>
        pushed.GetProperty("teams").EnumerateArray().Any(t => t.GetProperty("teamId").GetGuid() == teamId && t.GetProperty("waiting").GetInt32() == waiting);

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task WaitingCustomer_HearsTheirPlaceMoveUp_AndAgentsHearTheTeamCount(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        await using (var db = ws.App.Db())
        {
            db.TeamMembers.Add(new TeamMember { TeamId = ws.Team.Id, AgentId = ws.Agent.Id });
            await db.SaveChangesAsync();
        }

        await using var agentHub = await ws.AgentHubAsync();
        var counts = agentHub.On("QueueCounts");
        var ahead = await (await ws.VisitorAsync()).OpenTicketAsync("我的订单一直显示待发货");

        var visitor = await ws.VisitorAsync();
        await using var customer = await visitor.ConnectAsync();
        var queue = customer.On("Queue");
        var mine = await visitor.OpenTicketAsync();

        var second = await queue.WaitForAsync(q => For(q, mine, 2));
        second.GetProperty("queue").GetProperty("waiting").GetInt32().ShouldBe(2);
        second.GetProperty("queue").GetProperty("estimate").GetString().ShouldBe("unknown", "nobody is online to serve");
        await counts.WaitForAsync(c => Counts(c, ws.Team.Id, 2));

        using var agent = await ws.SignedInAsync(ws.Agent);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{ahead}/take", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await queue.WaitForAsync(q => For(q, mine, 1));
        await counts.WaitForAsync(c => Counts(c, ws.Team.Id, 1));
        queue.Items.ShouldNotContain(q => q.GetProperty("ticketNumber").GetInt64() == ahead, "a customer hears only about their own tickets");

        (await agent.PutAsJsonAsync("/api/v1/agents/me/availability", new { availability = "busy" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await using (var db = ws.App.Db())
        {
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
                db.Agents.Where(a => a.Id == ws.Agent.Id), s => s.SetProperty(a => a.ChatCapacity, 1));
        }

        // Online, but at chat capacity with the chat taken: the place stays 1 and the wait becomes a known figure.
        (await agent.PutAsJsonAsync("/api/v1/agents/me/availability", new { availability = "online" })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var known = await queue.WaitForAsync(q => For(q, mine, 1) && q.GetProperty("queue").GetProperty("estimate").GetString() == "known");
        known.GetProperty("queue").GetProperty("expectedBy").GetDateTimeOffset().ShouldBeGreaterThan(TimeProvider.System.GetUtcNow());
    }
}
