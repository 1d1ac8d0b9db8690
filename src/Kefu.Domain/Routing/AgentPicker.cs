namespace Kefu.Domain.Routing;

/// <summary>Why an agent was chosen, for the timeline.</summary>
public enum PickBasis
{
    CustomerManager,
    MerchantManager,
    RoundRobin,
    LeastLoaded,
}

/// <summary>Why a team had nobody for the work: the overflow reasons.</summary>
public enum NoAgentReason
{
    OffDuty,
    NoMembers,
    NoneOnline,

    /// <summary>Online members are all merchant agents of another merchant (or the item is in arbitration).</summary>
    NoneMayWorkOnIt,

    /// <summary>Every online member who could take it has declined it or let the offer expire.</summary>
    AllPassed,
    AllAtCapacity,
}

public sealed record AgentPick(AgentSnapshot Agent, PickBasis Basis);

/// <summary>An agent for the work, or why the team has none.</summary>
public readonly record struct PickOutcome(AgentPick? Pick, NoAgentReason? Reason)
{
    public bool Found => Pick is not null;
}

/// <summary>
/// Chooses one agent for one item. Only an online agent with room for the item's kind, allowed to work on it, who has not
/// passed on it already, is ever chosen. Named account managers come first, then the team by its strategy; ties go to the
/// agent idle longest, then the lowest agent number.
/// </summary>
public static class AgentPicker
{
    /// <summary>Account managers first, then the team.</summary>
    public static PickOutcome Pick(WorkItem item, TeamRouting team, AgentBoard board, IReadOnlySet<Guid>? passed = null) =>
        PickAccountManager(item, board, passed) is { } manager
            ? new PickOutcome(manager, null)
            : PickFromTeam(item, team, board, passed);

    /// <summary>The customer's named manager, else the merchant's, when they can take the work now; null otherwise.</summary>
    public static AgentPick? PickAccountManager(WorkItem item, AgentBoard board, IReadOnlySet<Guid>? passed = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(board);
        if (Available(item.CustomerManagerId) is { } customerManager)
        {
            return new AgentPick(customerManager, PickBasis.CustomerManager);
        }

        return Available(item.MerchantManagerId) is { } merchantManager ? new AgentPick(merchantManager, PickBasis.MerchantManager) : null;

        AgentSnapshot? Available(Guid? managerId) =>
            managerId is { } id && board.Find(id) is { } manager && manager.CanTakeNew(item.Kind) && manager.MayWorkOn(item)
                && (passed is null || !passed.Contains(id))
                ? manager
                : null;
    }

    /// <summary>A member of <paramref name="team"/> by its strategy; the team's hours are the caller's concern.</summary>
    public static PickOutcome PickFromTeam(WorkItem item, TeamRouting team, AgentBoard board, IReadOnlySet<Guid>? passed = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(board);
        AgentSnapshot? best = null;
        bool anyOnline = false, anyAllowed = false, anyFresh = false;
        foreach (var memberId in team.MemberIds)
        {
            if (board.Find(memberId) is not { Availability: AgentAvailability.Online } agent)
            {
                continue;
            }

            anyOnline = true;
            if (!agent.MayWorkOn(item))
            {
                continue;
            }

            anyAllowed = true;
            if (passed is not null && passed.Contains(memberId))
            {
                continue;
            }

            anyFresh = true;
            if (agent.HasRoomFor(item.Kind) && (best is null || Before(agent, best, item.Kind, team.Strategy)))
            {
                best = agent;
            }
        }

        if (best is not null)
        {
            var basis = team.Strategy == AssignmentStrategy.LeastLoaded ? PickBasis.LeastLoaded : PickBasis.RoundRobin;
            return new PickOutcome(new AgentPick(best, basis), null);
        }

        var reason = team.MemberIds.Count == 0 ? NoAgentReason.NoMembers
            : !anyOnline ? NoAgentReason.NoneOnline
            : !anyAllowed ? NoAgentReason.NoneMayWorkOnIt
            : !anyFresh ? NoAgentReason.AllPassed
            : NoAgentReason.AllAtCapacity;
        return new PickOutcome(null, reason);
    }

    private static bool Before(AgentSnapshot candidate, AgentSnapshot best, WorkKind kind, AssignmentStrategy strategy)
    {
        if (strategy == AssignmentStrategy.LeastLoaded)
        {
            var byLoad = candidate.Load.For(kind).CompareTo(best.Load.For(kind));
            if (byLoad != 0)
            {
                return byLoad < 0;
            }
        }

        var byIdle = Nullable.Compare(candidate.LastAssignedAt, best.LastAssignedAt);
        return byIdle != 0 ? byIdle < 0 : AgentSnapshot.CompareNumbers(candidate.AgentNumber, best.AgentNumber) < 0;
    }
}
