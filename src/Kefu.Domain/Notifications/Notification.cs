namespace Kefu.Domain.Notifications;

public static class NotificationKinds
{
    public const string SlaWarning = "sla.warning";
    public const string SlaBreach = "sla.breach";
    public const string Nudge = "ticket.nudged";
    public const string EscalationRequested = "ticket.escalation_requested";
}

/// <summary>Something a member of staff must see: an SLA warning on their team's ticket, a nudge, an escalation.</summary>
public sealed class Notification
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid AgentId { get; init; }
    public required string Kind { get; init; }
    public Guid? TicketId { get; init; }
    public long? TicketNumber { get; init; }

    /// <summary>Small JSON object with the facts (metric, due time, reason ...), rendered by the UI in the reader's language.</summary>
    public string? Data { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; private set; }

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}
