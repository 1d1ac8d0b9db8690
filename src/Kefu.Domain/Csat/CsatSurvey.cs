namespace Kefu.Domain.Csat;

public enum CsatAnswerOutcome
{
    Recorded,
    AlreadyAnswered,
}

/// <summary>
/// The satisfaction survey of one solve cycle of a ticket (a reopen and a new solve get a new survey). It can be answered
/// once: in the chat at once, or through a link sent after a delay. Only a hash of the link's token is kept.
/// </summary>
public sealed class CsatSurvey
{
    public const int MinRating = 1;
    public const int MaxRating = 5;
    public const int MaxCommentLength = 1000;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid TicketId { get; init; }
    public long TicketNumber { get; init; }
    public int Cycle { get; init; }
    public DateTimeOffset SolvedAt { get; init; }

    /// <summary>When the link for email or webhook may go out; the chat may ask at once.</summary>
    public DateTimeOffset LinkDueAt { get; init; }

    public DateTimeOffset? LinkIssuedAt { get; private set; }

    /// <summary>SHA-256 (hex) of the link's token, so the stored row cannot be turned back into a working link.</summary>
    public string? TokenHash { get; private set; }

    /// <summary>Agents who replied in public in this cycle, first replier first: the rating is credited to each.</summary>
    public IReadOnlyList<Guid> AgentIds { get; init; } = [];

    public int? Rating { get; private set; }
    public string? Comment { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }
    public string? AnsweredVia { get; private set; }

    /// <summary>Optimistic concurrency token: two answers racing cannot both be recorded.</summary>
    public int Version { get; private set; }

    public bool IsAnswered => AnsweredAt is not null;

    public static CsatSurvey ForCycle(Guid id, Guid workspaceId, Guid ticketId, long ticketNumber, int cycle, IReadOnlyList<Guid> agentIds, DateTimeOffset solvedAt, TimeSpan linkDelay) => new()
    {
        Id = id, WorkspaceId = workspaceId, TicketId = ticketId, TicketNumber = ticketNumber, Cycle = cycle,
        AgentIds = [.. agentIds], SolvedAt = solvedAt, LinkDueAt = solvedAt + linkDelay,
    };

    /// <summary>Marks the link as sent with the hash of its freshly made token.</summary>
    public void IssueLink(string tokenHash, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        TokenHash = tokenHash;
        LinkIssuedAt = now;
        Version++;
    }

    /// <summary>Records the answer unless the survey has one already.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rating is not 1–5 or the comment is too long.</exception>
    public CsatAnswerOutcome Answer(int rating, string? comment, string via, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rating, MinRating);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rating, MaxRating);
        if (comment is { Length: > MaxCommentLength })
        {
            throw new ArgumentOutOfRangeException(nameof(comment), "The comment is too long.");
        }

        if (IsAnswered)
        {
            return CsatAnswerOutcome.AlreadyAnswered;
        }

        Rating = rating;
        Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        AnsweredVia = via;
        AnsweredAt = now;
        Version++;
        return CsatAnswerOutcome.Recorded;
    }
}
