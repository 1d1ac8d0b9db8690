using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;

namespace Kefu.Domain.Analytics;

/// <summary>
/// What the metrics must remember about one ticket between its events (when the customer started waiting, how much
/// working time has run, who replied in this cycle), so each event turns into its facts without reading the timeline.
/// Replaying a ticket's timeline through a fresh ledger gives exactly the facts the live path wrote.
/// </summary>
public sealed class TicketLedger
{
    public const int SatisfiedFrom = 4;

    public Guid TicketId { get; init; }
    public Guid WorkspaceId { get; init; }
    public int CustomerTier { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int CreatedHour { get; init; }

    public TicketStatus Status { get; private set; }
    public int Cycle { get; private set; } = 1;
    public DateTimeOffset? LastSolvedAt { get; private set; }

    /// <summary>When the customer's oldest unanswered message arrived; null while nothing waits for an agent.</summary>
    public DateTimeOffset? AwaitingSince { get; private set; }

    /// <summary>Working time of the current wait counted up to <see cref="AwaitingRunningSince"/>.</summary>
    public double AwaitingBusinessSeconds { get; private set; }
    public DateTimeOffset? AwaitingRunningSince { get; private set; }

    public double ResolutionBusinessSeconds { get; private set; }
    public DateTimeOffset? ResolutionRunningSince { get; private set; }

    public bool Responded { get; private set; }
    public int AgentReplies { get; private set; }
    public int CycleAgentReplies { get; private set; }

    /// <summary>Agents who replied in public in the current cycle, first replier first: a rating of the cycle is credited to them.</summary>
    public IReadOnlyList<Guid> CycleAgentIds { get; private set; } = [];

    public int Reopens { get; private set; }
    public bool EverSolved { get; private set; }

    /// <summary>The first solve came after exactly one agent reply; a later reopen takes that back.</summary>
    public bool CountedOneTouch { get; private set; }

    public static TicketLedger Open(FactSubject subject, int customerTier, DateTimeOffset at, TimeZoneInfo zone, Func<Guid> newId, out TicketFact created)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(newId);
        var ledger = new TicketLedger
        {
            TicketId = subject.TicketId, WorkspaceId = subject.WorkspaceId, CustomerTier = customerTier, CreatedAt = at,
            CreatedHour = TimeZoneInfo.ConvertTime(at, zone).Hour, Status = TicketStatus.New,
            AwaitingSince = at, AwaitingRunningSince = at, ResolutionRunningSince = at,
        };
        created = ledger.Fact(FactKind.Created, subject, at, zone, newId);
        return ledger;
    }

    /// <summary>Turns one event into the facts it produces (often none) and moves the ledger on.</summary>
    public IReadOnlyList<TicketFact> Apply(MetricEvent e, FactSubject subject, BusinessCalendar calendar, TimeZoneInfo zone, Func<Guid> newId)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(newId);
        var at = e.At;
        TicketFact Make(FactKind kind, Guid? agentId = null, double? wall = null, double? business = null, bool? within = null,
            bool flag = false, double? value = null, string? detail = null, bool attributionOnly = false, int? cycle = null) =>
            Fact(kind, subject, at, zone, newId, agentId ?? subject.AssigneeId, wall, business, within, flag, value, detail, attributionOnly, cycle);

