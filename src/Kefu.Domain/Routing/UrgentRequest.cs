namespace Kefu.Domain.Routing;

/// <summary>Why a customer asks for urgent handling (加急); policies approve some kinds by rule.</summary>
public enum UrgentReasonKind
{
    FundsLost,
    AccountCompromised,
    ServiceDown,
    DeadlineToday,
    Other,
}

public enum UrgentRequestStatus
{
    Requested,
    Approved,
    Rejected,
}

/// <summary>
/// A customer's request for the urgent lane. It starts <see cref="UrgentRequestStatus.Requested"/>; the policy approves
/// it at once by rule, or a supervisor approves or rejects it. A decision is final.
/// </summary>
public sealed class UrgentRequest
{
    public const int MaxReasonLength = 1000;

    public Guid Id { get; init; }
    public Guid ItemId { get; init; }
    public UrgentReasonKind ReasonKind { get; init; }
    public required string Reason { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public UrgentRequestStatus Status { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>The supervisor who decided; null when a rule approved it or it is undecided.</summary>
    public Guid? DecidedBy { get; private set; }

    /// <summary>The policy rule that approved it automatically.</summary>
    public string? ApprovedByRule { get; private set; }

    /// <summary>The supervisor's note, shown to the customer on a rejection.</summary>
    public string? DecisionNote { get; private set; }

    /// <summary>Records the request and lets the policy decide what it can: approved by a rule, or left for a supervisor.</summary>
    /// <exception cref="ArgumentException">No reason was given, or it is too long.</exception>
    public static UrgentRequest Submit(
        Guid id, Guid itemId, UrgentReasonKind reasonKind, string reason, UrgentContext context, UrgentLanePolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("Say why it is urgent: the reason is what a supervisor decides on.", nameof(reason));
        }

        if (reason.Length > MaxReasonLength)
        {
            throw new ArgumentException($"The reason is longer than {MaxReasonLength} characters.", nameof(reason));
        }

        var request = new UrgentRequest { Id = id, ItemId = itemId, ReasonKind = reasonKind, Reason = reason.Trim(), RequestedAt = now };
        if (policy.AutoApprovingRule(reasonKind, context) is { } rule)
        {
            request.Status = UrgentRequestStatus.Approved;
            request.ApprovedByRule = rule.Name;
            request.DecidedAt = now;
        }

        return request;
    }

    public void Approve(Guid supervisorId, DateTimeOffset now, string? note = null) =>
        Decide(UrgentRequestStatus.Approved, supervisorId, now, note);

    /// <exception cref="ArgumentException">No note: a customer told "no" is told why.</exception>
    public void Reject(Guid supervisorId, DateTimeOffset now, string note)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            throw new ArgumentException("A rejection carries a note for the customer.", nameof(note));
        }

        Decide(UrgentRequestStatus.Rejected, supervisorId, now, note);
    }

    private void Decide(UrgentRequestStatus to, Guid supervisorId, DateTimeOffset now, string? note)
    {
        if (Status != UrgentRequestStatus.Requested)
        {
            throw new UrgentRequestDecidedException(Id, Status);
        }

        Status = to;
        DecidedBy = supervisorId;
        DecidedAt = now;
        DecisionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
    }
}

/// <summary>What an urgent-lane policy may look at besides the reason kind.</summary>
public sealed record UrgentContext(string? CategoryCode, int VipLevel);

/// <summary>One automatic approval: it applies when every condition it sets holds (an empty one does not restrict).</summary>
public sealed record UrgentLaneRule
{
    public required string Name { get; init; }
    public IReadOnlyList<UrgentReasonKind> ReasonKinds { get; init; } = [];
    public IReadOnlyList<string> CategoryCodes { get; init; } = [];
    public int? MinimumVipLevel { get; init; }

    public bool Applies(UrgentReasonKind reasonKind, UrgentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (ReasonKinds.Count == 0 || ReasonKinds.Contains(reasonKind))
            && (CategoryCodes.Count == 0 || (context.CategoryCode is { } code && CategoryCodes.Contains(code.Trim(), StringComparer.OrdinalIgnoreCase)))
            && (MinimumVipLevel is not { } minimum || context.VipLevel >= minimum);
    }
}

/// <summary>Which urgent requests are approved without a supervisor; anything no rule approves waits for one.</summary>
public sealed class UrgentLanePolicy
{
    public UrgentLanePolicy(IEnumerable<UrgentLaneRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules.ToArray();
        if (Rules.Count > MaxRules)
        {
            throw new ArgumentException($"At most {MaxRules} urgent-lane rules.", nameof(rules));
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in Rules)
        {
            ArgumentNullException.ThrowIfNull(rule, nameof(rules));
            ArgumentException.ThrowIfNullOrWhiteSpace(rule.Name, nameof(rules));
            if (!names.Add(rule.Name.Trim()))
            {
                throw new ArgumentException($"Two urgent-lane rules are named \"{rule.Name}\"; the name is what the timeline records.", nameof(rules));
            }

            if (rule.ReasonKinds.Any(kind => !Enum.IsDefined(kind)))
            {
                throw new ArgumentException($"Urgent-lane rule \"{rule.Name}\" names an unknown reason kind.", nameof(rules));
            }

            if (rule.MinimumVipLevel is < 0)
            {
                throw new ArgumentException($"Urgent-lane rule \"{rule.Name}\": a VIP level is 0 or more.", nameof(rules));
            }

            if (rule is { ReasonKinds.Count: 0, CategoryCodes.Count: 0, MinimumVipLevel: null })
            {
                throw new ArgumentException($"Urgent-lane rule \"{rule.Name}\" sets no condition and would approve every request.", nameof(rules));
            }
        }
    }

    public const int MaxRules = 50;

    /// <summary>
    /// A workspace's lane until its admin edits it: lost money and a taken-over account cannot wait for office hours;
    /// everything else waits for a supervisor.
    /// </summary>
    public static UrgentLanePolicy Defaults { get; } = new(
    [
        new UrgentLaneRule { Name = "资金损失", ReasonKinds = [UrgentReasonKind.FundsLost] },
        new UrgentLaneRule { Name = "账户被盗", ReasonKinds = [UrgentReasonKind.AccountCompromised] },
    ]);

    /// <summary>Every request waits for a supervisor.</summary>
    public static UrgentLanePolicy SupervisorOnly { get; } = new([]);

    public IReadOnlyList<UrgentLaneRule> Rules { get; }

    public UrgentLaneRule? AutoApprovingRule(UrgentReasonKind reasonKind, UrgentContext context) =>
        Rules.FirstOrDefault(rule => rule.Applies(reasonKind, context));
}

public sealed class UrgentRequestDecidedException(Guid requestId, UrgentRequestStatus status)
    : InvalidOperationException($"Urgent request {requestId} is already {status}; a decision is final.")
{
    public UrgentRequestStatus Status { get; } = status;
}
