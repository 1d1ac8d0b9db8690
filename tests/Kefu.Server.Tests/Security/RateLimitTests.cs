using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Kefu.Server.Tests.Chat;

namespace Kefu.Server.Tests.Security;

public sealed class RateLimitTests
{
    private static Task<KefuApp> StartAsync(params (string Key, string Value)[] settings) =>
        KefuApp.StartAsync(Provider.Sqlite, settings: settings.ToDictionary(s => s.Key, s => s.Value));

    private static async Task<List<HttpResponseMessage>> CreateTicketsAsync(HttpClient client, int count)
    {
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < count; i++)
        {
            answers.Add(await client.PostAsJsonAsync("/api/v1/tickets", Api.NewTicket(externalId: $"u-{i}")));
        }

        return answers;
    }

    [Fact]
    public async Task Intake_OverTheKeyLimit_Answers429WithRetryAfterAndProblemDetails()
    {
        await using var app = await StartAsync(("RateLimits:Intake:PerKeyPerMinute", "3"));
        var first = await app.CreateWorkspaceAsync();
        var second = await app.CreateWorkspaceAsync();
        using var firstKey = first.Integration();
        using var secondKey = second.Integration();

        var answers = await CreateTicketsAsync(firstKey, 4);

        answers.Take(3).ShouldAllBe(a => a.StatusCode == HttpStatusCode.Created);
        await answers[3].ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        int.Parse(answers[3].Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture).ShouldBeInRange(1, 60);
        (await CreateTicketsAsync(secondKey, 1))[0].StatusCode.ShouldBe(HttpStatusCode.Created, "another workspace's key has its own budget");
        await using var db = app.Db();
        (await db.Tickets.CountAsync(t => t.WorkspaceId == first.Workspace.Id)).ShouldBe(3, "a refused request stores nothing");
    }

    [Fact]
    public async Task Intake_KeyNamedInConfiguration_GetsItsOwnLimit()
    {
        await using var app = await StartAsync(("RateLimits:Intake:PerKeyPerMinute", "1"), ("RateLimits:Intake:Keys:tests", "0"));
        using var client = (await app.CreateWorkspaceAsync()).Integration();

        (await CreateTicketsAsync(client, 4)).ShouldAllBe(a => a.StatusCode == HttpStatusCode.Created);
    }

    [Fact]
    public async Task Intake_OverTheAddressLimit_IsRefusedWhateverTheKey()
    {
        await using var app = await StartAsync(("RateLimits:Intake:PerAddressPerMinute", "3"));
        using var first = (await app.CreateWorkspaceAsync()).Integration();
        using var second = (await app.CreateWorkspaceAsync()).Integration();

        var answers = new[] { first, second, first, second }.Select(c => c.PostAsJsonAsync("/api/v1/tickets", Api.NewTicket())).ToList();
        var statuses = new List<HttpStatusCode>();
        foreach (var answer in answers)
        {
            statuses.Add((await answer).StatusCode);
        }

        statuses.Count(s => s == HttpStatusCode.Created).ShouldBe(3);
        statuses.Count(s => s == HttpStatusCode.TooManyRequests).ShouldBe(1);
    }

    [Fact]
    public async Task WidgetSessions_OverTheWidgetKeyLimit_Answers429ButOtherWorkspacesOpen()
    {
        await using var app = await StartAsync(("RateLimits:WidgetSessions:PerKeyPerMinute", "2"));
        var first = await app.CreateWorkspaceAsync();
        var second = await app.CreateWorkspaceAsync();
        var key = await first.WidgetKeyAsync();

        (await first.OpenSessionAsync(new { widgetKey = key })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await first.OpenSessionAsync(new { widgetKey = key })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await first.OpenSessionAsync(new { widgetKey = key });

        await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        refused.Headers.Contains("Retry-After").ShouldBeTrue();
        (await second.OpenSessionAsync(new { widgetKey = await second.WidgetKeyAsync() })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
