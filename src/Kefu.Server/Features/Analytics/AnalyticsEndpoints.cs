using System.Globalization;
using System.Security.Claims;
using System.Text;
using Kefu.Domain.Analytics;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Analytics;

/// <summary>The metrics API: headline figures, breakdowns (JSON or CSV), backlog, heatmap. Definitions: docs/analytics.md.</summary>
public static class AnalyticsEndpoints
{
    public sealed record Range(DateOnly From, DateOnly To, string TimeZone);

    public sealed record SummaryView(Range Range, string Scope, Scorecard Figures);

    public sealed record BreakdownRow(string Key, string? Label, Scorecard Figures);

    public sealed record BreakdownView(Range Range, string By, IReadOnlyList<BreakdownRow> Rows);

    public sealed record BacklogView(long Open, IReadOnlyDictionary<string, long> ByStatus, IReadOnlyDictionary<string, long> ByAge, DateTimeOffset? OldestCreatedAt);

    public sealed record HeatmapView(Range Range, IReadOnlyList<HeatCell> Cells);

    private static readonly string[] Breakdowns = [.. Dimensions.Sliceable, "day", "hour"];

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/summary", SummaryAsync).WithName("AnalyticsSummary")
            .WithSummary("Headline figures for a date range (workspace days): response, resolution, FCR, reopen, CSAT, SLA, deflection, nudges, escalations, promises");
        group.MapGet("/breakdown", BreakdownAsync).WithName("AnalyticsBreakdown")
            .WithSummary("The same figures sliced by agent, team, category, channel, merchant, tier, day or hour; format=csv for a CSV file");
        group.MapGet("/backlog", BacklogAsync).WithName("AnalyticsBacklog").WithSummary("Open tickets now, by status and by age; format=csv for a CSV file");
        group.MapGet("/heatmap", HeatmapAsync).WithName("AnalyticsHeatmap").WithSummary("Weekday × hour: contacts per hour and response time; format=csv for a CSV file");
    }

    internal static async Task<(CatalogSnapshot Catalog, DayRange Range, IResult? Problem)> ReadRangeAsync(
        Caller caller, WorkspaceCatalog catalogs, TimeProvider time, string? from, string? to, CancellationToken cancellationToken)
    {
        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), catalog.TimeZone).DateTime);
        var (range, problem) = DayRange.Parse(from, to, today);
        return (catalog, range, problem is null ? null : Problems.Validation(new() { ["from"] = [problem] }));
    }

    private static Range View(DayRange range, CatalogSnapshot catalog) => new(range.From, range.To, catalog.TimeZone.Id);

    private static async Task<IResult> SummaryAsync(
        ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, TimeProvider time, string? from, string? to, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var (catalog, range, problem) = await ReadRangeAsync(caller, catalogs, time, from, to, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var scope = AnalyticsScope.Of(caller);
        var sums = await RollupSumsAsync(db, caller.WorkspaceId, scope.Dimension, scope.Key, range, cancellationToken);
        return TypedResults.Ok(new SummaryView(View(range, catalog), scope.Dimension, Scorecard.From(sums)));
    }

    private static async Task<IResult> BreakdownAsync(
        ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, TimeProvider time, string? by, string? from, string? to, string? format, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (by is null || !Breakdowns.Contains(by))
        {
            return Problems.Validation(new() { ["by"] = ["must be one of: " + string.Join(", ", Breakdowns)] });
        }

        if (CheckFormat(format) is { } badFormat)
        {
            return badFormat;
        }

        var (catalog, range, problem) = await ReadRangeAsync(caller, catalogs, time, from, to, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!AnalyticsScope.Of(caller).IsWholeWorkspace)
        {
            return Problems.Status(StatusCodes.Status403Forbidden, "Own figures only", "Breakdowns across agents, teams or merchants are for workspace supervisors and admins.");
        }

        var rows = by switch
        {
            "day" => await BucketedAsync(db, caller.WorkspaceId, Dimensions.All, range.FirstDay, range.LastDay, b => DateOnly.FromDayNumber(b).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken),
            "hour" => await BucketedAsync(db, caller.WorkspaceId, Dimensions.Hourly, range.FirstDay * 24, (range.LastDay * 24) + 23, b => (b % 24).ToString("00", CultureInfo.InvariantCulture), cancellationToken),
            _ => await SlicedAsync(db, caller.WorkspaceId, by, range, catalog, cancellationToken),
        };
        var view = new BreakdownView(View(range, catalog), by, rows);
        return format == "csv" ? Csv(view) : TypedResults.Ok(view);
    }

    private static async Task<IResult> BacklogAsync(ClaimsPrincipal user, KefuDbContext db, TimeProvider time, string? format, CancellationToken cancellationToken)
    {
        if (CheckFormat(format) is { } badFormat)
        {
            return badFormat;
        }

        var caller = Caller.From(user);
        var scope = AnalyticsScope.Of(caller);
        var open = db.Tickets.AsNoTracking().Where(t => t.WorkspaceId == caller.WorkspaceId && t.Status != TicketStatus.Solved && t.Status != TicketStatus.Closed);
        if (scope.Dimension == Dimensions.Merchant)
        {
            var merchant = caller.MerchantId;
            open = open.Where(t => t.MerchantId == merchant && !t.InArbitration);
        }
        else if (scope.Dimension == Dimensions.Agent)
        {
            open = open.Where(t => t.AssigneeId == caller.AgentId);
        }

        var now = time.GetUtcNow();
        var byStatus = await open.GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        (string Name, TimeSpan Older)[] ages = [("under1h", TimeSpan.Zero), ("1to4h", TimeSpan.FromHours(1)), ("4to24h", TimeSpan.FromHours(4)), ("1to3d", TimeSpan.FromDays(1)), ("over3d", TimeSpan.FromDays(3))];
        var byAge = new Dictionary<string, long>();
        for (var i = 0; i < ages.Length; i++)
        {
            var olderThan = now - ages[i].Older;
            var youngerThan = i + 1 < ages.Length ? now - ages[i + 1].Older : DateTimeOffset.MinValue;
            byAge[ages[i].Name] = await open.LongCountAsync(t => t.CreatedAt <= olderThan && t.CreatedAt > youngerThan, cancellationToken);
        }

        var oldest = await open.OrderBy(t => t.CreatedAt).Select(t => (DateTimeOffset?)t.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var view = new BacklogView(byStatus.Sum(s => s.Count), byStatus.ToDictionary(s => Escalate(s.Key), s => s.Count), byAge, oldest);
        return format == "csv"
            ? CsvTable("kefu-backlog.csv", "slice,key,tickets", [
                .. view.ByStatus.Select(s => new object?[] { "status", s.Key, s.Value }),
                .. view.ByAge.Select(a => new object?[] { "age", a.Key, a.Value })])
            : TypedResults.Ok(view);
    }

    private static async Task<IResult> HeatmapAsync(
        ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, TimeProvider time, string? from, string? to, string? format, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var (catalog, range, problem) = await ReadRangeAsync(caller, catalogs, time, from, to, cancellationToken);
        if ((problem ?? CheckFormat(format)) is { } invalid)
        {
            return invalid;
        }

        var cells = await HeatmapCellsAsync(db, caller.WorkspaceId, range, cancellationToken);
        return format == "csv"
            ? CsvTable($"kefu-heatmap-{range.From:yyyyMMdd}-{range.To:yyyyMMdd}.csv", "weekday,hour,contactsPerHour,averageResponseSeconds,responses",
                cells.Select(c => new object?[] { c.Day.ToString(), c.Hour, c.ContactsPerHour, c.AverageResponseSeconds, c.Responses }))
            : TypedResults.Ok(new HeatmapView(View(range, catalog), cells));
    }

    internal static async Task<IReadOnlyList<HeatCell>> HeatmapCellsAsync(KefuDbContext db, Guid workspaceId, DayRange range, CancellationToken cancellationToken)
    {
        var rows = await db.MetricRollups.AsNoTracking()
            .Where(r => r.WorkspaceId == workspaceId && r.Dimension == Dimensions.Hourly && r.Bucket >= range.FirstDay * 24 && r.Bucket <= (range.LastDay * 24) + 23
                && (r.Kind == FactKind.Created || r.Kind == FactKind.FirstResponse || r.Kind == FactKind.NextResponse))
            .ToListAsync(cancellationToken);
        var created = rows.Where(r => r.Kind == FactKind.Created).ToDictionary(r => r.Bucket, r => r.Count);
        var responses = rows.Where(r => r.Kind != FactKind.Created).GroupBy(r => r.Bucket)
            .ToDictionary(g => g.Key, g => g.Select(RollupSums.Of).Aggregate(RollupSums.Add));
        return WeekHeatmap.Build(created, responses, range.FirstDay, range.LastDay);
    }

    internal static async Task<Dictionary<FactKind, RollupSums>> RollupSumsAsync(
        KefuDbContext db, Guid workspaceId, string dimension, string key, DayRange range, CancellationToken cancellationToken)
    {
        var rows = await db.MetricRollups.AsNoTracking()
            .Where(r => r.WorkspaceId == workspaceId && r.Dimension == dimension && r.Key == key && r.Bucket >= range.FirstDay && r.Bucket <= range.LastDay)
            .GroupBy(r => r.Kind)
            .Select(g => new
            {
                g.Key, Count = g.Sum(r => r.Count), Timed = g.Sum(r => r.Timed), Wall = g.Sum(r => r.WallSeconds), Business = g.Sum(r => r.BusinessSeconds),
                Targeted = g.Sum(r => r.Targeted), Met = g.Sum(r => r.Met), Flagged = g.Sum(r => r.Flagged), Value = g.Sum(r => r.ValueSum),
            })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Key, r => new RollupSums(r.Count, r.Timed, r.Wall, r.Business, r.Targeted, r.Met, r.Flagged, r.Value));
    }

    private static async Task<List<BreakdownRow>> SlicedAsync(KefuDbContext db, Guid workspaceId, string dimension, DayRange range, CatalogSnapshot catalog, CancellationToken cancellationToken)
    {
        var rows = await db.MetricRollups.AsNoTracking()
            .Where(r => r.WorkspaceId == workspaceId && r.Dimension == dimension && r.Bucket >= range.FirstDay && r.Bucket <= range.LastDay)
            .GroupBy(r => new { r.Key, r.Kind })
            .Select(g => new
            {
                g.Key.Key, g.Key.Kind, Count = g.Sum(r => r.Count), Timed = g.Sum(r => r.Timed), Wall = g.Sum(r => r.WallSeconds), Business = g.Sum(r => r.BusinessSeconds),
                Targeted = g.Sum(r => r.Targeted), Met = g.Sum(r => r.Met), Flagged = g.Sum(r => r.Flagged), Value = g.Sum(r => r.ValueSum),
            })
            .ToListAsync(cancellationToken);
        var labels = await LabelsAsync(db, workspaceId, dimension, [.. rows.Select(r => r.Key).Distinct()], catalog, cancellationToken);
        return [.. rows.GroupBy(r => r.Key).Select(g => new BreakdownRow(g.Key, labels.GetValueOrDefault(g.Key),
                Scorecard.From(g.ToDictionary(r => r.Kind, r => new RollupSums(r.Count, r.Timed, r.Wall, r.Business, r.Targeted, r.Met, r.Flagged, r.Value)))))
            .OrderByDescending(r => r.Figures.Created).ThenBy(r => r.Key, StringComparer.Ordinal)];
    }

    private static async Task<List<BreakdownRow>> BucketedAsync(KefuDbContext db, Guid workspaceId, string dimension, int first, int last, Func<int, string> name, CancellationToken cancellationToken)
    {
        var rows = await db.MetricRollups.AsNoTracking()
            .Where(r => r.WorkspaceId == workspaceId && r.Dimension == dimension && r.Bucket >= first && r.Bucket <= last)
            .ToListAsync(cancellationToken);
        return [.. rows.GroupBy(r => name(r.Bucket))
            .Select(g => new BreakdownRow(g.Key, null, Scorecard.From(g.GroupBy(r => r.Kind).ToDictionary(k => k.Key, k => k.Select(RollupSums.Of).Aggregate(RollupSums.Add)))))
            .OrderBy(r => r.Key, StringComparer.Ordinal)];
    }

    private static async Task<Dictionary<string, string>> LabelsAsync(KefuDbContext db, Guid workspaceId, string dimension, List<string> keys, CatalogSnapshot catalog, CancellationToken cancellationToken)
    {
        var ids = keys.Select(k => Guid.TryParse(k, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        return dimension switch
        {
            Dimensions.Agent => await db.Agents.AsNoTracking().Where(a => a.WorkspaceId == workspaceId && ids.Contains(a.Id))
                .ToDictionaryAsync(a => a.Id.ToString(), a => a.AgentNumber + " " + a.DisplayName, cancellationToken),
            Dimensions.Team => await db.Teams.AsNoTracking().Where(t => t.WorkspaceId == workspaceId && ids.Contains(t.Id))
                .ToDictionaryAsync(t => t.Id.ToString(), t => t.Name, cancellationToken),
            Dimensions.Merchant => await db.Merchants.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && ids.Contains(m.Id))
                .ToDictionaryAsync(m => m.Id.ToString(), m => m.Name, cancellationToken),
            Dimensions.Category => ids.Where(catalog.CategoriesById.ContainsKey).ToDictionary(id => id.ToString(), id => catalog.CategoriesById[id].Code),
            _ => [],
        };
    }

    private static string Escalate(TicketStatus status) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    private static Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult Csv(BreakdownView view)
    {
        const string Header = "key,label,created,solves,firstSolves,firstResponseCount,firstResponseAvgWallSeconds,firstResponseAvgBusinessSeconds,firstResponseSlaRate,"
            + "nextResponseCount,nextResponseAvgWallSeconds,nextResponseAvgBusinessSeconds,nextResponseSlaRate,resolutionAvgWallSeconds,resolutionAvgBusinessSeconds,resolutionSlaRate,"
            + "fcrRate,reopened,reopenRate,csatRatings,csatAverage,csatSatisfiedRate,botDeflected,botDeflectionRate,nudges,escalations,slaBreaches,promisesKept,promisesBroken,compensations,compensationAmount";
        return CsvTable($"kefu-{view.By}-{view.Range.From:yyyyMMdd}-{view.Range.To:yyyyMMdd}.csv", Header, view.Rows.Select(row =>
        {
            var f = row.Figures;
            return new object?[]
            {
                row.Key, row.Label, f.Created, f.Solves, f.FirstSolves,
                f.FirstResponse.Count, f.FirstResponse.AverageWallSeconds, f.FirstResponse.AverageBusinessSeconds, f.FirstResponse.WithinTargetRate,
                f.NextResponse.Count, f.NextResponse.AverageWallSeconds, f.NextResponse.AverageBusinessSeconds, f.NextResponse.WithinTargetRate,
                f.Resolution.AverageWallSeconds, f.Resolution.AverageBusinessSeconds, f.Resolution.WithinTargetRate,
                f.FirstContactResolutionRate, f.Reopened, f.ReopenRate, f.Csat.Ratings, f.Csat.Average, f.Csat.SatisfiedRate,
                f.BotDeflected, f.BotDeflectionRate, f.Nudges, f.Escalations, f.SlaBreaches, f.Promises.Kept, f.Promises.Broken,
                f.Compensation.Offers, f.Compensation.Amount,
            };
        }));
    }

    /// <summary>Any report table as a CSV file (UTF-8 with a byte-order mark, so spreadsheets read the Chinese right).</summary>
    internal static Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult CsvTable(string fileName, string header, IEnumerable<object?[]> rows)
    {
        var csv = new StringBuilder().AppendLine(header);
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row.Select(CsvCell)).AppendLine();
        }

        return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", fileName);
    }

    /// <summary>Null when <paramref name="format"/> is json, csv or left out; else the validation problem.</summary>
    internal static IResult? CheckFormat(string? format) =>
        format is null or "json" or "csv" ? null : Problems.Validation(new() { ["format"] = ["must be json or csv"] });

    /// <summary>A CSV cell that a spreadsheet shows as text: quoted when needed, and never read as a formula.</summary>
    public static string CsvCell(object? value)
    {
        var text = value switch
        {
            null => "",
            double d => d.ToString("0.####", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' && value is string)
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
