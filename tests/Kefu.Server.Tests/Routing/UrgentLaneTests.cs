using System.Text.Json;

namespace Kefu.Server.Tests.Routing;

/// <summary>The urgent lane (加急): rules approve lost money at once, a supervisor decides the rest, urgent work gets the urgent SLA.</summary>
public sealed class UrgentLaneTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task FundsLost_IsApprovedByRule_AndTheTicketMovesUnderTheUrgentPolicy(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        await PolicyAsync(admin, "加急", 1, new { urgent = true }, 30);
        await PolicyAsync(admin, "标准", 10, new { }, 600);

        using var customer = ws.Integration();
        customer.DefaultRequestHeaders.Add("Kefu-Customer", "u-1001");
        var number = await customer.CreateTicketAsync();
        var before = await (await admin.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        before.GetProperty("sla").GetProperty("policy").GetString().ShouldBe("标准");
        var startedAt = before.GetProperty("sla").GetProperty("clocks")[0].GetProperty("startedAt").GetDateTimeOffset();

        await (await customer.PostAsJsonAsync($"/api/v1/tickets/{number}/urgent", new { reasonKind = "fundsLost" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "reason");
        await (await customer.PostAsJsonAsync($"/api/v1/tickets/{number}/urgent", new { reasonKind = "panic", reason = "急" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var asked = await customer.PostAsJsonAsync($"/api/v1/tickets/{number}/urgent", new { reasonKind = "fundsLost", reason = "被骗转账 3000 元，需要马上冻结" });
        asked.StatusCode.ShouldBe(HttpStatusCode.Created, await asked.Content.ReadAsStringAsync());
        var answer = await asked.JsonAsync();
        answer.GetProperty("status").GetString().ShouldBe("approved");
        answer.GetProperty("approvedByRule").GetString().ShouldBe("资金损失");

        var after = await (await admin.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        after.GetProperty("priority").GetString().ShouldBe("urgent");
        after.GetProperty("sla").GetProperty("urgent").GetBoolean().ShouldBeTrue();
        after.GetProperty("sla").GetProperty("policy").GetString().ShouldBe("加急");
        var clock = after.GetProperty("sla").GetProperty("clocks")[0];
        clock.GetProperty("startedAt").GetDateTimeOffset().ShouldBe(startedAt, "the time already waited still counts");
        clock.GetProperty("dueAt").GetDateTimeOffset().ShouldBe(startedAt.AddMinutes(30), TimeSpan.FromMilliseconds(1));

        (await customer.PostAsJsonAsync($"/api/v1/tickets/{number}/urgent", new { reasonKind = "fundsLost", reason = "再次申请" }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict, "one request per ticket");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task OtherReasons_WaitForASupervisor_WhoApprovesOrRejectsWithANote(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var customer = ws.Integration();
        customer.DefaultRequestHeaders.Add("Kefu-Customer", "u-1001");
        var first = await customer.CreateTicketAsync();
        var second = await customer.CreateTicketAsync();
        foreach (var number in new[] { first, second })
        {
            var asked = await (await customer.PostAsJsonAsync($"/api/v1/tickets/{number}/urgent", new { reasonKind = "deadlineToday", reason = "今天下午要交货" })).JsonAsync();
            asked.GetProperty("status").GetString().ShouldBe("requested");
        }

        using var admin = await ws.SignedInAsync(ws.Admin);
        var notified = await (await admin.GetAsync("/api/v1/notifications")).JsonAsync();
        notified.GetProperty("total").GetInt32().ShouldBeGreaterThanOrEqualTo(2, "supervisors hear of requests they must decide");

        using var agent = await ws.SignedInAsync(ws.Agent);
        (await agent.PostAsync($"/api/v1/tickets/{first}/urgent/approve", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await (await admin.PostAsJsonAsync($"/api/v1/tickets/{second}/urgent/reject", new { note = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "note");

        (await admin.PostAsync($"/api/v1/tickets/{first}/urgent/approve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var rejected = await admin.PostAsJsonAsync($"/api/v1/tickets/{second}/urgent/reject", new { note = "已按正常时效处理，预计明天回复" });
        rejected.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostAsync($"/api/v1/tickets/{first}/urgent/approve", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict, "a decision is final");

        var approvedView = await (await customer.GetAsync($"/api/v1/tickets/{first}")).JsonAsync();
        approvedView.GetProperty("priority").GetString().ShouldBe("urgent");
        var rejectedView = await (await customer.GetAsync($"/api/v1/tickets/{second}")).JsonAsync();
        rejectedView.GetProperty("sla").GetProperty("urgent").GetBoolean().ShouldBeFalse();
        rejectedView.GetProperty("sla").GetProperty("urgentRequest").GetProperty("note").GetString().ShouldBe("已按正常时效处理，预计明天回复");
        rejectedView.GetProperty("timeline").EnumerateArray().ShouldContain(e => e.GetProperty("kind").GetString() == "urgent.decided");
        rejectedView.GetProperty("sla").GetProperty("urgentRequest").GetProperty("status").GetString().ShouldBe("rejected");
        rejectedView.GetProperty("sla").GetProperty("urgentRequest").ValueKind.ShouldBe(JsonValueKind.Object);
    }

    private static async Task PolicyAsync(HttpClient admin, string name, int position, object conditions, double firstResponseMinutes)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/admin/sla/policies",
            new { name, position, conditions, calendar = "24x7", targets = new { firstResponseMinutes, resolutionMinutes = firstResponseMinutes * 10 } });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }
}
