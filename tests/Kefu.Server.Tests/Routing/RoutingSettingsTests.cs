using System.Text.Json;
using Kefu.Domain.Agents;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Routing;

/// <summary>What admins set and measure for routing: language rules, the urgent lane's own rules, measured handle times.</summary>
public sealed class RoutingSettingsTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private static readonly string[] English = ["en"];
    private static readonly string[] BadTag = ["<b>"];
    private static readonly string[] NoCategory = ["nope"];
    private static readonly string[] ServiceDown = ["serviceDown"];

    private static object Ticket(string subject, string description, string? locale = null) => new
    {
        customer = new { externalId = "u-1001", name = "陈晓明" },
        subject,
        description,
        category = "refund",
        locale,
    };

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task LanguageRule_SendsEnglishTextToTheEnglishDesk_AndTheLocaleDecidesWhenTheTextCannot(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        Guid englishDesk;
        await using (var db = ws.App.Db())
        {
            var team = new Team { Id = Guid.NewGuid(), WorkspaceId = ws.Workspace.Id, Name = "English desk" };
            db.Teams.Add(team);
            await db.SaveChangesAsync();
            englishDesk = team.Id;
        }

        using var admin = await ws.SignedInAsync(ws.Admin);
        await (await admin.PutAsJsonAsync("/api/v1/admin/routing", new
        {
            defaultTeamId = ws.Team.Id,
            rules = new object[] { new { name = "English", languages = BadTag, teamId = englishDesk } },
        })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "rules[0].languages");
        var put = await admin.PutAsJsonAsync("/api/v1/admin/routing", new
        {
            defaultTeamId = ws.Team.Id,
            rules = new object[] { new { name = "English", languages = English, teamId = englishDesk } },
        });
        put.StatusCode.ShouldBe(HttpStatusCode.NoContent, await put.Content.ReadAsStringAsync());

        using var platform = ws.Integration();
        var english = await platform.CreateTicketAsync(Ticket("Refund not received", "I asked for a refund a week ago and nothing came back"));
        var chinese = await platform.CreateTicketAsync(Ticket("退款一直没有到账", "11月12日申请的退款，到现在还没有到账。", locale: "en"));
        var byLocale = await platform.CreateTicketAsync(Ticket("FS20261118", "FS20261118-0032 ?", locale: "en-GB"));
        await (await platform.PostAsJsonAsync("/api/v1/tickets", Ticket("退款", "退款没到账", locale: "not a tag!")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "locale");

        async Task<(Guid Team, string? Language)> RoutedAsync(long number)
        {
            var view = await (await admin.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
            var routed = view.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "ticket.routed");
            return (view.GetProperty("team").GetProperty("id").GetGuid(), routed.GetProperty("data").GetProperty("language").GetString());
        }

        (await RoutedAsync(english)).ShouldBe((englishDesk, "en"));
        (await RoutedAsync(chinese)).ShouldBe((ws.Team.Id, "zh"), "Chinese text outweighs an English locale");
        (await RoutedAsync(byLocale)).ShouldBe((englishDesk, "en-GB"));
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task UrgentLane_AdminReplacesTheRules_AndRequestsFollowThem(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        var defaults = await (await admin.GetAsync("/api/v1/admin/routing/urgent-lane")).JsonAsync();
        defaults.GetProperty("isDefault").GetBoolean().ShouldBeTrue();
        defaults.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ShouldBe(["资金损失", "账户被盗"]);

        await (await admin.PutAsJsonAsync("/api/v1/admin/routing/urgent-lane", new { rules = new object[] { new { name = "全部" } } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "rules[0]");
        await (await admin.PutAsJsonAsync("/api/v1/admin/routing/urgent-lane", new { rules = new object[] { new { name = "类目", categoryCodes = NoCategory } } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "rules[0].categoryCodes");
        await (await admin.PutAsJsonAsync("/api/v1/admin/routing/urgent-lane", new
        {
            rules = new object[] { new { name = "a", reasonKinds = ServiceDown }, new { name = "A", minimumVipLevel = 3 } },
        })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "rules");
        using (var agent = await ws.SignedInAsync(ws.Agent))
        {
            (await agent.PutAsJsonAsync("/api/v1/admin/routing/urgent-lane", new { rules = Array.Empty<object>() })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        var put = await admin.PutAsJsonAsync("/api/v1/admin/routing/urgent-lane", new { rules = new object[] { new { name = "服务中断", reasonKinds = ServiceDown } } });
        put.StatusCode.ShouldBe(HttpStatusCode.NoContent, await put.Content.ReadAsStringAsync());
        var edited = await (await admin.GetAsync("/api/v1/admin/routing/urgent-lane")).JsonAsync();
        edited.GetProperty("isDefault").GetBoolean().ShouldBeFalse();

        using var customer = ws.Integration();
        customer.DefaultRequestHeaders.Add("Kefu-Customer", "u-1001");
        async Task<JsonElement> AskAsync(string kind)
        {
            var number = await customer.CreateTicketAsync();
            var asked = await customer.PostAsJsonAsync($"/api/v1/tickets/{number}/urgent", new { reasonKind = kind, reason = "系统整体无法下单" });
            asked.StatusCode.ShouldBe(HttpStatusCode.Created, await asked.Content.ReadAsStringAsync());
            return await asked.JsonAsync();
        }

        var down = await AskAsync("serviceDown");
        down.GetProperty("status").GetString().ShouldBe("approved");
        down.GetProperty("approvedByRule").GetString().ShouldBe("服务中断");
        (await AskAsync("fundsLost")).GetProperty("status").GetString().ShouldBe("requested", "the admin's rules replaced the defaults");

        (await admin.DeleteAsync("/api/v1/admin/routing/urgent-lane")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await AskAsync("fundsLost")).GetProperty("status").GetString().ShouldBe("approved");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task HandleTimes_AreMeasuredFromAssignmentToSolve_PerTeamAgentAndCategory(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        using var agent = await ws.SignedInAsync(ws.Agent);
        var number = await platform.CreateTicketAsync();
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/take", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Task.Delay(50);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var unsolved = await platform.CreateTicketAsync();
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{unsolved}/take", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var db = ws.App.Db())
        {
            var solved = await db.Tickets.SingleAsync(t => t.WorkspaceId == ws.Workspace.Id && t.Number == number);
            solved.HandleTime.ShouldNotBeNull();
            solved.HandleTime.Value.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(40));
            solved.HandleTime.Value.ShouldBeLessThan(solved.SolvedAt!.Value - solved.CreatedAt + TimeSpan.FromMilliseconds(1));
        }

        using var admin = await ws.SignedInAsync(ws.Admin);
        var report = await (await admin.GetAsync("/api/v1/admin/routing/handle-times?days=1")).JsonAsync();
        report.GetProperty("overall").GetProperty("count").GetInt32().ShouldBe(1, "only solved tickets count");
        var team = report.GetProperty("teams").EnumerateArray().Single(t => t.GetProperty("teamId").GetGuid() == ws.Team.Id);
        team.GetProperty("count").GetInt32().ShouldBe(1);
        team.GetProperty("estimateMinutes").GetDouble().ShouldBe(report.GetProperty("assumedMinutes").GetDouble(), "one sample is too few to trust");
        report.GetProperty("agents").EnumerateArray().Single().GetProperty("agentNumber").GetString().ShouldBe(ws.Agent.AgentNumber);
        report.GetProperty("categories").EnumerateArray().Single().GetProperty("code").GetString().ShouldBe("refund");
        await (await admin.GetAsync("/api/v1/admin/routing/handle-times?days=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "days");
    }
}