        switch (e.Kind)
        {
            case MetricEventKind.CustomerMessage:
                if (AwaitingSince is null)
                {
                    AwaitingSince = at;
                    AwaitingBusinessSeconds = 0;
                    AwaitingRunningSince = IsRunning(Status) ? at : null;
                }

                return [];
            case MetricEventKind.AgentReply:
                return Reply(e, subject, calendar, Make);
            case MetricEventKind.StatusChanged when e.To is { } to:
                return ChangeStatus(to, at, subject, calendar, Make);
            case MetricEventKind.Nudged:
                return [Make(FactKind.Nudged)];
            case MetricEventKind.Escalated:
                return [Make(FactKind.Escalated, value: e.Value)];
            case MetricEventKind.SlaBreached:
                return [Make(FactKind.SlaBreached, detail: e.Detail)];
            case MetricEventKind.PromiseKept:
                return [Make(FactKind.PromiseKept, agentId: e.AgentId)];
            case MetricEventKind.PromiseBroken:
                return [Make(FactKind.PromiseBroken)];
            case MetricEventKind.CompensationOffered:
                return [Make(FactKind.CompensationOffered, agentId: e.AgentId, flag: e.Flag, value: e.Value, detail: e.Detail)];
            case MetricEventKind.CsatRated when e.Value is { } rating:
                var satisfied = rating >= SatisfiedFrom;
                if (e.Agents.Count == 0)
                {
                    return [Make(FactKind.CsatRated, agentId: null, flag: satisfied, value: rating, cycle: e.Cycle)];
                }

                return [.. e.Agents.Select((agent, i) => Make(FactKind.CsatRated, agentId: agent, flag: satisfied, value: rating, attributionOnly: i > 0, cycle: e.Cycle))];
            default:
                return [];
        }
    }

    private delegate TicketFact FactMaker(FactKind kind, Guid? agentId = null, double? wall = null, double? business = null, bool? within = null,
        bool flag = false, double? value = null, string? detail = null, bool attributionOnly = false, int? cycle = null);

    private List<TicketFact> Reply(MetricEvent e, FactSubject subject, BusinessCalendar calendar, FactMaker make)
    {
        var facts = new List<TicketFact>(1);
        if (AwaitingSince is { } since)
        {
            var business = AwaitingBusinessSeconds + Running(AwaitingRunningSince, e.At, calendar);
            var target = Responded ? subject.NextResponseTarget : subject.FirstResponseTarget;
            facts.Add(make(Responded ? FactKind.NextResponse : FactKind.FirstResponse, agentId: e.AgentId,
                wall: (e.At - since).TotalSeconds, business: business, within: target is { } t ? business <= t.TotalSeconds : null));
            AwaitingSince = null;
            AwaitingRunningSince = null;
            AwaitingBusinessSeconds = 0;
        }

        Responded = true;
        AgentReplies++;
        CycleAgentReplies++;
        if (e.AgentId is { } agent && !CycleAgentIds.Contains(agent))
        {
            CycleAgentIds = [.. CycleAgentIds, agent];
        }

        return facts;
    }

    private List<TicketFact> ChangeStatus(TicketStatus to, DateTimeOffset at, FactSubject subject, BusinessCalendar calendar, FactMaker make)
    {
        var facts = new List<TicketFact>(2);
        var wasRunning = IsRunning(Status);
        var willRun = IsRunning(to);
        if (wasRunning && !willRun)
        {
            ResolutionBusinessSeconds += Running(ResolutionRunningSince, at, calendar);
            ResolutionRunningSince = null;
            AwaitingBusinessSeconds += Running(AwaitingRunningSince, at, calendar);
            AwaitingRunningSince = null;
        }
        else if (!wasRunning && willRun)
        {
            ResolutionRunningSince = at;
            AwaitingRunningSince = AwaitingSince is null ? null : at;
        }

        var from = Status;
        Status = to;
        switch (to)
        {
            case TicketStatus.Solved:
                var first = !EverSolved;
                var oneTouch = first && CycleAgentReplies == 1;
                facts.Add(make(FactKind.Solved, wall: (at - CreatedAt).TotalSeconds, business: ResolutionBusinessSeconds,
                    within: subject.ResolutionTarget is { } target ? ResolutionBusinessSeconds <= target.TotalSeconds : null,
                    flag: oneTouch, value: first ? 1 : 0));
                if (first && AgentReplies == 0)
                {
                    facts.Add(make(FactKind.BotDeflected, agentId: null, wall: (at - CreatedAt).TotalSeconds));
                }

                CountedOneTouch |= oneTouch;
                EverSolved = true;
                LastSolvedAt = at;

                // A solved ticket owes no reply: a wait still open ends here, unanswered.
                AwaitingSince = null;
                AwaitingRunningSince = null;
                AwaitingBusinessSeconds = 0;
                break;
            case TicketStatus.Open when from == TicketStatus.Solved:
                Reopens++;
                facts.Add(make(FactKind.Reopened, wall: LastSolvedAt is { } solved ? (at - solved).TotalSeconds : null,
                    flag: CountedOneTouch, value: Reopens == 1 ? 1 : 0));
                CountedOneTouch = false;
                Cycle++;
                CycleAgentReplies = 0;
                CycleAgentIds = [];
                break;
            case TicketStatus.Closed:
                facts.Add(make(FactKind.Closed, wall: (at - CreatedAt).TotalSeconds));
                break;
        }

        return facts;
    }

    /// <summary>New and open tickets are the team's to work; every other status stops the clocks the metrics keep.</summary>
    private static bool IsRunning(TicketStatus status) => status is TicketStatus.New or TicketStatus.Open;

    private static double Running(DateTimeOffset? since, DateTimeOffset until, BusinessCalendar calendar) =>
        since is { } from && until > from ? calendar.BusinessTimeBetween(from, until).TotalSeconds : 0;

    private TicketFact Fact(FactKind kind, FactSubject subject, DateTimeOffset at, TimeZoneInfo zone, Func<Guid> newId,
        Guid? agentId = null, double? wall = null, double? business = null, bool? within = null, bool flag = false,
        double? value = null, string? detail = null, bool attributionOnly = false, int? cycle = null)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return new TicketFact
        {
            Id = newId(), WorkspaceId = WorkspaceId, TicketId = TicketId, TicketNumber = subject.Number, Kind = kind, Cycle = cycle ?? Cycle,
            OccurredAt = at, LocalDay = DateOnly.FromDateTime(local.DateTime).DayNumber, LocalHour = local.Hour,
            WallSeconds = wall, BusinessSeconds = business, WithinTarget = within, Flag = flag, Value = value, Detail = detail,
            AgentId = agentId, TeamId = subject.TeamId, CategoryId = subject.CategoryId, Channel = subject.Channel,
            MerchantId = subject.MerchantId, CustomerTier = CustomerTier, CreatedHour = CreatedHour, AttributionOnly = attributionOnly,
        };
    }
}
