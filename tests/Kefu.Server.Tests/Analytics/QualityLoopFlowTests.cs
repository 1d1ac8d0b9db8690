using System.Text.Json;
using Kefu.Domain.Analytics;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Analytics;

/// <summary>Facts written with the events, rolled up into the metrics API, and CSAT one answer per solve cycle, on the real server.</summary>
public sealed class QualityLoopFlowTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static async Task<JsonElement> SummaryAsync(HttpClient client, Func<JsonElement, bool> ready)
    {
        var until = TimeProvider.System.GetUtcNow() + Patience;
        while (true)
        {
            var summary = await (await client.GetAsync("/api/v1/analytics/summary")).JsonAsync();
            if (ready(summary.GetProperty("figures")) || TimeProvider.System.GetUtcNow() > until)
            {
                return summary.GetProperty("figures");
            }

            await Task.Delay(200);
        }
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task ReplyAndSolve_WriteFactsThatReachTheSummary_AndTheCycleCanBeRatedOnce(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        using var agent = await ws.SignedInAsync(ws.Agent);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();

        (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/csat", new { rating = 5 })).StatusCode.ShouldBe(HttpStatusCode.Conflict, "nothing solved yet");
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "已为您退款。" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var db = ws.App.Db())
        {
            var kinds = await db.TicketFacts.Where(f => f.WorkspaceId == ws.Workspace.Id && f.TicketNumber == number).Select(f => f.Kind).ToListAsync();
            kinds.ShouldBe([FactKind.Created, FactKind.FirstResponse, FactKind.Solved], ignoreOrder: true);
            (await db.CsatSurveys.CountAsync(s => s.TicketNumber == number && s.WorkspaceId == ws.Workspace.Id)).ShouldBe(1);
        }

        var rated = await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/csat", new { rating = 2, comment = "<b>慢</b>" });
        rated.StatusCode.ShouldBe(HttpStatusCode.OK, await rated.Content.ReadAsStringAsync());
        (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/csat", new { rating = 5 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/csat", new { rating = 9 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var figures = await SummaryAsync(admin, f => f.GetProperty("csat").GetProperty("ratings").GetInt64() == 1);
        figures.GetProperty("created").GetInt64().ShouldBe(1);
        figures.GetProperty("firstResponse").GetProperty("count").GetInt64().ShouldBe(1);
        figures.GetProperty("firstSolves").GetInt64().ShouldBe(1);
        figures.GetProperty("firstContactResolutionRate").GetDouble().ShouldBe(1);
        figures.GetProperty("csat").GetProperty("average").GetDouble().ShouldBe(2);

        var mine = await SummaryAsync(agent, f => f.GetProperty("csat").GetProperty("ratings").GetInt64() == 1);
        mine.GetProperty("csat").GetProperty("ratings").GetInt64().ShouldBe(1, "the rating is credited to the agent who replied");
        (await agent.GetAsync("/api/v1/analytics/breakdown?by=team")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var csv = await admin.GetAsync("/api/v1/analytics/breakdown?by=channel&format=csv");
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        (await csv.Content.ReadAsStringAsync()).ShouldContain("api,");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task SurveyLink_GetShowsTheQuestion_OnlyPostRecords(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var agent = await ws.SignedInAsync(ws.Agent);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "好的" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        const string Token = "test-link-token-0001";
        await using (var db = ws.App.Db())
        {
            var survey = await db.CsatSurveys.SingleAsync(s => s.WorkspaceId == ws.Workspace.Id && s.TicketNumber == number);
            survey.IssueLink(Kefu.Server.Features.Csat.CsatEndpoints.HashToken(Token), DateTimeOffset.UnixEpoch);
            await db.SaveChangesAsync();
        }

        using var anonymous = ws.App.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var shown = await (await anonymous.GetAsync($"/api/v1/csat/{Token}")).JsonAsync();
            shown.GetProperty("answered").GetBoolean().ShouldBeFalse("a link scanner's GET records nothing");
        }

        (await anonymous.PostAsJsonAsync($"/api/v1/csat/{Token}", new { rating = 4 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.PostAsJsonAsync($"/api/v1/csat/{Token}", new { rating = 1 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await anonymous.GetAsync("/api/v1/csat/wrong-token")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await platform.GetAsync($"/api/v1/tickets/{number}/csat")).JsonAsync()).GetProperty("rating").GetInt32().ShouldBe(4);
    }
}
