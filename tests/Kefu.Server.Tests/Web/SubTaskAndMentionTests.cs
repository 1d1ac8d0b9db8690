using System.Text.Json;

namespace Kefu.Server.Tests.Web;

public sealed class SubTaskAndMentionTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task SubTask_WhileOpen_BlocksSolvingAndNotifiesOwner(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-sub-1"));
        using var agent = await ws.SignedInAsync(ws.Agent);
        using var admin = await ws.SignedInAsync(ws.Admin);
        (await agent.PostAsync($"/api/v1/tickets/{number}/take", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var created = await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/subtasks", new { title = "财务核对退款流水", ownerAgentNumber = "9001", dueAt = "2099-01-01T00:00:00Z" });
        created.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a due time more than a year away");
        created = await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/subtasks", new { title = "财务核对退款流水", ownerAgentNumber = "9001" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var task = await created.JsonAsync();
        task.GetProperty("owner").GetProperty("agentNumber").GetString().ShouldBe("9001");
        task.GetProperty("createdBy").GetProperty("agentNumber").GetString().ShouldBe("9002");
        var id = task.GetProperty("id").GetGuid();

        var notices = await (await admin.GetAsync("/api/v1/notifications")).JsonAsync();
        var notice = notices.GetProperty("items").EnumerateArray().Single(n => n.GetProperty("kind").GetString() == "ticket.subtask_assigned");
        notice.GetProperty("ticketNumber").GetInt64().ShouldBe(number);
        notice.GetProperty("data").GetProperty("title").GetString().ShouldBe("财务核对退款流水");

        var solve = await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "solved" });
        solve.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await admin.PostAsync($"/api/v1/tickets/{number}/subtasks/{id}/done", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await (await agent.PostAsync($"/api/v1/tickets/{number}/subtasks/{id}/done", null)).JsonAsync();
        again.GetProperty("doneBy").GetProperty("agentNumber").GetString().ShouldBe("9001", "the first to finish it stays recorded");
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var timeline = (await (await agent.GetAsync($"/api/v1/tickets/{number}")).JsonAsync()).GetProperty("timeline").EnumerateArray()
            .Select(e => e.GetProperty("kind").GetString()).ToList();
        timeline.ShouldContain("subtask.created");
        timeline.ShouldContain("subtask.done");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task SubTask_BadInput_IsRefused(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-sub-2"));
        using var agent = await ws.SignedInAsync(ws.Agent);

        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/subtasks", new { title = "", teamId = ws.Team.Id })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/subtasks", new { title = "没有负责人" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/subtasks", new { title = "查无此人", ownerAgentNumber = "0000" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/subtasks", new { title = "过去的时间", teamId = ws.Team.Id, dueAt = "2001-01-01T00:00:00Z" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/subtasks", new { title = "别的组", teamId = Guid.NewGuid() })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await agent.PostAsync($"/api/v1/tickets/{number}/subtasks/{Guid.NewGuid()}/done", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await agent.GetAsync("/api/v1/tickets/999999/subtasks")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var ok = await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/subtasks", new { title = "技术查日志", teamId = ws.Team.Id });
        ok.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await ok.JsonAsync()).GetProperty("id").GetGuid();
        (await agent.PostAsync($"/api/v1/tickets/{number}/subtasks/{id}/done", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var reopened = await (await agent.PostAsync($"/api/v1/tickets/{number}/subtasks/{id}/reopen", null)).JsonAsync();
        reopened.GetProperty("doneAt").ValueKind.ShouldBe(JsonValueKind.Null);
        var list = await (await agent.GetAsync($"/api/v1/tickets/{number}/subtasks")).JsonAsync();
        list.EnumerateArray().Single().GetProperty("team").GetProperty("name").GetString().ShouldBe("售后退款组");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task InternalNote_MentioningColleague_NotifiesOnlyThem(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-mention-1"));
        using var agent = await ws.SignedInAsync(ws.Agent);
        using var admin = await ws.SignedInAsync(ws.Admin);

        var context = await (await agent.GetAsync("/api/v1/workbench/context")).JsonAsync();
        context.GetProperty("colleagues").EnumerateArray().Select(c => c.GetProperty("agentNumber").GetString()).ShouldBe(["9001", "9002"]);

        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/notes", new { body = "@管理员 请帮忙看下退款，@9002 是我自己" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "@9001 公开回复不算提及" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var mine = await (await admin.GetAsync("/api/v1/notifications")).JsonAsync();
        var mentions = mine.GetProperty("items").EnumerateArray().Where(n => n.GetProperty("kind").GetString() == "ticket.mentioned").ToList();
        mentions.Count.ShouldBe(1);
        mentions[0].GetProperty("data").GetProperty("by").GetString().ShouldBe("9002");
        var own = await (await agent.GetAsync("/api/v1/notifications")).JsonAsync();
        own.GetProperty("items").EnumerateArray().ShouldNotContain(n => n.GetProperty("kind").GetString() == "ticket.mentioned");
    }
}
