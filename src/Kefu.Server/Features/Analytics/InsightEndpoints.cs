using System.Security.Claims;
using Kefu.Domain.Agents;
using Kefu.Domain.Analytics;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Csat;
using Kefu.Server.Features.Sla;
using Kefu.Server.Features.Webhooks;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Kefu.Server.Features.Analytics;

/// <summary>Reports for planning: staffing advice (Erlang C), merchant early warning, recurring issues, and the public "best time to reach us".</summary>
public static class InsightEndpoints
{
    public const string MerchantWarningKind = Kefu.Domain.Webhooks.WebhookEvents.MerchantComplaintsJumped;
    public const int MaxTextsPerWeek = 20_000;

    public sealed record StaffingView(DateOnly Date, double AverageHandleMinutes, double ServiceLevel, double AnswerTargetSeconds, int WeeksObserved, IReadOnlyList<StaffingHour> Hours);

    public sealed record MerchantWarningView(Guid MerchantId, string? Name, MerchantAlert Figures, IReadOnlyList<long> TicketNumbers);

    public sealed record CategoryTrend(string? Category, long ThisWeek, long LastWeek);

    public sealed record RecurringView(DateOnly WeekEnding, IReadOnlyList<CategoryTrend> TopCategories, IReadOnlyList<RisingTerm> RisingTerms);

    public sealed record BestTimeView(string TimeZone, IReadOnlyList<ContactSlot> Slots);

    public static void Map(RouteGroupBuilder group, IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(routes);
        group.MapGet("/staffing", StaffingAsync).WithName("StaffingAdvice")
            .WithSummary("Per hour of a day: arrivals (same weekday, trailing weeks), agents needed by Erlang C for the service level, agents on duty; format=csv for a CSV file");
        group.MapGet("/merchant-warnings", WarningsAsync).WithName("MerchantWarnings")
            .WithSummary("Merchants whose complaints this week jumped against their own baseline and the platform (rule in docs/analytics.md); format=csv for a CSV file");
        group.MapPost("/merchant-warnings/notify", NotifyAsync).WithName("NotifyMerchantWarnings")
            .WithSummary("Run the early warning now: each new jump notifies the supervisors (once per jump) and raises the merchant.complaints_jumped webhook");
        group.MapGet("/recurring-issues", RecurringAsync).WithName("RecurringIssues")
            .WithSummary("Top categories and rising terms, this week against last; format=csv for a CSV file");
        routes.MapGet("/api/v1/public/{slug}/best-time", BestTimeAsync).AllowAnonymous().WithTags("Analytics").WithName("BestTimeToReachUs")
            .WithSummary("Quiet, normal and busy hours of the week (no counts), for customers choosing when to get in touch");
    }

    /// <summary>Why a whole-workspace report cannot be given in <paramref name="format"/> to this caller, or null.</summary>
    private static IResult? RefusedReport(Caller caller, string? format) => IsLead(caller) ? AnalyticsEndpoints.CheckFormat(format) : LeadsOnly();

    private static bool IsLead(Caller caller) => caller.Role is AgentRole.Admin or AgentRole.Supervisor && caller.MerchantId is null;

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult LeadsOnly() =>
        Problems.Status(StatusCodes.Status403Forbidden, "Supervisors only", "This report covers the whole workspace; it is for supervisors and admins.");

