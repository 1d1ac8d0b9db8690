namespace Kefu.Domain.Csat;

public enum FollowUpTrigger
{
    /// <summary>A rating at or below <see cref="FollowUpRule.MaxRating"/>.</summary>
    LowRating,

    /// <summary>A ticket of <see cref="FollowUpRule.CategoryCode"/> was solved.</summary>
    CategorySolved,

    /// <summary>Compensation was offered on the ticket.</summary>
    CompensationOffered,
}

/// <summary>A rule that asks for a call-back or check-in (回访) within <see cref="DueWithinHours"/> working hours.</summary>
public sealed record FollowUpRule(FollowUpTrigger Trigger, int? MaxRating, string? CategoryCode, double DueWithinHours, string? Note)
{
    /// <returns>Null when the rule is usable, else what is wrong with it.</returns>
    public string? Problem() => Trigger switch
    {
        _ when !double.IsFinite(DueWithinHours) || DueWithinHours <= 0 || DueWithinHours > 24 * 90 => "dueWithinHours must be more than 0 and at most 2160",
        FollowUpTrigger.LowRating when MaxRating is not (>= CsatSurvey.MinRating and < CsatSurvey.MaxRating) => "a lowRating rule needs maxRating 1–4",
        FollowUpTrigger.CategorySolved when string.IsNullOrWhiteSpace(CategoryCode) => "a categorySolved rule needs categoryCode",
        _ when Note is { Length: > 200 } => "note must be at most 200 characters",
        _ => null,
    };
}

/// <summary>What just happened to a ticket that a follow-up rule may ask for.</summary>
public abstract record FollowUpOccasion
{
    public sealed record Solved(string? CategoryCode) : FollowUpOccasion;

    public sealed record Rated(int Rating) : FollowUpOccasion;

    public sealed record Compensated : FollowUpOccasion;
}

public static class FollowUpRules
{
    public static IEnumerable<FollowUpRule> Matching(IEnumerable<FollowUpRule> rules, FollowUpOccasion occasion)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return rules.Where(rule => (rule.Trigger, occasion) switch
        {
            (FollowUpTrigger.LowRating, FollowUpOccasion.Rated rated) => rated.Rating <= rule.MaxRating,
            (FollowUpTrigger.CategorySolved, FollowUpOccasion.Solved solved) =>
                solved.CategoryCode is not null && string.Equals(solved.CategoryCode, rule.CategoryCode, StringComparison.OrdinalIgnoreCase),
            (FollowUpTrigger.CompensationOffered, FollowUpOccasion.Compensated) => true,
            _ => false,
        });
    }
}

public enum FollowUpStatus
{
    Open,
    Done,
    Cancelled,
}

/// <summary>A call-back or check-in owed to a customer after a solve, with a due time on the team's working hours.</summary>
public sealed class FollowUpTask
{
    public const int MaxNoteLength = 1000;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid TicketId { get; init; }
    public long TicketNumber { get; init; }
    public int Cycle { get; init; }
    public FollowUpTrigger Trigger { get; init; }
    public string? RuleNote { get; init; }
    public Guid? AssigneeId { get; init; }
    public Guid? TeamId { get; init; }
    public Guid? MerchantId { get; init; }
    public DateTimeOffset DueAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public FollowUpStatus Status { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public Guid? ClosedBy { get; private set; }
    public string? Outcome { get; private set; }

    /// <summary>Optimistic concurrency token: done and cancel racing cannot both win.</summary>
    public int Version { get; private set; }

    /// <returns>False when the task was closed already.</returns>
    public bool Close(FollowUpStatus status, Guid agentId, string? outcome, DateTimeOffset now)
    {
        if (status == FollowUpStatus.Open)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A task is closed as done or cancelled.");
        }

        if (outcome is { Length: > MaxNoteLength })
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), "The outcome note is too long.");
        }

        if (Status != FollowUpStatus.Open)
        {
            return false;
        }

        Status = status;
        ClosedBy = agentId;
        ClosedAt = now;
        Outcome = string.IsNullOrWhiteSpace(outcome) ? null : outcome.Trim();
        Version++;
        return true;
    }
}
