using System.Globalization;

namespace Kefu.Domain.Analytics;

/// <summary>The ways reports slice facts. <see cref="All"/> and <see cref="Hourly"/> hold every fact once; the others one row per key.</summary>
public static class Dimensions
{
    public const string All = "all";

    /// <summary>Every fact once per local hour: the bucket is <c>LocalDay × 24 + LocalHour</c>.</summary>
    public const string Hourly = "hourly";
    public const string Agent = "agent";
    public const string Team = "team";
    public const string Category = "category";
    public const string Channel = "channel";
    public const string Merchant = "merchant";
    public const string Tier = "tier";

    public static IReadOnlyList<string> Sliceable { get; } = [Agent, Team, Category, Channel, Merchant, Tier];
}

/// <summary>
/// Sums of facts per workspace, local day (or hour), kind and slice, kept up to date in the same write as the facts,
/// so that a report over any range reads at most one row per day and slice instead of every fact.
/// </summary>
public sealed class MetricRollup
{
    public Guid WorkspaceId { get; init; }
    public required string Dimension { get; init; }

    /// <summary>The slice's key (an id, a channel, a tier) or "" for <see cref="Dimensions.All"/> and <see cref="Dimensions.Hourly"/>.</summary>
    public required string Key { get; init; }
    public FactKind Kind { get; init; }

    /// <summary>The local day number, or for <see cref="Dimensions.Hourly"/> the local day number × 24 + hour.</summary>
    public int Bucket { get; init; }

    public long Count { get; set; }
    public long Timed { get; set; }
    public double WallSeconds { get; set; }
    public double BusinessSeconds { get; set; }
    public long Targeted { get; set; }
    public long Met { get; set; }
    public long Flagged { get; set; }
    public double ValueSum { get; set; }

    /// <summary>Adds <paramref name="fact"/> to the rows it belongs in.</summary>
    public static void Accumulate(IDictionary<RollupKey, RollupSums> into, TicketFact fact)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(fact);
        foreach (var key in KeysOf(fact))
        {
            into[key] = (into.TryGetValue(key, out var sums) ? sums : default).Add(fact);
        }
    }

    public static IEnumerable<RollupKey> KeysOf(TicketFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        var (ws, kind, day) = (fact.WorkspaceId, fact.Kind, fact.LocalDay);
        if (fact.AgentId is { } agent)
        {
            yield return new RollupKey(ws, Dimensions.Agent, agent.ToString(), kind, day);
        }

        if (fact.AttributionOnly)
        {
            yield break;
        }

        yield return new RollupKey(ws, Dimensions.All, "", kind, day);
        yield return new RollupKey(ws, Dimensions.Hourly, "", kind, (day * 24) + fact.LocalHour);
        if (fact.TeamId is { } team)
        {
            yield return new RollupKey(ws, Dimensions.Team, team.ToString(), kind, day);
        }

        if (fact.CategoryId is { } category)
        {
            yield return new RollupKey(ws, Dimensions.Category, category.ToString(), kind, day);
        }

        if (fact.MerchantId is { } merchant)
        {
            yield return new RollupKey(ws, Dimensions.Merchant, merchant.ToString(), kind, day);
        }

        yield return new RollupKey(ws, Dimensions.Channel, fact.Channel.ToString().ToLowerInvariant(), kind, day);
        yield return new RollupKey(ws, Dimensions.Tier, fact.CustomerTier.ToString(CultureInfo.InvariantCulture), kind, day);
    }
}

public readonly record struct RollupKey(Guid WorkspaceId, string Dimension, string Key, FactKind Kind, int Bucket);

/// <summary>Additive sums of facts; every figure in a report is a ratio of these.</summary>
public readonly record struct RollupSums(long Count, long Timed, double WallSeconds, double BusinessSeconds, long Targeted, long Met, long Flagged, double ValueSum)
{
    public RollupSums Add(TicketFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return new RollupSums(
            Count + 1,
            Timed + (fact.WallSeconds is null ? 0 : 1),
            WallSeconds + (fact.WallSeconds ?? 0),
            BusinessSeconds + (fact.BusinessSeconds ?? 0),
            Targeted + (fact.WithinTarget is null ? 0 : 1),
            Met + (fact.WithinTarget == true ? 1 : 0),
            Flagged + (fact.Flag ? 1 : 0),
            ValueSum + (fact.Value ?? 0));
    }

    public static RollupSums operator +(RollupSums a, RollupSums b) => new(
        a.Count + b.Count, a.Timed + b.Timed, a.WallSeconds + b.WallSeconds, a.BusinessSeconds + b.BusinessSeconds,
        a.Targeted + b.Targeted, a.Met + b.Met, a.Flagged + b.Flagged, a.ValueSum + b.ValueSum);

    public static RollupSums Add(RollupSums left, RollupSums right) => left + right;

    public static RollupSums Of(MetricRollup row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.Count, row.Timed, row.WallSeconds, row.BusinessSeconds, row.Targeted, row.Met, row.Flagged, row.ValueSum);
    }
}
