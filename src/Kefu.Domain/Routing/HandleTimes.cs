namespace Kefu.Domain.Routing;

/// <summary>One solved ticket's handle time (see <see cref="Tickets.Ticket.HandleTime"/>) with who and what it was for.</summary>
public sealed record HandleTimeSample(Guid? TeamId, Guid? CategoryId, Guid? AgentId, TimeSpan Duration);

/// <summary>An average over <see cref="Count"/> samples.</summary>
public sealed record HandleTimeAverage(TimeSpan Average, int Count);

/// <summary>
/// Measured handle times of a workspace, per team, agent and category, from recently solved tickets. The average drops
/// the longest <see cref="TrimmedShare"/> of samples first: a ticket left open over a weekend is not work, and one such
/// ticket would otherwise double a small team's estimate. A group with fewer than <see cref="MinimumSamples"/> samples
/// is not trusted: its team falls back to the workspace's average, and that to the assumed figure.
/// </summary>
public sealed class HandleTimes
{
    public const int MinimumSamples = 5;
    public const double TrimmedShare = 0.05;

    public HandleTimes(IEnumerable<HandleTimeSample> samples, TimeSpan assumed)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(assumed, TimeSpan.Zero);
        var all = samples.Where(s => s.Duration > TimeSpan.Zero).ToList();
        Assumed = assumed;
        Overall = Average(all.Select(s => s.Duration));
        ByTeam = Group(all, s => s.TeamId);
        ByAgent = Group(all, s => s.AgentId);
        ByCategory = Group(all, s => s.CategoryId);
    }

    /// <summary>What is assumed when too little has been measured.</summary>
    public TimeSpan Assumed { get; }

    public HandleTimeAverage? Overall { get; }
    public IReadOnlyDictionary<Guid, HandleTimeAverage> ByTeam { get; }
    public IReadOnlyDictionary<Guid, HandleTimeAverage> ByAgent { get; }
    public IReadOnlyDictionary<Guid, HandleTimeAverage> ByCategory { get; }

    /// <summary>The handle time a team's queue estimate uses: the team's own when measured enough, else the workspace's, else assumed.</summary>
    public TimeSpan ForTeam(Guid teamId) =>
        ByTeam.TryGetValue(teamId, out var team) && team.Count >= MinimumSamples ? team.Average
            : Overall is { Count: >= MinimumSamples } overall ? overall.Average
            : Assumed;

    /// <summary>The mean after dropping the longest <see cref="TrimmedShare"/>; null without samples.</summary>
    public static HandleTimeAverage? Average(IEnumerable<TimeSpan> durations)
    {
        ArgumentNullException.ThrowIfNull(durations);
        var sorted = durations.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var kept = sorted.Count - (int)Math.Floor(sorted.Count * TrimmedShare);
        long total = 0;
        for (var i = 0; i < kept; i++)
        {
            total += sorted[i].Ticks;
        }

        return new HandleTimeAverage(TimeSpan.FromTicks(total / kept), sorted.Count);
    }

    private static Dictionary<Guid, HandleTimeAverage> Group(List<HandleTimeSample> samples, Func<HandleTimeSample, Guid?> key) =>
        samples.Where(s => key(s) is not null).GroupBy(s => key(s)!.Value)
            .ToDictionary(g => g.Key, g => Average(g.Select(s => s.Duration))!);
}
