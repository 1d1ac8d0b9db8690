using System.Globalization;

namespace Kefu.Domain.Routing;

public enum WaitEstimateKind
{
    /// <summary>Agents are serving now: <see cref="WaitEstimate.ExpectedAt"/> is when an agent should pick the item up.</summary>
    Known,

    /// <summary>Nobody serves until the team's next opening: not before <see cref="WaitEstimate.NotBefore"/>.</summary>
    AfterOpening,

    /// <summary>No honest figure: nobody is online although the team is on duty, it never opens again, or it has no staff for the kind.</summary>
    Unknown,
}

/// <summary>
/// How long an item should wait for an agent. <see cref="Wait"/> is counted in the team's working time, so a wait that
/// runs past closing continues at the next opening; <see cref="ExpectedAt"/> is the moment that gives.
/// </summary>
public sealed record WaitEstimate
{
    private WaitEstimate(WaitEstimateKind kind, TimeSpan? wait, DateTimeOffset? notBefore, DateTimeOffset? expectedAt)
    {
        Kind = kind;
        Wait = wait;
        NotBefore = notBefore;
        ExpectedAt = expectedAt;
    }

    public static WaitEstimate Unknown { get; } = new(WaitEstimateKind.Unknown, null, null, null);

    public WaitEstimateKind Kind { get; }

    /// <summary>Working time to wait: from now when <see cref="WaitEstimateKind.Known"/>, from <see cref="NotBefore"/> when after an opening.</summary>
    public TimeSpan? Wait { get; }

    /// <summary>The team's next opening, when nobody serves before it.</summary>
    public DateTimeOffset? NotBefore { get; }

    /// <summary>When an agent should pick the item up; null when unknown, or after an opening with no staffing to go by.</summary>
    public DateTimeOffset? ExpectedAt { get; }

    public static WaitEstimate Known(TimeSpan wait, DateTimeOffset expectedAt) => new(WaitEstimateKind.Known, wait, null, expectedAt);

    /// <param name="waitAfterOpening">The wait from the opening if the team's members come on duty; null when not even that is known.</param>
    public static WaitEstimate AfterOpening(DateTimeOffset opensAt, TimeSpan? waitAfterOpening, DateTimeOffset? expectedAt) =>
        new(WaitEstimateKind.AfterOpening, waitAfterOpening, opensAt, expectedAt);

    /// <summary>For comparing teams: the expected moment, else the opening, else never.</summary>
    internal DateTimeOffset SortKey => ExpectedAt ?? NotBefore ?? DateTimeOffset.MaxValue;

    public string Describe() => Kind switch
    {
        WaitEstimateKind.Known => $"about {Minutes(Wait!.Value)} min (by {ExpectedAt:O})",
        WaitEstimateKind.AfterOpening when ExpectedAt is { } expected =>
            $"after {NotBefore:O}, when the team comes on duty; about {Minutes(Wait!.Value)} min after that (by {expected:O})",
        WaitEstimateKind.AfterOpening => $"after {NotBefore:O}, when the team comes on duty",
        _ => "unknown",
    };

    private static string Minutes(TimeSpan wait) =>
        Math.Ceiling(wait.TotalMinutes).ToString("0", CultureInfo.InvariantCulture);
}
