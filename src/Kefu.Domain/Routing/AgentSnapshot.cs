namespace Kefu.Domain.Routing;

/// <summary>Whether an agent takes new work. Only <see cref="Online"/> agents are offered any; the others keep what they hold.</summary>
public enum AgentAvailability
{
    Online,
    Busy,
    Away,
    Offline,
}

/// <summary>The two kinds of work an agent holds at once, each with its own capacity: live chats and tickets.</summary>
public enum WorkKind
{
    Chat,
    Ticket,
}

/// <summary>A number per kind of work: how many an agent may hold (capacity) or holds (load).</summary>
public readonly record struct WorkCounts(int Chats, int Tickets)
{
    public int For(WorkKind kind) => kind switch
    {
        WorkKind.Chat => Chats,
        WorkKind.Ticket => Tickets,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public WorkCounts Add(WorkKind kind, int count = 1) => kind switch
    {
        WorkKind.Chat => this with { Chats = Chats + count },
        WorkKind.Ticket => this with { Tickets = Tickets + count },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>One agent as routing sees them at one moment: availability, capacity, what they hold, when they last got work.</summary>
public sealed record AgentSnapshot
{
    public required Guid AgentId { get; init; }

    /// <summary>The public agent number (工号); the last tie-break between otherwise equal agents.</summary>
    public required string AgentNumber { get; init; }

    public AgentAvailability Availability { get; init; } = AgentAvailability.Offline;
    public WorkCounts Capacity { get; init; }
    public WorkCounts Load { get; init; }

    /// <summary>When the agent was last given any work; round robin serves the longest-idle agent first. Null: never.</summary>
    public DateTimeOffset? LastAssignedAt { get; init; }

    /// <summary>The merchant employing this agent, or null for the platform's own staff.</summary>
    public Guid? MerchantId { get; init; }

    public bool HasRoomFor(WorkKind kind) => Load.For(kind) < Capacity.For(kind);

    public bool CanTakeNew(WorkKind kind) => Availability == AgentAvailability.Online && HasRoomFor(kind);

    /// <summary>Merchant agents may only work on their own merchant's items, and never on one in arbitration, where their merchant is a party.</summary>
    public bool MayWorkOn(WorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return MerchantId is not { } merchant || (item.MerchantId == merchant && !item.InArbitration);
    }

    /// <summary>Orders agent numbers naturally when they share a format: 工号 "9" before "10", "A-7" before "A-10".</summary>
    internal static int CompareNumbers(string left, string right)
    {
        var byLength = left.Length.CompareTo(right.Length);
        return byLength != 0 ? byLength : string.CompareOrdinal(left, right);
    }
}
