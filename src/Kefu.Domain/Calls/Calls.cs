namespace Kefu.Domain.Calls;

public enum CallDirection
{
    Inbound,
    Outbound,
}

public enum CallOutcome
{
    Answered,
    NoAnswer,
    Busy,
    Voicemail,
    Failed,
}

/// <summary>A phone call an agent made or took, kept on the customer's (and, when named, the ticket's) timeline.</summary>
public sealed class CallLog
{
    public const int MaxNotes = 2_000;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid CustomerId { get; set; }
    public Guid? TicketId { get; init; }
    public Guid AgentId { get; init; }
    public CallDirection Direction { get; init; }
    public required string PhoneNumber { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public int DurationSeconds { get; init; }
    public CallOutcome Outcome { get; init; }
    public string? Notes { get; init; }

    /// <summary>The call-back request this call answered, if any.</summary>
    public Guid? CallbackRequestId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A customer's request to be called back within a time window: a task for the agents of the ticket.</summary>
public sealed class CallbackRequest
{
    public const int MaxNote = 500;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid CustomerId { get; set; }
    public Guid TicketId { get; init; }
    public required string PhoneNumber { get; init; }
    public DateTimeOffset WindowStart { get; init; }
    public DateTimeOffset WindowEnd { get; init; }
    public string? Note { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public Guid? AnsweredByCallId { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }

    public bool IsOpen => AnsweredByCallId is null;

    public void MarkAnswered(Guid callId, DateTimeOffset now)
    {
        AnsweredByCallId ??= callId;
        AnsweredAt ??= now;
    }
}

/// <summary>The rules a requested call-back window must meet: agents need notice, and a window short enough to be a promise.</summary>
public static class CallbackWindow
{
    public static readonly TimeSpan MinimumLength = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(14);

    /// <returns>Null when the window is acceptable, otherwise what is wrong with it and which end it concerns.</returns>
    public static (string Field, string Problem)? Check(DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
    {
        if (start <= now)
        {
            return ("windowStart", "must lie in the future");
        }

        if (end > now + Horizon)
        {
            return ("windowEnd", $"must be within {Horizon.TotalDays:0} days from now");
        }

        if (end - start < MinimumLength)
        {
            return ("windowEnd", $"must be at least {MinimumLength.TotalMinutes:0} minutes after windowStart");
        }

        return null;
    }
}
