namespace Kefu.Domain.Sla;

/// <summary>What sets an escalation off.</summary>
public enum EscalationTrigger
{
    /// <summary>A clock reached its warn-at percentage.</summary>
    Warning,

    /// <summary>A clock ran out, or an agent's promise lapsed.</summary>
    Breach,

    /// <summary>The customer nudged (催单) after the deadline had passed.</summary>
    Nudge,

    /// <summary>The customer or an agent asked for a supervisor (升级处理).</summary>
    Request,
}

/// <summary>
/// One step of a workspace's escalation ladder: when <see cref="Trigger"/> happens (for <see cref="Metric"/>, or any
/// metric when null), do these things. Every matching step applies, so a ladder can notify at the warning, raise the
/// priority at the breach and move the ticket to a senior team once the resolution clock has also run out.
/// </summary>
public sealed class EscalationRule
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public int Position { get; set; }
    public EscalationTrigger Trigger { get; set; }
    public SlaMetric? Metric { get; set; }
    public bool NotifySupervisors { get; set; }
    public bool RaisePriority { get; set; }
    public Guid? MoveToTeamId { get; set; }

    /// <summary>The escalation level the ticket is raised to (never lowered); 0 leaves the level as it is.</summary>
    public int RaiseLevelTo { get; set; }

    public bool IsActive { get; set; } = true;

    public bool Applies(EscalationTrigger trigger, SlaMetric? metric) =>
        IsActive && Trigger == trigger && (Metric is null || Metric == metric);
}

/// <summary>Everything one trigger does to a ticket, merged from the ladder's matching steps.</summary>
public sealed record EscalationPlan(bool NotifySupervisors, bool RaisePriority, Guid? MoveToTeamId, int Level, IReadOnlyList<Guid> RuleIds)
{
    public bool DoesAnything(int currentLevel) => NotifySupervisors || RaisePriority || MoveToTeamId is not null || Level > currentLevel;
}

public static class EscalationLadder
{
    /// <summary>
    /// The ladder a workspace has until an admin writes its own: a warning tells the supervisors; a breach, a lapsed
    /// promise or a nudge after the deadline also raises the priority; a request for a supervisor goes to level 2 at once.
    /// </summary>
    public static IReadOnlyList<EscalationRule> Defaults(Guid workspaceId) =>
    [
        new() { Id = DefaultId(1), WorkspaceId = workspaceId, Position = 1, Trigger = EscalationTrigger.Warning, NotifySupervisors = true, RaiseLevelTo = 1 },
        new() { Id = DefaultId(2), WorkspaceId = workspaceId, Position = 2, Trigger = EscalationTrigger.Breach, NotifySupervisors = true, RaisePriority = true, RaiseLevelTo = 2 },
        new() { Id = DefaultId(3), WorkspaceId = workspaceId, Position = 3, Trigger = EscalationTrigger.Nudge, NotifySupervisors = true, RaisePriority = true, RaiseLevelTo = 2 },
        new() { Id = DefaultId(4), WorkspaceId = workspaceId, Position = 4, Trigger = EscalationTrigger.Request, NotifySupervisors = true, RaiseLevelTo = 2 },
    ];

    public static EscalationPlan Plan(IEnumerable<EscalationRule> ladder, EscalationTrigger trigger, SlaMetric? metric, int currentLevel)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        var steps = ladder.Where(r => r.Applies(trigger, metric)).OrderBy(r => r.Position).ThenBy(r => r.Id).ToList();
        return new EscalationPlan(
            steps.Any(s => s.NotifySupervisors),
            steps.Any(s => s.RaisePriority),
            steps.Select(s => s.MoveToTeamId).FirstOrDefault(t => t is not null),
            Math.Max(currentLevel, steps.Count == 0 ? currentLevel : steps.Max(s => s.RaiseLevelTo)),
            [.. steps.Select(s => s.Id)]);
    }

    private static Guid DefaultId(int step) => new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)step);
}

/// <summary>The answer to a customer's nudge (催单).</summary>
public abstract record NudgeOutcome
{
    /// <summary>A deadline has passed (or the ticket has none): escalate now.</summary>
    public sealed record Overdue(SlaMetric? Metric, DateTimeOffset? DueAt) : NudgeOutcome;

    /// <summary>Nothing is late yet: show the customer by when they will hear back.</summary>
    public sealed record NotYetDue(SlaMetric Metric, DateTimeOffset DueAt) : NudgeOutcome;

    /// <summary>Every clock is paused because the ticket waits for the customer's answer; nothing is late.</summary>
    public sealed record AwaitingCustomer : NudgeOutcome;

    /// <summary>The customer nudged a moment ago; the nudge is refused until <paramref name="RetryAt"/>.</summary>
    public sealed record TooSoon(DateTimeOffset RetryAt) : NudgeOutcome;
}

public static class NudgeRule
{
    /// <summary>One nudge per ticket in this time is enough to be heard; more would only flood the supervisors.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Judges a nudge against the ticket's running clocks (stopped ones are met and do not count). A promise speaks
    /// for the agent, so a lapsed promise or any breached clock makes the nudge overdue; otherwise the customer
    /// is shown the nearest deadline. A ticket with no running clock at all has nobody's deadline on it, which is
    /// exactly what a nudge is for, so it escalates.
    /// </summary>
    public static NudgeOutcome Judge(DateTimeOffset? lastNudgedAt, IEnumerable<TicketClock> clocks, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(clocks);
        if (lastNudgedAt is { } last && now - last < MinInterval)
        {
            return new NudgeOutcome.TooSoon(last + MinInterval);
        }

        var open = clocks.Where(c => c.State != SlaClockState.Stopped).ToList();
        var late = open.Where(c => c.IsBreached(now)).OrderBy(c => c.Metric == SlaMetric.Promise ? 0 : 1).ThenBy(c => c.DueAt).FirstOrDefault();
        if (late is not null)
        {
            return new NudgeOutcome.Overdue(late.Metric, late.DueAt);
        }

        var next = open.Where(c => c.DueAt is not null).OrderBy(c => c.DueAt).FirstOrDefault();
        if (next is not null)
        {
            return new NudgeOutcome.NotYetDue(next.Metric, next.DueAt!.Value);
        }

        return open.Count > 0 ? new NudgeOutcome.AwaitingCustomer() : new NudgeOutcome.Overdue(null, null);
    }
}
