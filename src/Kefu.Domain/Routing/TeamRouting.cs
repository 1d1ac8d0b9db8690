using Kefu.Domain.Sla;

namespace Kefu.Domain.Routing;

public enum AssignmentStrategy
{
    /// <summary>The agent who has gone longest without new work gets the next item.</summary>
    RoundRobin,

    /// <summary>The agent holding the fewest items of that kind gets the next one; round robin among equals.</summary>
    LeastLoaded,
}

/// <summary>How one team (skill group) takes work: its members, strategy, hours and where work goes when it cannot.</summary>
public sealed record TeamRouting
{
    public required Guid TeamId { get; init; }
    public required string Name { get; init; }
    public AssignmentStrategy Strategy { get; init; } = AssignmentStrategy.RoundRobin;
    public IReadOnlyList<Guid> MemberIds { get; init; } = [];

    /// <summary>When the team is on duty; outside it the team is skipped as if nobody were online.</summary>
    public BusinessCalendar Calendar { get; init; } = BusinessCalendar.AlwaysOpen;

    /// <summary>The next team in the overflow chain, tried when this one cannot take the work now.</summary>
    public Guid? OverflowTeamId { get; init; }

    /// <summary>The merchant that staffs this team in platform mode; null for a platform team.</summary>
    public Guid? MerchantId { get; init; }
}
