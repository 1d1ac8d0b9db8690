namespace Kefu.Domain.Tickets;

public static class SubTaskAuditKinds
{
    public const string Created = "subtask.created";
    public const string Done = "subtask.done";
    public const string Reopened = "subtask.reopened";
}

/// <summary>
/// A piece of a ticket handed to someone else (finance checks the refund, tech reads the logs): an owner and a due
/// time, done once. A ticket with an open sub-task cannot be solved, so nothing handed off is forgotten.
/// </summary>
public sealed class SubTask
{
    public const int MaxTitleLength = 200;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid TicketId { get; init; }
    public required string Title { get; init; }
    public Guid? TeamId { get; init; }
    public Guid? OwnerAgentId { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public Guid CreatedByAgentId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DoneAt { get; private set; }
    public Guid? DoneByAgentId { get; private set; }

    public bool IsDone => DoneAt is not null;

    /// <returns>False when it was done already: marking twice keeps the first time and person.</returns>
    public bool Complete(Guid agentId, DateTimeOffset now)
    {
        if (IsDone)
        {
            return false;
        }

        DoneAt = now;
        DoneByAgentId = agentId;
        return true;
    }

    /// <returns>False when it was still open.</returns>
    public bool Reopen()
    {
        if (!IsDone)
        {
            return false;
        }

        DoneAt = null;
        DoneByAgentId = null;
        return true;
    }

    public bool IsOverdue(DateTimeOffset now) => !IsDone && DueAt is { } due && due <= now;
}
