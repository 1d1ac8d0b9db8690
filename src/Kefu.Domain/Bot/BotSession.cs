namespace Kefu.Domain.Bot;

public enum BotSessionState
{
    /// <summary>The bot answers; the ticket is held out of the agents' queues.</summary>
    Answering,

    /// <summary>Handed to the human queue (asked for, unhelpful answers, or nothing confident to say).</summary>
    HandedOff,

    /// <summary>The customer said an answer helped: solved without an agent.</summary>
    Deflected,
}

public enum BotHandOffReason
{
    CustomerAsked,
    UnhelpfulAnswers,
    NoConfidentAnswer,
}

public enum BotVote
{
    Helped,
    NotHelped,
}

/// <summary>A workspace's FAQ bot switch and limits; without a row the bot is off.</summary>
public sealed class BotSettings
{
    public const int DefaultUnhelpfulLimit = 2;
    public const double DefaultMinConfidence = Knowledge.FaqMatcher.DefaultThreshold;

    public Guid WorkspaceId { get; init; }
    public bool Enabled { get; set; }

    /// <summary>After this many answers the customer said did not help, the bot hands over by itself.</summary>
    public int UnhelpfulLimit { get; set; } = DefaultUnhelpfulLimit;

    /// <summary>The bot answers only at or above this matcher confidence; below it the customer goes straight to a person.</summary>
    public double MinConfidence { get; set; } = DefaultMinConfidence;
    public DateTimeOffset UpdatedAt { get; set; }

    public static BotSettings Off(Guid workspaceId) => new() { WorkspaceId = workspaceId };
}

/// <summary>
/// The bot's handling of one ticket, from the customer's first message until it is handed off or deflected. It decides
/// what happens next; the caller writes the messages.
/// </summary>
public sealed class BotSession
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid TicketId { get; init; }
    public required string Locale { get; init; }
    public BotSessionState State { get; private set; }
    public int Answers { get; private set; }
    public int UnhelpfulVotes { get; private set; }
    public int HelpfulVotes { get; private set; }

    /// <summary>The latest answer the customer can still vote on.</summary>
    public Guid? OpenAnswerTurnId { get; private set; }
    public BotHandOffReason? HandOffReason { get; private set; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>Concurrency token: a vote and a message arriving together cannot both end the session.</summary>
    public int Version { get; private set; }

    public bool IsAnswering => State == BotSessionState.Answering;

    public void RecordAnswer(Guid turnId)
    {
        EnsureAnswering();
        Answers++;
        OpenAnswerTurnId = turnId;
        Version++;
    }

    /// <summary>The customer voted on the open answer.</summary>
    /// <returns>What the bot does next.</returns>
    public BotStep Vote(BotVote vote, int unhelpfulLimit, DateTimeOffset now)
    {
        EnsureAnswering();
        OpenAnswerTurnId = null;
        Version++;
        if (vote == BotVote.Helped)
        {
            HelpfulVotes++;
            State = BotSessionState.Deflected;
            EndedAt = now;
            return BotStep.Deflect;
        }

        UnhelpfulVotes++;
        if (UnhelpfulVotes >= Math.Max(1, unhelpfulLimit))
        {
            HandOff(BotHandOffReason.UnhelpfulAnswers, now);
            return BotStep.HandOff;
        }

        return BotStep.AskAgain;
    }

    public void HandOff(BotHandOffReason reason, DateTimeOffset now)
    {
        EnsureAnswering();
        State = BotSessionState.HandedOff;
        HandOffReason = reason;
        OpenAnswerTurnId = null;
        EndedAt = now;
        Version++;
    }

    private void EnsureAnswering()
    {
        if (State != BotSessionState.Answering)
        {
            throw new InvalidOperationException($"The bot session of ticket {TicketId} has ended ({State}).");
        }
    }
}

public enum BotStep
{
    Deflect,
    AskAgain,
    HandOff,
}

/// <summary>One customer question the bot looked at: what it answered (if anything), how sure it was, and the customer's vote.</summary>
public sealed class BotTurn
{
    public const int MaxQuestionLength = 500;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid SessionId { get; init; }
    public Guid TicketId { get; init; }

    /// <summary>The customer message the turn answers; one turn per message, so a resent message is not answered twice.</summary>
    public Guid QuestionMessageId { get; init; }
    public required string Question { get; init; }
    public required string Locale { get; init; }

    /// <summary>The FAQ entry answered with; null when nothing was confident enough (an unanswered question).</summary>
    public Guid? EntryId { get; init; }
    public double Confidence { get; init; }
    public Guid? AnswerMessageId { get; set; }
    public BotVote? Vote { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    public bool Answered => EntryId is not null;
}
