using Kefu.Domain.Csat;
using Kefu.Server.Features.Analytics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kefu.Server.Tests.Analytics;

/// <summary>`kefu analytics rebuild` recomputes from the timelines exactly what the write path recorded as it went.</summary>
public sealed class AnalyticsRebuildTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private static async Task<(List<string> Facts, List<string> Rollups)> SnapshotAsync(TestWorkspace ws)
    {
        var until = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(20);
        await using var db = ws.App.Db();
        while (await db.TicketFacts.AnyAsync(f => f.WorkspaceId == ws.Workspace.Id && !f.RolledUp) && TimeProvider.System.GetUtcNow() < until)
        {
            await Task.Delay(100);
        }

        var facts = await db.TicketFacts.AsNoTracking().Where(f => f.WorkspaceId == ws.Workspace.Id).ToListAsync();
        var rollups = await db.MetricRollups.AsNoTracking().Where(r => r.WorkspaceId == ws.Workspace.Id).ToListAsync();
        return (
            [.. facts.Select(f => string.Join('|', f.TicketNumber, f.Kind, f.Cycle, f.OccurredAt.ToUnixTimeMilliseconds(), f.LocalDay, f.LocalHour, f.WallSeconds, f.BusinessSeconds,
                f.WithinTarget, f.Flag, f.Value, f.Detail, f.AgentId, f.TeamId, f.CategoryId, f.Channel, f.MerchantId, f.CustomerTier, f.CreatedHour, f.AttributionOnly, f.RolledUp)).Order(StringComparer.Ordinal)],
            // Sums of seconds are compared to the microsecond: adding the same doubles in another order may differ in the last bit.
            [.. rollups.Select(r => string.Join('|', r.Dimension, r.Key, r.Kind, r.Bucket, r.Count, r.Timed, Math.Round(r.WallSeconds, 6), Math.Round(r.BusinessSeconds, 6), r.Targeted, r.Met, r.Flagged, Math.Round(r.ValueSum, 6)))
                .Order(StringComparer.Ordinal)]);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Rebuild_OnAWorkedWorkspace_EqualsTheIncrementallyRecordedFacts_AndIsIdempotent(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var agent = await ws.SignedInAsync(ws.Agent);
        using var platform = ws.Integration();
        async Task SolveAsync(long number)
        {
            (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "已处理。" })).StatusCode.ShouldBe(HttpStatusCode.Created);
            (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var reopened = await platform.CreateTicketAsync();
        await SolveAsync(reopened);
        (await platform.PostAsJsonAsync($"/api/v1/tickets/{reopened}/csat", new { rating = 2, comment = "太慢" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await platform.PostAsJsonAsync($"/api/v1/tickets/{reopened}/messages", new { body = "还是不行" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await SolveAsync(reopened);
        var answeredOnly = await platform.CreateTicketAsync(Api.NewTicket("u-2002", "卡券无法使用"));
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{answeredOnly}/replies", new { body = "请提供卡号。" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        await platform.CreateTicketAsync(Api.NewTicket("u-2003", "兼职结算问题", category: null));
        var earlier = await platform.CreateTicketAsync(Api.NewTicket("u-2004"));
        await SolveAsync(earlier);
        await using (var db = ws.App.Db())
        {
            db.QualitySettings.Add(new QualitySettings { WorkspaceId = ws.Workspace.Id, ReopenWindow = TimeSpan.Zero });
            await db.SaveChangesAsync();
        }

        (await platform.PostAsJsonAsync($"/api/v1/tickets/{earlier}/messages", new { body = "又有问题了" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var recorded = await SnapshotAsync(ws);
        recorded.Facts.Count.ShouldBeGreaterThan(10);

        var rebuild = ws.App.Services.GetRequiredService<AnalyticsRebuild>();
        var result = await rebuild.RunAsync(ws.Workspace.Id, null, null, CancellationToken.None);
        var once = await SnapshotAsync(ws);
        await rebuild.RunAsync(ws.Workspace.Id, null, null, CancellationToken.None);
        var twice = await SnapshotAsync(ws);

        result.Tickets.ShouldBe(5);
        result.Facts.ShouldBe(recorded.Facts.Count);
        once.Facts.ShouldBe(recorded.Facts);
        once.Rollups.ShouldBe(recorded.Rollups);
        twice.Facts.ShouldBe(recorded.Facts);
        twice.Rollups.ShouldBe(recorded.Rollups);
    }
}
