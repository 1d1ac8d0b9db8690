using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Sla;

/// <summary>
/// SLA end to end on the real server and database: policies chosen at intake, clocks that follow the ticket, the engine
/// firing warnings and breaches on time (and once), nudges, promises and requests for a supervisor.
/// </summary>
public sealed class SlaFlowTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly string[] AccountOnly = ["account"];
    private static readonly string[] UnknownCategory = ["nope"];
    private static readonly string[] UnknownPriority = ["asap"];

    /// <summary>The server under test runs on the system clock, so the test reads the same one.</summary>
    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Intake_FirstMatchingPolicy_StartsClocksWithItsTargets(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        await CreatePolicyAsync(admin, "账户 7×24", 10, new { categories = AccountOnly }, new { firstResponseMinutes = 30, resolutionMinutes = 24 * 60 });
        await CreatePolicyAsync(admin, "其他", 20, new { }, new { firstResponseMinutes = 120, nextResponseMinutes = 240, resolutionMinutes = 960 });

        using var platform = ws.Integration();
        var before = Now;
        var number = await platform.CreateTicketAsync(Api.NewTicket(category: "account"));
        var sla = (await (await admin.GetAsync($"/api/v1/tickets/{number}")).JsonAsync()).GetProperty("sla");

        sla.GetProperty("policy").GetString().ShouldBe("账户 7×24");
        var clocks = sla.GetProperty("clocks").EnumerateArray().ToDictionary(c => c.GetProperty("metric").GetString()!);
        clocks.Keys.ShouldBe(["firstResponse", "resolution"], ignoreOrder: true);
        var due = clocks["firstResponse"].GetProperty("dueAt").GetDateTimeOffset();
        due.ShouldBeInRange(before.AddMinutes(30).AddSeconds(-1), Now.AddMinutes(30).AddSeconds(1));
        clocks["resolution"].GetProperty("state").GetString().ShouldBe("running");

        var customerView = (await (await platform.GetAsync($"/api/v1/tickets/{number}")).JsonAsync()).GetProperty("sla");
        customerView.GetProperty("policy").ValueKind.ShouldBe(JsonValueKind.Null, "policy names are internal");
        customerView.GetProperty("clocks").GetArrayLength().ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Clocks_FollowReplyWaitingAndCustomerMessages(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        await CreatePolicyAsync(admin, "标准", 10, new { }, new { firstResponseMinutes = 60, nextResponseMinutes = 60, resolutionMinutes = 600 });
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();

        (await admin.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "您好，正在核实。" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var clocks = await ClocksAsync(admin, number);
        clocks["firstResponse"].GetProperty("state").GetString().ShouldBe("stopped");
        clocks["firstResponse"].GetProperty("breached").GetBoolean().ShouldBeFalse();
        clocks.ContainsKey("nextResponse").ShouldBeFalse();

        (await admin.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "waitingOnCustomer" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        clocks = await ClocksAsync(admin, number);
        clocks["resolution"].GetProperty("state").GetString().ShouldBe("paused");
        clocks["resolution"].GetProperty("dueAt").ValueKind.ShouldBe(JsonValueKind.Null);

        (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "补充一下订单截图。" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        clocks = await ClocksAsync(admin, number);
        clocks["resolution"].GetProperty("state").GetString().ShouldBe("running");
        clocks["nextResponse"].GetProperty("state").GetString().ShouldBe("running");

        (await admin.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "已收到，退款已处理。" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await ClocksAsync(admin, number))["nextResponse"].GetProperty("state").GetString().ShouldBe("stopped");

        (await admin.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        clocks = await ClocksAsync(admin, number);
        clocks["resolution"].GetProperty("state").GetString().ShouldBe("paused", "a solved ticket may be reopened and go on from the time it used");
        (await admin.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "closed" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ClocksAsync(admin, number)).Values.ShouldAllBe(c => c.GetProperty("state").GetString() == "stopped");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Engine_FiresWarningThenBreach_EscalatesAndNotifiesSupervisors(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        await CreatePolicyAsync(admin, "秒级", 10, new { }, new { firstResponseMinutes = 0.05, warnAtPercent = 50 }, calendar: "24x7");
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync(Api.NewTicket(category: "refund"));

        var timeline = await WaitForTimelineAsync(admin, number, kinds => kinds.Contains("sla.breached"));
        var kinds = timeline.Select(e => e.GetProperty("kind").GetString()).ToList();
        kinds.IndexOf("sla.warning").ShouldBeLessThan(kinds.IndexOf("sla.breached"));
        kinds.Count(k => k == "sla.breached").ShouldBe(1);
        foreach (var fired in timeline.Where(e => e.GetProperty("kind").GetString() is "sla.warning" or "sla.breached"))
        {
            // How late is measured in bench/ (docs/benchmarks.md), not here: a loaded test machine says nothing about it.
            fired.GetProperty("data").GetProperty("lateMs").GetDouble().ShouldBeGreaterThanOrEqualTo(0, "an event never fires before it is due");
        }

        var ticket = await (await admin.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        ticket.GetProperty("priority").GetString().ShouldBe("high", "the breach raised the priority one step");
        ticket.GetProperty("sla").GetProperty("escalationLevel").GetInt32().ShouldBe(2);
        ticket.GetProperty("sla").GetProperty("clocks")[0].GetProperty("breached").GetBoolean().ShouldBeTrue();

        var notifications = await (await admin.GetAsync("/api/v1/notifications")).JsonAsync();
        var mine = notifications.GetProperty("items").EnumerateArray().Where(n => n.GetProperty("ticketNumber").GetInt64() == number).Select(n => n.GetProperty("kind").GetString()).ToList();
        mine.ShouldContain("sla.warning");
        mine.ShouldContain("sla.breach");
        using var agent = await ws.SignedInAsync(ws.Agent);
        (await (await agent.GetAsync("/api/v1/notifications")).JsonAsync()).GetProperty("total").GetInt32().ShouldBe(0, "plain agents are not supervisors");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Nudge_BeforeDeadline_ShowsIt_ThenRateLimited_AfterBreach_Escalates(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        await CreatePolicyAsync(admin, "标准", 10, new { }, new { firstResponseMinutes = 120 }, calendar: "24x7");
        using var platform = ws.Integration();
        platform.DefaultRequestHeaders.Add("Kefu-Customer", "u-1001");
        var number = await platform.CreateTicketAsync();

        var first = await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/nudge", new { message = "怎么还没人回复？" });
        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        var answer = await first.JsonAsync();
        answer.GetProperty("outcome").GetString().ShouldBe("notYetDue");
        answer.GetProperty("metric").GetString().ShouldBe("firstResponse");
        answer.GetProperty("dueAt").GetDateTimeOffset().ShouldBeGreaterThan(Now.AddMinutes(100));

        var again = await platform.PostAsync($"/api/v1/tickets/{number}/nudge", null);
        await again.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        again.Headers.RetryAfter.ShouldNotBeNull();

        using var someoneElse = ws.Integration();
        someoneElse.DefaultRequestHeaders.Add("Kefu-Customer", "u-other");
        (await someoneElse.PostAsync($"/api/v1/tickets/{number}/nudge", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A ticket whose deadline has passed escalates at once on a nudge.
        await CreatePolicyAsync(admin, "秒级", 1, new { categories = AccountOnly }, new { firstResponseMinutes = 0.02 }, calendar: "24x7");
        var late = await platform.CreateTicketAsync(Api.NewTicket(category: "account"));
        await WaitForTimelineAsync(admin, late, kinds => kinds.Contains("sla.breached"));
        var escalated = await (await platform.PostAsync($"/api/v1/tickets/{late}/nudge", null)).JsonAsync();
        escalated.GetProperty("outcome").GetString().ShouldBe("escalated");
        escalated.GetProperty("nudgeCount").GetInt32().ShouldBe(1);

        var view = await (await admin.GetAsync($"/api/v1/tickets/{late}")).JsonAsync();
        var kinds = view.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        kinds.ShouldContain("ticket.nudged");
        kinds.Count(k => k == "ticket.escalated").ShouldBe(3, "one each for the warning, the breach and the nudge");
        view.GetProperty("sla").GetProperty("nudgeCount").GetInt32().ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Promise_IsShownToTheCustomer_AndLapsingEscalatesLikeABreach(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();

        await (await admin.PostAsJsonAsync($"/api/v1/tickets/{number}/promises", new { dueAt = "2026-01-01T10:00:00+08:00" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "dueAt");
        await (await admin.PostAsJsonAsync($"/api/v1/tickets/{number}/promises", new { dueAt = "2099-01-01T10:00:00", withinHours = 2 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "dueAt");
        await (await admin.PostAsJsonAsync($"/api/v1/tickets/{number}/promises", new { withinHours = -1 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "withinHours");

        var made = await admin.PostAsJsonAsync($"/api/v1/tickets/{number}/promises", new { withinHours = 0.0006, note = "财务确认后回复" });
        made.StatusCode.ShouldBe(HttpStatusCode.Created, await made.Content.ReadAsStringAsync());
        var promisedBy = (await made.JsonAsync()).GetProperty("dueAt").GetDateTimeOffset();

        var customerSees = await (await platform.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        // PostgreSQL keeps microseconds, .NET ticks are tenths of them.
        customerSees.GetProperty("sla").GetProperty("promisedBy").GetDateTimeOffset().ShouldBe(promisedBy, TimeSpan.FromMilliseconds(1));
        customerSees.GetProperty("timeline").EnumerateArray().ShouldContain(e => e.GetProperty("kind").GetString() == "promise.made");

        var timeline = await WaitForTimelineAsync(platform, number, kinds => kinds.Contains("promise.lapsed"));
        timeline.ShouldContain(e => e.GetProperty("kind").GetString() == "ticket.escalated", "a lapsed promise escalates like a breach");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task SupervisorRequest_NeedsAReason_LeavesTheQueue_AndOnlySupervisorsResolveIt(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();
        await (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/escalate", new { reason = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "reason");

        var escalated = await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/escalate", new { reason = "资金被冻结三天无人处理" });
        escalated.StatusCode.ShouldBe(HttpStatusCode.OK, await escalated.Content.ReadAsStringAsync());
        using var admin = await ws.SignedInAsync(ws.Admin);
        var view = await (await admin.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        view.GetProperty("sla").GetProperty("escalatedAt").ValueKind.ShouldBe(JsonValueKind.String);
        view.GetProperty("sla").GetProperty("escalationLevel").GetInt32().ShouldBe(2);

        using var agent = await ws.SignedInAsync(ws.Agent);
        (await agent.PostAsync($"/api/v1/tickets/{number}/escalation/resolve", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.PostAsync($"/api/v1/tickets/{number}/escalation/resolve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        view = await (await admin.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        view.GetProperty("sla").GetProperty("escalatedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        view.GetProperty("sla").GetProperty("escalationLevel").GetInt32().ShouldBe(2, "the level stays as history");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task AdminApi_RejectsBadPoliciesAndCalendars_AndKeepsCalendarsInUse(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        await (await admin.PostAsJsonAsync("/api/v1/admin/sla/policies", new { name = "x", calendar = "mars", targets = new { firstResponseMinutes = 5 } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "calendar");
        await (await admin.PostAsJsonAsync("/api/v1/admin/sla/policies", new { name = "x", targets = new { } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "targets");
        await (await admin.PostAsJsonAsync("/api/v1/admin/sla/policies", new { name = "x", conditions = new { categories = UnknownCategory }, targets = new { firstResponseMinutes = 5 } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "conditions.categories");
        await (await admin.PostAsJsonAsync("/api/v1/admin/sla/policies", new { name = "x", conditions = new { priorities = UnknownPriority }, targets = new { firstResponseMinutes = 5 } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var broken = new StringContent("""{ "timeZone": "Asia/Shanghai", "weeklyHours": { "monday": ["18:00-09:00"] } }""", System.Text.Encoding.UTF8, "application/json");
        await (await admin.PutAsync("/api/v1/admin/sla/calendars/night-shift", broken)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.PutAsync("/api/v1/admin/sla/calendars/cn-2026", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "key");

        var builtIn = await admin.GetStringAsync("/api/v1/admin/sla/calendars/cn-2026");
        var own = builtIn.Replace("\"Asia/Shanghai\"", "\"Asia/Urumqi\"", StringComparison.Ordinal);
        (await admin.PutAsync("/api/v1/admin/sla/calendars/xinjiang", new StringContent(own, System.Text.Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        await CreatePolicyAsync(admin, "新疆", 10, new { }, new { resolutionMinutes = 600 }, calendar: "xinjiang");
        await (await admin.DeleteAsync("/api/v1/admin/sla/calendars/xinjiang")).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var calendars = await (await admin.GetAsync("/api/v1/admin/sla/calendars")).JsonAsync();
        calendars.EnumerateArray().Select(c => c.GetProperty("key").GetString()).ShouldBe(["24x7", "cn-2026", "xinjiang"], ignoreOrder: true);

        using var agent = await ws.SignedInAsync(ws.Agent);
        (await agent.GetAsync("/api/v1/admin/sla/policies")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Engine_EventsDueWhileDown_FireAtStartUp_Once_EvenWithTwoNodes(Provider provider)
    {
        var first = await KefuApp.StartAsync(provider);
        KefuApp? second = null;
        KefuApp? third = null;
        try
        {
            var ws = await first.CreateWorkspaceAsync();
            using (var admin = await ws.SignedInAsync(ws.Admin))
            {
                await CreatePolicyAsync(admin, "秒级", 10, new { }, new { firstResponseMinutes = 0.03, resolutionMinutes = 0.05 }, calendar: "24x7");
            }

            long number;
            using (var platform = ws.Integration())
            {
                number = await platform.CreateTicketAsync();
            }

            await first.DisposeAsyncKeepingDatabase();
            await Task.Delay(TimeSpan.FromSeconds(4));

            // Two nodes on one database start together: every event that fell due while down fires, each exactly once.
            second = first.Restart();
            third = second.Restart();
            var deadline = Now + Patience;
            List<string> kinds = [];
            while (Now < deadline)
            {
                await using var db = second.Db();
                kinds = await db.AuditEvents.Where(e => e.WorkspaceId == ws.Workspace.Id).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync();
                if (kinds.Count(k => k == "sla.breached") >= 2)
                {
                    break;
                }

                await Task.Delay(200);
            }

            await Task.Delay(1500);
            await using (var db = second.Db())
            {
                kinds = await db.AuditEvents.Where(e => e.WorkspaceId == ws.Workspace.Id).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync();
            }

            kinds.Count(k => k == "sla.breached").ShouldBe(2, string.Join(", ", kinds));
            kinds.Count(k => k == "sla.warning").ShouldBe(2, string.Join(", ", kinds));
            number.ShouldBeGreaterThan(0);
        }
        finally
        {
            if (third is not null)
            {
                await third.DisposeAsyncKeepingDatabase();
            }

            await (second ?? first).DisposeAsync();
        }
    }

    private static async Task CreatePolicyAsync(HttpClient admin, string name, int position, object conditions, object targets, string calendar = "24x7")
    {
        var response = await admin.PostAsJsonAsync("/api/v1/admin/sla/policies", new { name, position, conditions, targets, calendar });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static async Task<Dictionary<string, JsonElement>> ClocksAsync(HttpClient client, long number) =>
        (await (await client.GetAsync($"/api/v1/tickets/{number}")).JsonAsync()).GetProperty("sla").GetProperty("clocks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("metric").GetString()!);

    private static async Task<List<JsonElement>> WaitForTimelineAsync(HttpClient client, long number, Func<List<string?>, bool> done)
    {
        var deadline = Now + Patience;
        while (true)
        {
            var timeline = (await (await client.GetAsync($"/api/v1/tickets/{number}")).JsonAsync()).GetProperty("timeline").EnumerateArray().ToList();
            if (done([.. timeline.Select(e => e.GetProperty("kind").GetString())]) || Now > deadline)
            {
                return timeline;
            }

            await Task.Delay(200);
        }
    }
}
