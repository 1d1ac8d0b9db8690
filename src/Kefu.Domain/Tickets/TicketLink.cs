namespace Kefu.Domain.Tickets;

/// <summary>
/// A later ticket that continues an earlier one: the customer wrote again after the reopen window, or after the ticket
/// was closed, so the reply opened <see cref="TicketId"/> instead of reopening <see cref="EarlierTicketId"/>.
/// </summary>
public sealed class TicketLink
{
    /// <summary>Timeline kind on the new ticket: it continues an earlier one.</summary>
    public const string FollowsKind = "ticket.follows";

    /// <summary>Timeline kind on the earlier ticket: the customer's reply opened a new one.</summary>
    public const string FollowedUpKind = "ticket.followed_up";

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }

    /// <summary>The new ticket.</summary>
    public Guid TicketId { get; init; }
    public long TicketNumber { get; init; }

    /// <summary>The solved or closed ticket the customer wrote back to.</summary>
    public Guid EarlierTicketId { get; init; }
    public long EarlierTicketNumber { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
