namespace Kefu.Domain.Routing;

/// <summary>
/// A workspace's teams with their overflow links, checked as a whole: every link leads to a known team, no chain comes
/// back on itself, and no merchant's work overflows into another merchant's team.
/// </summary>
public sealed class TeamDirectory
{
    private readonly Dictionary<Guid, TeamRouting> _teams;

    /// <exception cref="OverflowCycleException">Some overflow chain loops.</exception>
    /// <exception cref="ArgumentException">A team is listed twice, or an overflow link is unknown or crosses merchants.</exception>
    public TeamDirectory(IEnumerable<TeamRouting> teams)
    {
        ArgumentNullException.ThrowIfNull(teams);
        _teams = [];
        foreach (var team in teams)
        {
            ArgumentNullException.ThrowIfNull(team, nameof(teams));
            if (!_teams.TryAdd(team.TeamId, team))
            {
                throw new ArgumentException($"Team {team.Name} ({team.TeamId}) is listed twice.", nameof(teams));
            }
        }

        foreach (var team in _teams.Values)
        {
            if (team.OverflowTeamId is not { } next)
            {
                continue;
            }

            if (!_teams.TryGetValue(next, out var target))
            {
                throw new ArgumentException($"Team {team.Name} overflows to {next}, which is not a team here.", nameof(teams));
            }

            if (target.MerchantId is { } merchant && merchant != team.MerchantId)
            {
                throw new ArgumentException(
                    $"Team {team.Name} overflows to {target.Name}, a team of another merchant, whose agents may not take its work.", nameof(teams));
            }
        }

        if (FindCycle(_teams.Values) is { } cycle)
        {
            throw new OverflowCycleException(cycle.Select(id => _teams[id].Name).ToArray());
        }
    }

    public IEnumerable<TeamRouting> Teams => _teams.Values;

    public TeamRouting this[Guid teamId] => _teams.TryGetValue(teamId, out var team)
        ? team
        : throw new KeyNotFoundException($"Team {teamId} is not in the directory.");

    public TeamRouting? Find(Guid teamId) => _teams.GetValueOrDefault(teamId);

    /// <summary>The team and the teams its work overflows to, in order.</summary>
    public IReadOnlyList<TeamRouting> OverflowChain(Guid teamId)
    {
        var chain = new List<TeamRouting>();
        for (TeamRouting? team = this[teamId]; team is not null; team = team.OverflowTeamId is { } next ? _teams[next] : null)
        {
            chain.Add(team);
        }

        return chain;
    }

    /// <summary>
    /// The first loop among the overflow links, as the teams around it with the first repeated at the end (A, B, A), or
    /// null when there is none. Links to unknown teams end a chain. For checking an edit before saving it.
    /// </summary>
    public static IReadOnlyList<Guid>? FindCycle(IEnumerable<TeamRouting> teams)
    {
        ArgumentNullException.ThrowIfNull(teams);
        var next = new Dictionary<Guid, Guid?>();
        foreach (var team in teams)
        {
            next[team.TeamId] = team.OverflowTeamId;
        }

        // Each team has at most one link, so walking from every team, a path that reaches a team seen on this same walk
        // has closed a loop; one that reaches a team finished on an earlier walk cannot.
        var finished = new HashSet<Guid>();
        foreach (var start in next.Keys)
        {
            var path = new List<Guid>();
            var onPath = new Dictionary<Guid, int>();
            for (Guid? current = start; current is { } id && !finished.Contains(id) && next.ContainsKey(id); current = next[id])
            {
                if (onPath.TryGetValue(id, out var firstSeen))
                {
                    return [.. path[firstSeen..], id];
                }

                onPath[id] = path.Count;
                path.Add(id);
            }

            finished.UnionWith(path);
        }

        return null;
    }
}

public sealed class OverflowCycleException(IReadOnlyList<string> teamNames)
    : ArgumentException($"The overflow chain loops: {string.Join(" → ", teamNames)}. Work would pass between these teams for ever.")
{
    public IReadOnlyList<string> TeamNames { get; } = teamNames;
}
