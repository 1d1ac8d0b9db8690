using System.Text.Json;

namespace Kefu.Server.Tests.Tickets;

public sealed class AgentWorkflowTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Agent_AssignsRepliesAndSolves_CustomerSeesReplyWithAgentNumberButNotNotes(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();
        using var agent = await ws.SignedInAsync(ws.Agent);

        var assigned = await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/assign", new { assigneeAgentNumber = "9002", teamId = ws.Team.Id });
        assigned.StatusCode.ShouldBe(HttpStatusCode.OK, await assigned.Content.ReadAsStringAsync());
        var summary = await assigned.JsonAsync();
        summary.GetProperty("status").GetString().ShouldBe("open");
        summary.GetProperty("assignee").GetProperty("agentNumber").GetString().ShouldBe("9002");

        var reply = await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "您好，已为您催促商家处理退款。" });
        reply.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await reply.JsonAsync()).GetProperty("author").GetProperty("agentNumber").GetString().ShouldBe("9002");
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/notes", new { body = "商家电话打不通，明天再跟进" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var seenByPlatform = await (await platform.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        seenByPlatform.GetProperty("status").GetString().ShouldBe("solved");
        var messages = seenByPlatform.GetProperty("messages").EnumerateArray().ToList();
        messages.Count.ShouldBe(2);
        messages[1].GetProperty("author").GetProperty("agentNumber").GetString().ShouldBe("9002");
        messages[1].GetProperty("author").GetProperty("displayName").GetString().ShouldBe("李娜");
        messages.ShouldAllBe(m => m.GetProperty("visibility").GetString() == "public");
        seenByPlatform.GetProperty("timeline").EnumerateArray().ShouldNotContain(e => e.GetProperty("kind").GetString() == "message.internal_note");

        var seenByAgent = await (await agent.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        seenByAgent.GetProperty("messages").GetArrayLength().ShouldBe(3);
        seenByAgent.GetProperty("firstRespondedAt").ValueKind.ShouldBe(JsonValueKind.String);
        seenByAgent.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ShouldBe(
            ["ticket.created", "ticket.assigned", "ticket.status_changed", "message.agent_reply", "message.internal_note", "ticket.status_changed"]);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task ChangeStatus_IllegalTransition_Returns409AndChangesNothing(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();
        using var agent = await ws.SignedInAsync(ws.Agent);

        await (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "solved" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "closed" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "dancing" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "status");

        var ticket = await (await agent.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        ticket.GetProperty("status").GetString().ShouldBe("new");
        ticket.GetProperty("timeline").GetArrayLength().ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CustomerMessage_OnSolvedOrWaitingTicket_ReopensIt(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();
        using var agent = await ws.SignedInAsync(ws.Agent);
        await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/assign", new { assigneeAgentNumber = "9002" });
        await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "waitingOnCustomer" });

        (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "照片已上传" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await (await agent.GetAsync($"/api/v1/tickets/{number}")).JsonAsync()).GetProperty("status").GetString().ShouldBe("open");

        await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "solved" });
        (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "还是没有到账" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await (await agent.GetAsync($"/api/v1/tickets/{number}")).JsonAsync()).GetProperty("status").GetString().ShouldBe("open");

        await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "solved" });
        await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "closed" });

        // A closed ticket stays closed: the message opens a follow-on ticket linked to it (see ReopenWindowTests).
        (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "再问一下" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var closed = await (await agent.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        closed.GetProperty("status").GetString().ShouldBe("closed");
        closed.GetProperty("links")[0].GetProperty("relation").GetString().ShouldBe("continuedBy");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CustomerMessage_SameExternalIdTwice_IsStoredOnce(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();

        var first = await (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "补充说明", externalId = "app-msg-1" })).JsonAsync();
        var again = await (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "补充说明", externalId = "app-msg-1" })).JsonAsync();

        again.GetProperty("id").GetGuid().ShouldBe(first.GetProperty("id").GetGuid());
        (await (await platform.GetAsync($"/api/v1/tickets/{number}")).JsonAsync()).GetProperty("messages").GetArrayLength().ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task ListTickets_Filters_ByStatusAssigneeCategoryAndTeam(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var refund = await platform.CreateTicketAsync(Api.NewTicket(category: "refund"));
        var account = await platform.CreateTicketAsync(Api.NewTicket(category: "account"));
        var plain = await platform.CreateTicketAsync(Api.NewTicket(category: null));
        using var agent = await ws.SignedInAsync(ws.Agent);
        await agent.PostAsJsonAsync($"/api/v1/tickets/{account}/assign", new { assigneeAgentNumber = "9002" });

        async Task<long[]> NumbersAsync(string query)
        {
            var page = await (await agent.GetAsync("/api/v1/tickets" + query)).JsonAsync();
            return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt64())];
        }

        (await NumbersAsync("")).ShouldBe([plain, account, refund]);
        (await NumbersAsync("?status=new")).ShouldBe([plain, refund]);
        (await NumbersAsync("?status=open,solved")).ShouldBe([account]);
        (await NumbersAsync("?assignee=me")).ShouldBe([account]);
        (await NumbersAsync("?assignee=9002")).ShouldBe([account]);
        (await NumbersAsync("?assignee=none")).ShouldBe([plain, refund]);
        (await NumbersAsync("?category=refund")).ShouldBe([refund]);
        (await NumbersAsync($"?team={ws.Team.Id}")).ShouldBe([refund]);
        (await NumbersAsync("?pageSize=2&page=2")).ShouldBe([refund]);
        await (await agent.GetAsync("/api/v1/tickets?status=bogus")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "status");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task ListCustomerTickets_NewestFirstAndPaged(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var numbers = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            numbers.Add(await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-list", subject: $"问题{i}")));
        }

        await platform.CreateTicketAsync(Api.NewTicket(externalId: "someone-else"));

        var page1 = await (await platform.GetAsync("/api/v1/customers/u-list/tickets?pageSize=3")).JsonAsync();
        var page2 = await (await platform.GetAsync("/api/v1/customers/u-list/tickets?pageSize=3&page=2")).JsonAsync();

        page1.GetProperty("total").GetInt32().ShouldBe(5);
        page1.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt64()).ShouldBe([numbers[4], numbers[3], numbers[2]]);
        page2.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt64()).ShouldBe([numbers[1], numbers[0]]);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task AgentEndpoints_RejectIntegrationKey_AndCustomerEndpointsAcceptAgents(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();

        (await platform.GetAsync("/api/v1/tickets")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "冒充客服" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var agent = await ws.SignedInAsync(ws.Agent);
        (await agent.PostAsJsonAsync("/api/v1/tickets", Api.NewTicket())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await agent.GetAsync("/api/v1/customers/u-1001/tickets")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
