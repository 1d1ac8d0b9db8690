using Kefu.Domain.Analytics;
using Kefu.Domain.Agents;
using Kefu.Domain.Webhooks;
using Kefu.Persistence;
using Kefu.Server.Features.Analytics;
using Kefu.Server.Features.Webhooks;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Storage;
using Kefu.Server.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kefu.Server.Tests.Analytics;

/// <summary>The scheduled merchant early warning on generated data with a known jump: one alert per jump, with its tickets.</summary>
public sealed class EarlyWarningJobTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private const int JumpTickets = 30;

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Check_OnAKnownJump_AlertsSupervisorsAndRaisesTheWebhookOnce_AndLeavesASteadyMerchantAlone(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        using var platform = ws.Integration();
        await WebhookTests.CreateEndpointAsync(admin, "https://hooks.example.com/warnings", WebhookEvents.MerchantComplaintsJumped);
        var services = ws.App.Services;
        var catalog = await services.GetRequiredService<WorkspaceCatalog>().GetAsync(ws.Workspace.Id, CancellationToken.None);
        var now = TimeProvider.System.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, catalog.TimeZone).DateTime).DayNumber;
        var steady = Guid.CreateVersion7();

        // Eight trailing weeks of about ten complaints a week for both merchants, a thousand on the platform; this week
        // the steady merchant stays at ten and the workspace's merchant gets thirty real tickets.
        var random = new Random(7);
        await using (var db = ws.App.Db())
        {
            MetricRollup Created(string dimension, string key, int day, long count) =>
                new() { WorkspaceId = ws.Workspace.Id, Dimension = dimension, Key = key, Kind = FactKind.Created, Bucket = day, Count = count };
            for (var week = 1; week <= 8; week++)
            {
                var day = today - (7 * week);
                db.MetricRollups.AddRange(
                    Created(Dimensions.Merchant, ws.Merchant.Id.ToString(), day, random.Next(8, 13)),
                    Created(Dimensions.Merchant, steady.ToString(), day, random.Next(8, 13)),
                    Created(Dimensions.All, "", day, 1000));
            }

            db.MetricRollups.AddRange(Created(Dimensions.Merchant, steady.ToString(), today - 1, 10), Created(Dimensions.All, "", today - 1, 10));
            await db.SaveChangesAsync();
        }

        var numbers = new List<long>();
        for (var i = 0; i < JumpTickets; i++)
        {
            numbers.Add(await platform.CreateTicketAsync(new
            {
                customer = new { externalId = $"u-{3000 + i}", name = "顾客" },
                subject = "商家发货后货不对板", description = "收到的商品和描述不一致，商家不处理。", category = "refund", merchantId = ws.Merchant.Id,
            }));
        }

        await WaitForRollupsAsync(ws);
        var writer = services.GetRequiredService<GroupCommitter>();
        var catalogs = services.GetRequiredService<WorkspaceCatalog>();
        var webhooks = services.GetRequiredService<WebhookOutbox>();
        async Task<(int Flagged, int Raised)> CheckAsync()
        {
            await using var reader = ws.App.Db();
            return await EarlyWarningJob.CheckAsync(reader, writer, catalogs, webhooks, ws.Workspace.Id, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        }

        var racing = await Task.WhenAll(CheckAsync(), CheckAsync());
        var later = await CheckAsync();

        racing.ShouldAllBe(r => r.Flagged == 1, "only the merchant with the jump is flagged");
        racing.Sum(r => r.Raised).ShouldBe(1, "two nodes checking at once raise the jump once");
        later.ShouldBe((1, 0));
        await using var check = ws.App.Db();
        var supervisors = await check.Agents.CountAsync(a => a.WorkspaceId == ws.Workspace.Id && a.IsActive && a.MerchantId == null
            && (a.Role == AgentRole.Supervisor || a.Role == AgentRole.Admin));
        var notes = await check.Notifications.Where(n => n.WorkspaceId == ws.Workspace.Id && n.Kind == WebhookEvents.MerchantComplaintsJumped).ToListAsync();
        notes.Count.ShouldBe(supervisors);
        notes.ShouldAllBe(n => n.Data!.Contains(ws.Merchant.Id.ToString()));
        foreach (var number in numbers)
        {
            notes[0].Data!.ShouldContain(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var outbox = await check.OutboxMessages.Where(m => m.WorkspaceId == ws.Workspace.Id).Select(m => m.Payload).ToListAsync();
        outbox.Count(p => p.Contains(WebhookEvents.MerchantComplaintsJumped, StringComparison.Ordinal)).ShouldBe(1);
        (await check.MerchantWarningStates.SingleAsync(s => s.WorkspaceId == ws.Workspace.Id)).Complaints.ShouldBe(JumpTickets);

        var csv = await admin.GetAsync("/api/v1/analytics/merchant-warnings?format=csv");
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        (await csv.Content.ReadAsStringAsync()).ShouldContain(ws.Merchant.Id.ToString());
        foreach (var report in new[] { "backlog", "heatmap", "staffing", "recurring-issues" })
        {
            (await admin.GetAsync($"/api/v1/analytics/{report}?format=csv")).Content.Headers.ContentType!.MediaType.ShouldBe("text/csv", report);
        }

        (await admin.GetAsync("/api/v1/analytics/heatmap?format=xml")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static async Task WaitForRollupsAsync(TestWorkspace ws)
    {
        var until = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(20);
        await using KefuDbContext db = ws.App.Db();
        while (await db.TicketFacts.AnyAsync(f => f.WorkspaceId == ws.Workspace.Id && !f.RolledUp) && TimeProvider.System.GetUtcNow() < until)
        {
            await Task.Delay(100);
        }
    }
}
