using Kefu.Domain.Routing;

namespace Kefu.Domain.Agents;

public enum AgentRole
{
    Agent,
    Supervisor,
    Admin,
}

/// <summary>A member of staff. The agent number (工号) is public: it is shown with every reply.</summary>
public sealed class Agent
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string AgentNumber { get; init; }
    public required string DisplayName { get; set; }
    public required string Email { get; set; }
    public AgentRole Role { get; set; }
    public string PasswordHash { get; set; } = "";
    /// <summary>Failures further apart than this do not add up: a typo last month does not count today.</summary>
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(15);

    public int FailedSignIns { get; private set; }
    public DateTimeOffset? LastFailedSignInAt { get; private set; }
    public DateTimeOffset? LockedUntil { get; private set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Whether routing may give the agent new work; set by the agent (online, busy, away, offline).</summary>
    public AgentAvailability Availability { get; set; } = AgentAvailability.Offline;

    /// <summary>How many live chats and open tickets the agent may hold at once.</summary>
    public int ChatCapacity { get; set; } = 3;
    public int TicketCapacity { get; set; } = 20;

    /// <summary>When routing last gave the agent work; round robin serves the longest idle first.</summary>
    public DateTimeOffset? LastAssignedAt { get; set; }

    /// <summary>The merchant employing the agent in platform mode; such agents see and get only that merchant's work.</summary>
    public Guid? MerchantId { get; set; }

    public bool IsLockedOut(DateTimeOffset now) => LockedUntil is { } until && until > now;

    public void RecordFailedSignIn(DateTimeOffset now)
    {
        if (LastFailedSignInAt is { } last && now - last > FailureWindow)
        {
            FailedSignIns = 0;
        }

        LastFailedSignInAt = now;
        FailedSignIns++;
        if (FailedSignIns >= MaxFailedSignIns)
        {
            LockedUntil = now + LockoutDuration;
            FailedSignIns = 0;
        }
    }

    public void RecordSuccessfulSignIn()
    {
        FailedSignIns = 0;
        LastFailedSignInAt = null;
        LockedUntil = null;
    }
}

/// <summary>A personal API token an agent creates for scripts and integrations; only its hash is stored.</summary>
public sealed class AgentToken
{
    public Guid Id { get; init; }
    public Guid AgentId { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string Name { get; set; }
    public required string Prefix { get; init; }
    public required string SecretHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsUsable(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>A skill group agents belong to, e.g. 售后退款组.</summary>
public sealed class Team
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string Name { get; set; }
    public List<TeamMember> Members { get; init; } = [];
    public AssignmentStrategy Strategy { get; set; } = AssignmentStrategy.RoundRobin;

    /// <summary>The next team in the overflow chain, tried when this one has nobody free or is off duty.</summary>
    public Guid? OverflowTeamId { get; set; }

    /// <summary>The calendar of the team's duty hours; null means always on duty.</summary>
    public string? CalendarKey { get; set; }

    /// <summary>The merchant that staffs this team in platform mode; null for the platform's own team.</summary>
    public Guid? MerchantId { get; set; }

    /// <summary>How long an agent has to accept offered work before it goes to the next; null assigns without asking.</summary>
    public int? OfferTimeoutSeconds { get; set; }
}

public sealed class TeamMember
{
    public Guid TeamId { get; init; }
    public Guid AgentId { get; init; }
}
