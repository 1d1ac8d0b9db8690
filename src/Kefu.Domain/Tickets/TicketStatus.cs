namespace Kefu.Domain.Tickets;

public enum TicketStatus
{
    New,
    Open,
    NeedsInfo,
    WaitingOnCustomer,
    OnHold,
    Solved,
    Closed,
}

/// <summary>
/// The ticket lifecycle. A ticket cannot skip being worked on (New never jumps to Solved),
/// pending states return to Open or are solved, and Closed is final: a later contact opens a new ticket.
/// </summary>
public static class TicketLifecycle
{
    private static readonly Dictionary<TicketStatus, TicketStatus[]> Allowed = new()
    {
        [TicketStatus.New] = [TicketStatus.Open, TicketStatus.NeedsInfo, TicketStatus.WaitingOnCustomer, TicketStatus.OnHold],
        [TicketStatus.Open] = [TicketStatus.NeedsInfo, TicketStatus.WaitingOnCustomer, TicketStatus.OnHold, TicketStatus.Solved],
        [TicketStatus.NeedsInfo] = [TicketStatus.Open, TicketStatus.WaitingOnCustomer, TicketStatus.OnHold, TicketStatus.Solved],
        [TicketStatus.WaitingOnCustomer] = [TicketStatus.Open, TicketStatus.NeedsInfo, TicketStatus.OnHold, TicketStatus.Solved],
        [TicketStatus.OnHold] = [TicketStatus.Open, TicketStatus.NeedsInfo, TicketStatus.WaitingOnCustomer, TicketStatus.Solved],
        [TicketStatus.Solved] = [TicketStatus.Closed, TicketStatus.Open],
        [TicketStatus.Closed] = [],
    };

    public static bool CanMove(TicketStatus from, TicketStatus to) => Allowed[from].Contains(to);

    public static IReadOnlyList<TicketStatus> NextStatuses(TicketStatus from) => Array.AsReadOnly(Allowed[from]);

    /// <summary>Statuses in which the ticket waits for the customer, so a customer reply brings it back to the agent.</summary>
    public static bool IsPendingOnCustomer(TicketStatus status) =>
        status is TicketStatus.NeedsInfo or TicketStatus.WaitingOnCustomer;
}

public sealed class IllegalTransitionException(TicketStatus from, TicketStatus to)
    : InvalidOperationException($"A ticket cannot move from {from} to {to}.")
{
    public TicketStatus From { get; } = from;
    public TicketStatus To { get; } = to;
}
