using Kefu.Domain.Tickets;

namespace Kefu.Domain.Analytics;

/// <summary>What a fact records. docs/analytics.md defines what each kind's figures mean.</summary>
public enum FactKind
{
    Created,
    FirstResponse,
    NextResponse,
    Solved,
    Reopened,
    Closed,

    /// <summary>The ticket was solved for the first time without any public agent reply.</summary>
    BotDeflected,
    Nudged,
    Escalated,
    SlaBreached,
    PromiseKept,
    PromiseBroken,
    CsatRated,
    CompensationOffered,
}

/// <summary>
/// One metric fact, stored in the same write as the event it measures: durations in wall and business seconds, whether
/// an SLA target was met, and the keys reports are sliced by as they stood at that moment. Append-only.
/// </summary>
public sealed class TicketFact
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid TicketId { get; init; }
    public long TicketNumber { get; init; }
    public FactKind Kind { get; init; }

    /// <summary>The solve cycle the fact belongs to: 1 until the first reopen, then 2, and so on.</summary>
    public int Cycle { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    /// <summary><see cref="DateOnly.DayNumber"/> of the moment in the workspace's zone, so date ranges are the workspace's days.</summary>
    public int LocalDay { get; init; }

    public int LocalHour { get; init; }

    public double? WallSeconds { get; init; }

    /// <summary>Working time on the ticket's SLA calendar, with the stretches the ticket waited on the customer or was on hold left out.</summary>
    public double? BusinessSeconds { get; init; }

    /// <summary>Whether the business time stayed within the ticket's SLA target for the metric; null when the ticket has no such target.</summary>
    public bool? WithinTarget { get; init; }

    /// <summary>A yes/no per kind: one-touch for a solve, "counted one-touch" for a reopen, satisfied (4–5) for a rating, platform at fault for compensation.</summary>
    public bool Flag { get; init; }

    /// <summary>A number per kind: 1 on a ticket's first solve or first reopen, the rating, the compensation amount.</summary>
    public double? Value { get; init; }

    /// <summary>A short code per kind: the SLA metric breached, the compensation kind.</summary>
    public string? Detail { get; init; }

    public Guid? AgentId { get; init; }
    public Guid? TeamId { get; init; }
    public Guid? CategoryId { get; init; }
    public Channel Channel { get; init; }
    public Guid? MerchantId { get; init; }
    public int CustomerTier { get; init; }

    /// <summary>The hour of day (workspace zone) the ticket was created in.</summary>
    public int CreatedHour { get; init; }

    /// <summary>A rating credited to a further agent who worked the cycle: it counts in that agent's figures only, never twice in totals.</summary>
    public bool AttributionOnly { get; init; }

    /// <summary>Whether the rollup job has added the fact to <see cref="MetricRollup"/>; facts are written without it, so intake pays one insert.</summary>
    public bool RolledUp { get; set; }
}

/// <summary>The ticket as it stands when an event happens: what facts are sliced by and measured against.</summary>
public sealed record FactSubject(
    Guid WorkspaceId,
    Guid TicketId,
    long Number,
    Guid? AssigneeId,
    Guid? TeamId,
    Guid? CategoryId,
    Channel Channel,
    Guid? MerchantId,
    TimeSpan? FirstResponseTarget,
    TimeSpan? NextResponseTarget,
    TimeSpan? ResolutionTarget);

public enum MetricEventKind
{
    Created,
    CustomerMessage,
    AgentReply,
    StatusChanged,
    Nudged,
    Escalated,
    SlaBreached,
    PromiseKept,
    PromiseBroken,
    CsatRated,
    CompensationOffered,
}

/// <summary>One timeline event as the metrics read it.</summary>
public sealed record MetricEvent(MetricEventKind Kind, DateTimeOffset At)
{
    public Guid? AgentId { get; init; }
    public TicketStatus? From { get; init; }
    public TicketStatus? To { get; init; }
    public double? Value { get; init; }
    public bool Flag { get; init; }
    public string? Detail { get; init; }
    public int? Cycle { get; init; }

    /// <summary>For a rating: the agents it is credited to, the first counting in totals.</summary>
    public IReadOnlyList<Guid> Agents { get; init; } = [];
}
