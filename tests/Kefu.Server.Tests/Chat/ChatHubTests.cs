using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Kefu.Server.Tests.Chat;

public sealed class ChatHubTests(ChatApps apps) : IClassFixture<ChatApps>
{
    private static bool Body(JsonElement pushed, string body) => pushed.GetProperty("message").GetProperty("body").GetString() == body;

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CustomerSends_OverHub_AgentWatchingGetsItLiveAndResendStoresOnce(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var visitor = await ws.VisitorAsync();
        var number = await visitor.OpenTicketAsync();
        await using var agent = await ws.AgentHubAsync();
        var agentMessages = agent.On("Message");
        var activity = agent.On("TicketActivity");
        var state = await agent.InvokeAsync<JsonElement>("WatchTicket", number);
        state.GetProperty("status").GetString().ShouldBe("new");

        await using var customer = await visitor.ConnectAsync();
        var sent = await customer.InvokeAsync<JsonElement>("SendMessage", number, "hub-0001-aa", "还在吗？", null);
        var again = await customer.InvokeAsync<JsonElement>("SendMessage", number, "hub-0001-aa", "还在吗？", null);
        again.GetProperty("id").GetGuid().ShouldBe(sent.GetProperty("id").GetGuid());

        var pushed = await agentMessages.WaitForAsync(m => Body(m, "还在吗？"));
        pushed.GetProperty("clientMessageId").GetString().ShouldBe("hub-0001-aa");
        await activity.WaitForAsync(a => a.GetProperty("ticketNumber").GetInt64() == number);
        var history = await customer.InvokeAsync<JsonElement>("MessagesAfter", number, null, 100);
        history.EnumerateArray().Count(m => m.GetProperty("body").GetString() == "还在吗？").ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task AgentRepliesOverRest_CustomerGetsReplyLiveButNeverInternalNotes(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var user = await ws.SignedUserAsync("u-live");
        var number = await user.OpenTicketAsync();
        await using var customer = await user.ConnectAsync();
        var messages = customer.On("Message");
        var states = customer.On("TicketState");
        using var agent = await ws.SignedInAsync(ws.Agent);

        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/assign", new { assigneeAgentNumber = ws.Agent.AgentNumber })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/notes", new { body = "内部：此人曾多次退款" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "您好，我是李娜，马上为您处理" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var reply = await messages.WaitForAsync(m => Body(m, "您好，我是李娜，马上为您处理"));
        reply.GetProperty("message").GetProperty("author").GetProperty("agentNumber").GetString().ShouldBe("9002");
        reply.GetProperty("message").GetProperty("author").GetProperty("displayName").GetString().ShouldBe("李娜");
        var assigned = await states.WaitForAsync(s => s.GetProperty("agent").ValueKind == JsonValueKind.Object);
        assigned.GetProperty("agent").GetProperty("agentNumber").GetString().ShouldBe("9002");
        messages.Items.ShouldNotContain(m => Body(m, "内部：此人曾多次退款"));
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Customer_OtherCustomersTicket_HubRefusesAndPushesNothing(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var owner = await ws.SignedUserAsync("u-owner");
        var number = await owner.OpenTicketAsync();
        var intruder = await ws.VisitorAsync();
        await using var hub = await intruder.ConnectAsync();
        var overheard = hub.On("Message");

        await Should.ThrowAsync<HubException>(() => hub.InvokeAsync<JsonElement>("SendMessage", number, "evil-0001", "hi", null));
        await Should.ThrowAsync<HubException>(() => hub.InvokeAsync<JsonElement>("MessagesAfter", number, null, 10));
        await Should.ThrowAsync<HubException>(() => hub.InvokeAsync("Typing", number));
        await Should.ThrowAsync<HubException>(() => hub.InvokeAsync<JsonElement>("WatchTicket", number));

        await using var ownerHub = await owner.ConnectAsync();
        var ownerMessages = ownerHub.On("Message");
        await ownerHub.InvokeAsync<JsonElement>("SendMessage", number, "own-0001-x", "只有我能看到", null);
        await ownerMessages.WaitForAsync(m => Body(m, "只有我能看到"));
        overheard.Items.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Reconnect_AfterMissedReplies_MessagesAfterLastSeenReturnsThemOnce(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var visitor = await ws.VisitorAsync();
        var number = await visitor.OpenTicketAsync();
        var hub = await visitor.ConnectAsync();
        var seen = await hub.InvokeAsync<JsonElement>("SendMessage", number, "seen-0001", "最后一条我看到的", null);
        await hub.DisposeAsync();

        using var agent = await ws.SignedInAsync(ws.Agent);
        foreach (var body in new[] { "离线时的回复一", "离线时的回复二" })
        {
            (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body })).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        await using var back = await visitor.ConnectAsync();
        var missed = await back.InvokeAsync<JsonElement>("MessagesAfter", number, seen.GetProperty("id").GetGuid(), 50);
        missed.EnumerateArray().Select(m => m.GetProperty("body").GetString()).ShouldBe(["离线时的回复一", "离线时的回复二"]);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task TypingAndRead_ReachTheOtherSide(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var visitor = await ws.VisitorAsync();
        var number = await visitor.OpenTicketAsync();
        await using var agent = await ws.AgentHubAsync();
        var agentTyping = agent.On("Typing");
        var agentReads = agent.On("Read");
        await agent.InvokeAsync<JsonElement>("WatchTicket", number);
        await using var customer = await visitor.ConnectAsync();
        var customerTyping = customer.On("Typing");
        var customerReads = customer.On("Read");

        await customer.InvokeAsync("Typing", number);
        (await agentTyping.WaitForAsync(t => t.GetProperty("ticketNumber").GetInt64() == number)).GetProperty("who").GetString().ShouldBe("customer");
        await agent.InvokeAsync("Typing", number);
        var typing = await customerTyping.WaitForAsync(t => t.GetProperty("ticketNumber").GetInt64() == number);
        typing.GetProperty("agentNumber").GetString().ShouldBe("9002");

        var sent = await customer.InvokeAsync<JsonElement>("SendMessage", number, "read-0001", "请回复", null);
        var messageId = sent.GetProperty("id").GetGuid();
        await agent.InvokeAsync<JsonElement>("MarkRead", number, messageId);
        var read = await customerReads.WaitForAsync(r => r.GetProperty("reader").GetString() == "agent");
        read.GetProperty("messageId").GetGuid().ShouldBe(messageId);
        await customer.InvokeAsync<JsonElement>("MarkRead", number, messageId);
        await agentReads.WaitForAsync(r => r.GetProperty("reader").GetString() == "customer");
    }
}
