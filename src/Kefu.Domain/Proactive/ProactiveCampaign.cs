namespace Kefu.Domain.Proactive;

/// <summary>
/// A message the workspace starts a conversation with (a scam-avoidance guide for first-time job seekers, a delay notice
/// to everyone with an affected order), sent to each recipient once: the client's <see cref="Key"/> plus the customer
/// make a send idempotent, however often the call is repeated.
/// </summary>
public sealed class ProactiveCampaign
{
    public const int MaxKeyLength = 100;
    public const int MaxSubjectLength = 200;
    public const int MaxRecipientsPerCall = 10_000;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string Key { get; init; }
    public required string Subject { get; init; }
    public required string Body { get; init; }

    /// <summary>Who asked for it: the integration key's name or the admin's 工号.</summary>
    public required string RequestedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public List<ProactiveRecipient> Recipients { get; init; } = [];
}

public enum RecipientState
{
    Queued,
    Sent,
    Failed,
}

/// <summary>One customer of a campaign; unique per campaign, so a repeated call adds no second copy.</summary>
public sealed class ProactiveRecipient
{
    public const int MaxErrorLength = 200;

    public Guid Id { get; init; }
    public Guid CampaignId { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string CustomerExternalId { get; init; }
    public RecipientState State { get; private set; }
    public long? TicketNumber { get; private set; }
    public string? Error { get; private set; }
    public DateTimeOffset QueuedAt { get; init; }
    public DateTimeOffset? ProcessedAt { get; private set; }

    public void MarkSent(long ticketNumber, DateTimeOffset now)
    {
        State = RecipientState.Sent;
        TicketNumber = ticketNumber;
        ProcessedAt = now;
    }

    public void MarkFailed(string error, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(error);
        State = RecipientState.Failed;
        Error = error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
        ProcessedAt = now;
    }
}
