using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Kefu.Server.Tests.Chat;

/// <summary>
/// Scale-out: two nodes on one PostgreSQL database with the Redis backplane (started by test.sh). A customer connected
/// to node A and an agent connected to node B chat live both ways, and node A going away loses nothing.
/// </summary>
public sealed class TwoNodeChatTests
{
    private static string? RedisOrSkip()
    {
        var redis = Environment.GetEnvironmentVariable("KEFU_TEST_REDIS");
        if (redis is null && Environment.GetEnvironmentVariable("CI") == "true")
        {
            throw new InvalidOperationException("KEFU_TEST_REDIS is not set: test.sh starts redis-server for this test.");
        }

        Assert.SkipWhen(redis is null, "no Redis: run through ./test.sh, which starts redis-server");
        return redis;
    }

    [Fact]
    public async Task CustomerOnNodeA_AgentOnNodeB_ChatLiveBothWays_AndSurviveNodeALeaving()
    {
        var settings = new Dictionary<string, string> { ["Redis:Connection"] = RedisOrSkip()!, ["Chat:DetailedErrors"] = "true" };
        await using var nodeA = await KefuApp.StartAsync(Provider.Postgres, overSockets: true, settings);
        var onA = await nodeA.CreateWorkspaceAsync();
        await using var nodeB = nodeA.SecondNodeOverSockets(settings);
        var onB = onA with { App = nodeB };

        var visitor = await onA.VisitorAsync();
        var number = await visitor.OpenTicketAsync();
        await using var agent = await onB.AgentHubAsync();
        var agentMessages = agent.On("Message");
        await agent.InvokeAsync<JsonElement>("WatchTicket", number);
        var customer = await visitor.ConnectAsync();
        var customerMessages = customer.On("Message");

        await customer.InvokeAsync<JsonElement>("SendMessage", number, "two-node-0001", "A 节点上的顾客", null);
        (await agentMessages.WaitForAsync(m => Body(m) == "A 节点上的顾客")).GetProperty("clientMessageId").GetString().ShouldBe("two-node-0001");

        using (var agentRest = await onB.SignedInAsync(onB.Agent))
        {
            (await agentRest.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "B 节点上的客服回复" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        await customerMessages.WaitForAsync(m => Body(m) == "B 节点上的客服回复");

        // Node A leaves; the customer comes back through node B and loses nothing.
        var lastSeen = customerMessages.Items[^1].GetProperty("message").GetProperty("id").GetGuid();
        await customer.DisposeAsync();
        await nodeA.DisposeAsyncKeepingDatabase();
        using (var agentRest = await onB.SignedInAsync(onB.Agent))
        {
            (await agentRest.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "您离线时发的消息" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        await using var back = await (visitor with { Workspace = onB }).ConnectAsync();
        var missed = await back.InvokeAsync<JsonElement>("MessagesAfter", number, lastSeen, 50);
        missed.EnumerateArray().Select(m => m.GetProperty("body").GetString()).ShouldBe(["您离线时发的消息"]);
    }

    private static string? Body(JsonElement pushed) => pushed.GetProperty("message").GetProperty("body").GetString();
}
