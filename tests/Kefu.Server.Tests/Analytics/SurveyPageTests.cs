using Kefu.Server.Features.Csat;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Analytics;

/// <summary>The HTML page a CSAT link opens, driven with a plain HTTP client as a browser (or a link scanner) would.</summary>
public sealed class SurveyPageTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private static async Task<(TestWorkspace Ws, long Number, string Token)> SolvedWithLinkAsync(ProviderApps apps, Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var agent = await ws.SignedInAsync(ws.Agent);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "好的" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = "page-token-" + Guid.NewGuid().ToString("N");
        await using var db = ws.App.Db();
        var survey = await db.CsatSurveys.SingleAsync(s => s.WorkspaceId == ws.Workspace.Id && s.TicketNumber == number);
        survey.IssueLink(CsatEndpoints.HashToken(token), DateTimeOffset.UnixEpoch);
        await db.SaveChangesAsync();
        return (ws, number, token);
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Page_GetShowsTheFormInEitherLanguage_OnlyThePostRecords_Once(Provider provider)
    {
        var (ws, number, token) = await SolvedWithLinkAsync(apps, provider);
        using var browser = ws.App.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            var shown = await browser.GetAsync($"/csat/{token}");
            shown.StatusCode.ShouldBe(HttpStatusCode.OK);
            shown.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
            var html = await shown.Content.ReadAsStringAsync();
            html.ShouldContain("您对本次服务满意吗");
            html.ShouldContain("<form method=\"post\">");
            html.ShouldContain($"#{number}");
        }

        var english = new HttpRequestMessage(HttpMethod.Get, $"/csat/{token}");
        english.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");
        (await (await browser.SendAsync(english)).Content.ReadAsStringAsync()).ShouldContain("Were you satisfied with our service?");
        (await (await browser.GetAsync($"/csat/{token}?lang=en")).Content.ReadAsStringAsync()).ShouldContain("Send rating");
        await using (var db = ws.App.Db())
        {
            (await db.CsatSurveys.SingleAsync(s => s.WorkspaceId == ws.Workspace.Id)).IsAnswered.ShouldBeFalse("reading the page records nothing");
        }

        var missing = await browser.PostAsync($"/csat/{token}", Form(("comment", "没选分")));
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("请选择 1–5 分");

        var rated = await browser.PostAsync($"/csat/{token}", Form(("rating", "4"), ("comment", "<script>alert('x')</script> 很好"), ("lang", "zh-CN")));
        var thanks = await rated.Content.ReadAsStringAsync();
        rated.StatusCode.ShouldBe(HttpStatusCode.OK, thanks);
        thanks.ShouldContain("感谢您的评价");
        thanks.ShouldNotContain("<script>");
        thanks.ShouldContain("&lt;script&gt;");

        var again = await browser.PostAsync($"/csat/{token}", Form(("rating", "1")));
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("4 / 5");
        (await (await browser.GetAsync($"/csat/{token}")).Content.ReadAsStringAsync()).ShouldContain("已经评价过了");
        (await browser.GetAsync("/csat/not-a-token")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var platform = ws.Integration();
        var survey = await (await platform.GetAsync($"/api/v1/tickets/{number}/csat")).JsonAsync();
        survey.GetProperty("rating").GetInt32().ShouldBe(4);
    }
}
