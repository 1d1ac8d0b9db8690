namespace Kefu.Domain.Analytics;

/// <summary>A duration metric: how many were measured, their mean in wall and business seconds, and the share within the SLA target.</summary>
public sealed record DurationFigure(long Count, double? AverageWallSeconds, double? AverageBusinessSeconds, long Targeted, double? WithinTargetRate);

public sealed record CsatFigure(long Ratings, double? Average, double? SatisfiedRate);

public sealed record PromiseFigure(long Kept, long Broken, double? KeptRate);

public sealed record CompensationFigure(long Offers, double Amount, long PlatformAtFault);

/// <summary>Every headline figure of a slice, from the summed facts of its kinds (definitions in docs/analytics.md).</summary>
public sealed record Scorecard(
    long Created,
    long Solves,
    long FirstSolves,
    DurationFigure FirstResponse,
    DurationFigure NextResponse,
    DurationFigure Resolution,
    double? FirstContactResolutionRate,
    long Reopened,
    double? ReopenRate,
    CsatFigure Csat,
    long BotDeflected,
    double? BotDeflectionRate,
    long Nudges,
    long Escalations,
    long SlaBreaches,
    PromiseFigure Promises,
    CompensationFigure Compensation)
{
    public static Scorecard From(IReadOnlyDictionary<FactKind, RollupSums> sums)
    {
        ArgumentNullException.ThrowIfNull(sums);
        RollupSums Of(FactKind kind) => sums.TryGetValue(kind, out var s) ? s : default;
        var solved = Of(FactKind.Solved);
        var firstSolves = (long)Math.Round(solved.ValueSum);
        var reopened = Of(FactKind.Reopened);
        var csat = Of(FactKind.CsatRated);
        var kept = Of(FactKind.PromiseKept).Count;
        var broken = Of(FactKind.PromiseBroken).Count;
        var compensation = Of(FactKind.CompensationOffered);
        return new Scorecard(
            Of(FactKind.Created).Count,
            solved.Count,
            firstSolves,
            Duration(Of(FactKind.FirstResponse)),
            Duration(Of(FactKind.NextResponse)),
            Duration(solved),
            Ratio(solved.Flagged - reopened.Flagged, firstSolves),
            (long)Math.Round(reopened.ValueSum),
            Ratio((long)Math.Round(reopened.ValueSum), firstSolves),
            new CsatFigure(csat.Count, csat.Count == 0 ? null : csat.ValueSum / csat.Count, Ratio(csat.Flagged, csat.Count)),
            Of(FactKind.BotDeflected).Count,
            Ratio(Of(FactKind.BotDeflected).Count, firstSolves),
            Of(FactKind.Nudged).Count,
            Of(FactKind.Escalated).Count,
            Of(FactKind.SlaBreached).Count,
            new PromiseFigure(kept, broken, Ratio(kept, kept + broken)),
            new CompensationFigure(compensation.Count, compensation.ValueSum, compensation.Flagged));
    }

    public static DurationFigure Duration(RollupSums sums) => new(
        sums.Count,
        sums.Timed == 0 ? null : sums.WallSeconds / sums.Timed,
        sums.Timed == 0 ? null : sums.BusinessSeconds / sums.Timed,
        sums.Targeted,
        Ratio(sums.Met, sums.Targeted));

    public static double? Ratio(long part, long whole) => whole <= 0 ? null : Math.Max(0, (double)part) / whole;
}
