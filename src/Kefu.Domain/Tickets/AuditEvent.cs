namespace Kefu.Domain.Tickets;

public static class AuditKinds
{
    public const string TicketCreated = "ticket.created";
    public const string StatusChanged = "ticket.status_changed";
    public const string Assigned = "ticket.assigned";
    public const string CustomerMessage = "message.customer";
    public const string AgentReply = "message.agent_reply";
    public const string InternalNote = "message.internal_note";
}

/// <summary>One entry of a ticket's timeline. Append-only: nothing updates or deletes these rows.</summary>
public sealed class AuditEvent
{
    /// <summary>Assigned by the database in insert order, so the timeline has one order even within a millisecond.</summary>
    public long Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid TicketId { get; init; }
    public required string Kind { get; init; }
    public AuthorKind ActorKind { get; init; }
    public Guid? ActorId { get; init; }
    public string? ActorLabel { get; init; }

    /// <summary>Small JSON object with the facts of the event (old and new status, assignee ...).</summary>
    public string? Data { get; init; }

    /// <summary>Whether the customer sees this entry on their progress page.</summary>
    public bool IsPublic { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