    private static async Task<IResult> StaffingAsync(
        ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, QualitySettingsStore settingsStore, TimeProvider time,
        string? date, double? serviceLevel, double? targetSeconds, int? weeks, string? format, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (RefusedReport(caller, format) is { } refused)
        {
            return refused;
        }

        var (catalog, range, problem) = await AnalyticsEndpoints.ReadRangeAsync(caller, catalogs, time, date, date, cancellationToken);
        var level = serviceLevel ?? 0.8;
        var observed = weeks ?? 4;
        if (problem is not null || level is <= 0 or >= 1 || observed is < 1 or > 26 || targetSeconds is <= 0 or > 7 * 86400)
        {
            return problem ?? Problems.Validation(new() { ["serviceLevel"] = ["serviceLevel is between 0 and 1, weeks 1–26, targetSeconds above 0 and at most a week"] });
        }

        var day = range.From;
        var settings = await settingsStore.GetAsync(db, caller.WorkspaceId, cancellationToken);
        var target = TimeSpan.FromSeconds(targetSeconds ?? catalog.Sla.Policies.Select(p => p.Targets.FirstResponse).FirstOrDefault(t => t is not null)?.TotalSeconds ?? 3600);
        var sameWeekdays = Enumerable.Range(1, observed).Select(w => day.AddDays(-7 * w).DayNumber).ToList();
        var buckets = sameWeekdays.SelectMany(d => Enumerable.Range(d * 24, 24)).ToList();
        var created = await db.MetricRollups.AsNoTracking()
            .Where(r => r.WorkspaceId == caller.WorkspaceId && r.Dimension == Dimensions.Hourly && r.Kind == FactKind.Created && buckets.Contains(r.Bucket))
            .Select(r => new { r.Bucket, r.Count }).ToListAsync(cancellationToken);
        var arrivals = Enumerable.Range(0, 24).Select(h => created.Where(r => r.Bucket % 24 == h).Sum(r => (double)r.Count) / observed).ToList();

        var teams = await db.Teams.AsNoTracking().Where(t => t.WorkspaceId == caller.WorkspaceId)
            .Select(t => new { t.CalendarKey, Agents = db.TeamMembers.Where(m => m.TeamId == t.Id && db.Agents.Any(a => a.Id == m.AgentId && a.IsActive)).Select(m => m.AgentId).ToList() })
            .ToListAsync(cancellationToken);
        var onDuty = Enumerable.Range(0, 24).Select(hour =>
        {
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 30)), catalog.TimeZone.GetUtcOffset(day.ToDateTime(new TimeOnly(hour, 30))));
            return teams.Where(t => t.CalendarKey is null || catalog.Sla.Calendar(t.CalendarKey).IsOpen(at)).SelectMany(t => t.Agents).Distinct().Count();
        }).ToList();
        var handle = TimeSpan.FromMinutes(settings.AverageHandleMinutes);
        var plan = StaffingAdvice.Plan(arrivals, handle, target, level, onDuty);
        return format == "csv"
            ? AnalyticsEndpoints.CsvTable($"kefu-staffing-{day:yyyyMMdd}.csv", "hour,arrivalsPerHour,trafficErlangs,agentsNeeded,agentsOnDuty,serviceLevelOnDuty",
                plan.Select(h => new object?[] { h.Hour, h.ArrivalsPerHour, h.TrafficErlangs, h.AgentsNeeded, h.AgentsOnDuty, h.ServiceLevelOnDuty }))
            : TypedResults.Ok(new StaffingView(day, settings.AverageHandleMinutes, level, target.TotalSeconds, observed, plan));
    }

    internal static async Task<List<MerchantWarningView>> DetectAsync(KefuDbContext db, Guid workspaceId, DateOnly today, EarlyWarningRule rule, CancellationToken cancellationToken)
    {
        var first = today.DayNumber - (7 * (rule.TrailingWeeks + 1)) + 1;
        var rows = await db.MetricRollups.AsNoTracking()
            .Where(r => r.WorkspaceId == workspaceId && r.Kind == FactKind.Created && (r.Dimension == Dimensions.Merchant || r.Dimension == Dimensions.All)
                && r.Bucket >= first && r.Bucket <= today.DayNumber)
            .Select(r => new { r.Dimension, r.Key, r.Bucket, r.Count }).ToListAsync(cancellationToken);
        long[] Weeks(IEnumerable<(int Bucket, long Count)> days)
        {
            var weeks = new long[rule.TrailingWeeks + 1];
            foreach (var (bucket, count) in days)
            {
                weeks[(today.DayNumber - bucket) / 7] += count;
            }

            return weeks;
        }

        var platform = Weeks(rows.Where(r => r.Dimension == Dimensions.All).Select(r => (r.Bucket, r.Count)));
        var merchants = rows.Where(r => r.Dimension == Dimensions.Merchant).GroupBy(r => Guid.Parse(r.Key))
            .ToDictionary(g => g.Key, g => Weeks(g.Select(r => (r.Bucket, r.Count))));
        var alerts = MerchantEarlyWarning.Detect(merchants, platform, rule);
        var ids = alerts.Select(a => a.MerchantId).ToList();
        var names = await db.Merchants.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, cancellationToken);
        var weekStart = today.DayNumber - 6;
        var views = new List<MerchantWarningView>();
        foreach (var alert in alerts)
        {
            var tickets = await db.TicketFacts.AsNoTracking()
                .Where(f => f.WorkspaceId == workspaceId && f.Kind == FactKind.Created && f.LocalDay >= weekStart && f.LocalDay <= today.DayNumber && f.MerchantId == alert.MerchantId)
                .OrderByDescending(f => f.OccurredAt).Select(f => f.TicketNumber).Take(100).ToListAsync(cancellationToken);
            views.Add(new MerchantWarningView(alert.MerchantId, names.GetValueOrDefault(alert.MerchantId), alert, tickets));
        }

        return views;
    }

    private static DateOnly Today(CatalogSnapshot catalog, TimeProvider time) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), catalog.TimeZone).DateTime);

    private static async Task<IResult> WarningsAsync(ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, TimeProvider time, string? format, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (RefusedReport(caller, format) is { } refused)
        {
            return refused;
        }

        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var warnings = await DetectAsync(db, caller.WorkspaceId, Today(catalog, time), new EarlyWarningRule(), cancellationToken);
        return format == "csv"
            ? AnalyticsEndpoints.CsvTable("kefu-merchant-warnings.csv", "merchantId,merchant,complaints,ownBaseline,platformExpected,ownTailProbability,platformTailProbability,tickets",
                warnings.Select(w => new object?[]
                {
                    w.MerchantId, w.Name, w.Figures.Complaints, w.Figures.OwnBaseline, w.Figures.PlatformExpected, w.Figures.OwnTailProbability,
                    w.Figures.PlatformTailProbability, string.Join(' ', w.TicketNumbers),
                }))
            : TypedResults.Ok(warnings);
    }

    /// <summary>Runs the early warning now (as <see cref="EarlyWarningJob"/> does on its schedule): each new jump notifies the supervisors once.</summary>
    private static async Task<IResult> NotifyAsync(
        ClaimsPrincipal user, KefuDbContext db, GroupCommitter writer, WorkspaceCatalog catalogs, WebhookOutbox webhooks, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (!IsLead(caller))
        {
            return LeadsOnly();
        }

        var (flagged, notified) = await EarlyWarningJob.CheckAsync(db, writer, catalogs, webhooks, caller.WorkspaceId, time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(new { flagged, notified });
    }

    /// <summary>How long a computed recurring-issues report is served from memory.</summary>
    public static readonly TimeSpan RecurringCacheFor = TimeSpan.FromMinutes(5);

    private static async Task<RecurringView> RecurringViewAsync(
        KefuDbContext db, Guid workspaceId, CatalogSnapshot catalog, DateOnly today, int take, DateTimeOffset zoneNow, CancellationToken cancellationToken)
    {
        var thisWeek = today.DayNumber - 6;
        var lastWeek = thisWeek - 7;
        var categories = await db.MetricRollups.AsNoTracking()
            .Where(r => r.WorkspaceId == workspaceId && r.Dimension == Dimensions.Category && r.Kind == FactKind.Created && r.Bucket >= lastWeek && r.Bucket <= today.DayNumber)
            .Select(r => new { r.Key, r.Bucket, r.Count }).ToListAsync(cancellationToken);
        var trends = categories.GroupBy(r => r.Key)
            .Select(g => new CategoryTrend(catalog.CategoryCode(Guid.Parse(g.Key)), g.Where(r => r.Bucket >= thisWeek).Sum(r => r.Count), g.Where(r => r.Bucket < thisWeek).Sum(r => r.Count)))
            .OrderByDescending(t => t.ThisWeek).Take(take).ToList();

        async Task<Dictionary<string, long>> TermsAsync(DateTimeOffset from, DateTimeOffset to) => RisingTerms.DocumentCounts(
            await db.Tickets.AsNoTracking().Where(t => t.WorkspaceId == workspaceId && t.CreatedAt >= from && t.CreatedAt < to)
                .OrderByDescending(t => t.CreatedAt).Take(MaxTextsPerWeek).Select(t => t.Subject + " " + t.Description).ToListAsync(cancellationToken));
        var now = await TermsAsync(zoneNow.AddDays(-7), zoneNow);
        var before = await TermsAsync(zoneNow.AddDays(-14), zoneNow.AddDays(-7));
        return new RecurringView(today, trends, RisingTerms.Rank(now, before, minCount: 3, take));
    }

    private static async Task<IResult> RecurringAsync(
        ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, IMemoryCache cache, TimeProvider time, int? top, string? format, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (RefusedReport(caller, format) is { } refused)
        {
            return refused;
        }

        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var today = Today(catalog, time);
        var take = Math.Clamp(top ?? 20, 1, 100);

        // Reading and splitting two weeks of ticket texts is the one report that does not come from rollups; it is a
        // weekly view, so a copy a few minutes old serves the dashboard's repeated reads.
        var view = await cache.GetOrCreateAsync((nameof(RecurringAsync), caller.WorkspaceId, today, take), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = RecurringCacheFor;
            return await RecurringViewAsync(db, caller.WorkspaceId, catalog, today, take, time.GetUtcNow(), cancellationToken);
        });
        return format == "csv"
            ? AnalyticsEndpoints.CsvTable($"kefu-recurring-{today:yyyyMMdd}.csv", "kind,name,thisWeek,lastWeek,growth", [
                .. view!.TopCategories.Select(c => new object?[] { "category", c.Category, c.ThisWeek, c.LastWeek, null }),
                .. view.RisingTerms.Select(t => new object?[] { "term", t.Term, t.ThisWeek, t.LastWeek, t.Growth })])
            : TypedResults.Ok(view);
    }

    private static async Task<IResult> BestTimeAsync(string slug, KefuDbContext db, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var workspaceId = await db.Workspaces.AsNoTracking().Where(w => w.Slug == slug).Select(w => (Guid?)w.Id).FirstOrDefaultAsync(cancellationToken);
        if (workspaceId is not { } id)
        {
            return Problems.NotFound("workspace");
        }

        var catalog = await catalogs.GetAsync(id, cancellationToken);
        var today = Today(catalog, time);
        var range = new DayRange(today.AddDays(-55), today.AddDays(-1));
        var cells = await AnalyticsEndpoints.HeatmapCellsAsync(db, id, range, cancellationToken);
        var calendar = catalog.Sla.Policies.Count > 0 ? catalog.Sla.Calendar(catalog.Sla.Policies[0].CalendarKey) : BusinessCalendar.AlwaysOpen;
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        bool IsOpen(DayOfWeek day, int hour)
        {
            var date = monday.AddDays(((int)day + 6) % 7).ToDateTime(new TimeOnly(hour, 30));
            return calendar.IsOpen(new DateTimeOffset(date, catalog.TimeZone.GetUtcOffset(date)));
        }

        return TypedResults.Ok(new BestTimeView(catalog.TimeZone.Id, WeekHeatmap.Levels(cells, IsOpen)));
    }
}
