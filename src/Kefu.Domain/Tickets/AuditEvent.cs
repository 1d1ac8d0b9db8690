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

/// <summary>
/// One entry of a ticket's timeline. Append-only: nothing updates or deletes these rows, and each
/// carries the hash that chains it to the entry before it (<see cref="TimelineChain"/>). Only
/// <see cref="Ticket.Record"/> makes one, so no entry can skip the chain.
/// </summary>
public sealed class AuditEvent
{
    private AuditEvent()
    {
    }

    /// <summary>Assigned by the database in insert order; the timeline's order is <see cref="Sequence"/>.</summary>
    public long Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid TicketId { get; init; }

    /// <summary>Position in the ticket's timeline, from 1 without gaps; unique per ticket, so two writers cannot both append the same link.</summary>
    public int Sequence { get; init; }
    public required string Kind { get; init; }
    public AuthorKind ActorKind { get; init; }
    public Guid? ActorId { get; init; }
    public string? ActorLabel { get; init; }

    /// <summary>Small JSON object with the facts of the event (old and new status, assignee ...).</summary>
    public string? Data { get; init; }

    /// <summary>Whether the customer sees this entry on their progress page.</summary>
    public bool IsPublic { get; init; }

    /// <summary>Whole microseconds in UTC: the finest time both databases store, so the hash still matches once read back.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>SHA-256 over the previous entry's hash and this entry's canonical bytes.</summary>
    public byte[] Hash { get; private set; } = [];

    internal static AuditEvent Chained(Ticket ticket, int sequence, ReadOnlySpan<byte> previousHash, TimelineEntry entry)
    {
        var at = entry.At.UtcTicks;
        var chained = new AuditEvent
        {
            WorkspaceId = ticket.WorkspaceId, TicketId = ticket.Id, Sequence = sequence, Kind = entry.Kind,
            ActorKind = entry.ActorKind, ActorId = entry.ActorId, ActorLabel = entry.ActorLabel, Data = entry.Data, IsPublic = entry.IsPublic,
            CreatedAt = new DateTimeOffset(at - (at % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero),
        };
        chained.Hash = TimelineChain.Link(previousHash, chained);
        return chained;
    }
}

/// <summary>What happened, by whom and when: the part of a timeline entry its writer decides.</summary>
public sealed record TimelineEntry(string Kind, AuthorKind ActorKind, Guid? ActorId, string? ActorLabel, bool IsPublic, string? Data, DateTimeOffset At);
