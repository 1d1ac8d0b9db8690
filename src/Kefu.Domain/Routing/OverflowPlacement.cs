namespace Kefu.Domain.Routing;

public enum PlacementKind
{
    /// <summary>An agent was found: offer the item to <see cref="Placement.Agent"/>.</summary>
    Assigned,

    /// <summary>Agents are on duty but all full: the item waits in <see cref="Placement.TeamId"/>'s queue with a live position.</summary>
    Queued,

    /// <summary>Nobody in the chain can serve it now: take it as a ticket and tell the customer <see cref="Placement.ExpectedResponse"/>.</summary>
    TakeAsTicket,
}

/// <summary>A team passed over on the way along the overflow chain, and why.</summary>
public sealed record OverflowStep(Guid TeamId, string TeamName, NoAgentReason Reason);

/// <summary>The queue a team has now, for estimating where a new item would stand in it.</summary>
public sealed record TeamBacklog(IReadOnlyList<WorkItem> Waiting, TimeSpan AverageHandleTime);

public sealed record Placement(PlacementKind Kind, Guid TeamId)
{
    public AgentPick? Agent { get; init; }

    /// <summary>For <see cref="PlacementKind.Queued"/> and <see cref="PlacementKind.TakeAsTicket"/>: when an agent should pick it up.</summary>
    public WaitEstimate? ExpectedResponse { get; init; }

    /// <summary>The teams tried before <see cref="TeamId"/> and why each could not take the work, in chain order.</summary>
    public IReadOnlyList<OverflowStep> PassedOver { get; init; } = [];

    public bool Overflowed => PassedOver.Count > 0;
}

/// <summary>
/// Places one item starting from the team routing chose. Named account managers come first; then each team along the
/// overflow chain, skipping one that is off duty (its calendar closed), has nobody online, or has everyone full. When no
/// team can assign now, the item queues where agents are on duty and the expected wait is shortest, or else is taken as
/// a ticket at the team that will answer soonest (its next opening plus the wait), honestly estimated.
/// </summary>
public static class OverflowPlacement
{
    /// <param name="queueOf">Each team's current queue and recent average handle time.</param>
    /// <param name="passed">Agents who declined this item or let an offer expire (<see cref="AssignmentOffers.PassedAgents"/>).</param>
    public static Placement Place(
        WorkItem item,
        Guid teamId,
        TeamDirectory teams,
        AgentBoard board,
        Func<Guid, TeamBacklog> queueOf,
        DateTimeOffset now,
        IReadOnlySet<Guid>? passed = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(teams);
        ArgumentNullException.ThrowIfNull(queueOf);

        if (AgentPicker.PickAccountManager(item, board, passed) is { } manager)
        {
            return new Placement(PlacementKind.Assigned, teamId) { Agent = manager };
        }

        var chain = teams.OverflowChain(teamId);
        var passedOver = new List<OverflowStep>(chain.Count);
        foreach (var team in chain)
        {
            if (!team.Calendar.IsOpen(now))
            {
                passedOver.Add(new OverflowStep(team.TeamId, team.Name, NoAgentReason.OffDuty));
                continue;
            }

            var outcome = AgentPicker.PickFromTeam(item, team, board, passed);
            if (outcome.Pick is { } pick)
            {
                return new Placement(PlacementKind.Assigned, team.TeamId) { Agent = pick, PassedOver = passedOver };
            }

            passedOver.Add(new OverflowStep(team.TeamId, team.Name, outcome.Reason!.Value));
        }

        // Only a team whose members could serve the item once a slot frees up is worth queueing at.
        var queueAt = SoonestAnswer(chain, passedOver, step => step.Reason == NoAgentReason.AllAtCapacity, item, board, queueOf, now);
        if (queueAt is { } queued && queued.Estimate.Kind == WaitEstimateKind.Known)
        {
            return new Placement(PlacementKind.Queued, queued.Team.TeamId) { ExpectedResponse = queued.Estimate, PassedOver = passedOver };
        }

        var ticketAt = SoonestAnswer(chain, passedOver, step => step.Reason != NoAgentReason.NoneMayWorkOnIt, item, board, queueOf, now)
            ?? (chain[0], WaitEstimate.Unknown);
        return new Placement(PlacementKind.TakeAsTicket, ticketAt.Team.TeamId) { ExpectedResponse = ticketAt.Estimate, PassedOver = passedOver };
    }

    /// <summary>Among the chain's teams whose step qualifies, the one with the earliest expected answer; the earlier in the chain on a tie.</summary>
    private static (TeamRouting Team, WaitEstimate Estimate)? SoonestAnswer(
        IReadOnlyList<TeamRouting> chain,
        List<OverflowStep> steps,
        Func<OverflowStep, bool> qualifies,
        WorkItem item,
        AgentBoard board,
        Func<Guid, TeamBacklog> queueOf,
        DateTimeOffset now)
    {
        (TeamRouting Team, WaitEstimate Estimate)? best = null;
        for (var i = 0; i < chain.Count; i++)
        {
            if (!qualifies(steps[i]))
            {
                continue;
            }

            var team = chain[i];
            var queue = queueOf(team.TeamId);
            var position = 1;
            foreach (var waiting in queue.Waiting)
            {
                if (waiting.Kind == item.Kind && waiting.Id != item.Id && QueueOrder.Instance.Compare(waiting, item) < 0)
                {
                    position++;
                }
            }

            var estimate = QueueEstimate.ForPosition(team, item.Kind, position, board, queue.AverageHandleTime, now);
            if (best is null || estimate.SortKey < best.Value.Estimate.SortKey)
            {
                best = (team, estimate);
            }
        }

        return best;
    }
}
