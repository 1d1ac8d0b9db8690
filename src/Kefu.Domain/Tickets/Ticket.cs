using Kefu.Domain.Sla;

namespace Kefu.Domain.Tickets;

public enum TicketPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

public enum Channel
{
    Api,
    Web,
    Email,
    WeChat,
    Phone,
    App,
}

/// <summary>A numbered customer problem with an owner. All changes go through its methods so the timeline stays complete.</summary>
public sealed class Ticket
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public long Number { get; init; }
    public required string Subject { get; set; }
    public required string Description { get; init; }
    public Guid? CategoryId { get; set; }
    public TicketPriority Priority { get; set; } = TicketPriority.Normal;
    public TicketStatus Status { get; private set; } = TicketStatus.New;
    public Guid CustomerId { get; private set; }
    public Guid? MerchantId { get; init; }
    public Guid? TeamId { get; private set; }
    public Guid? AssigneeId { get; private set; }
    public Channel Channel { get; init; }
    public string? OrderNumber { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    public string? DesiredOutcome { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? SolvedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public DateTimeOffset? FirstRespondedAt { get; private set; }

    /// <summary>Since when an agent holds the ticket in a status they work in (new or open); null while nobody does.</summary>
    public DateTimeOffset? HandlingSince { get; private set; }

    /// <summary>Handle time so far: time assigned and open, without waiting on the customer, needing info, on hold or solved.</summary>
    public TimeSpan HandledFor { get; private set; }

    /// <summary>The handle time when the ticket was last solved; what measured averages (queue estimates) count.</summary>
    public TimeSpan? HandleTime { get; private set; }

    /// <summary>The SLA policy chosen at intake; its targets are copied below so a later edit of the policy moves no deadline.</summary>
    public Guid? SlaPolicyId { get; private set; }
    public TimeSpan? SlaFirstResponse { get; private set; }
    public TimeSpan? SlaNextResponse { get; private set; }
    public TimeSpan? SlaResolution { get; private set; }
    public int SlaWarnAtPercent { get; private set; } = SlaTargets.DefaultWarnAtPercent;
    public string? SlaCalendarKey { get; private set; }

    /// <summary>0 for normal work; raised by the escalation ladder, never lowered.</summary>
    public int EscalationLevel { get; private set; }

    /// <summary>Set when a supervisor was asked for (升级处理): the ticket leaves the normal queues until a supervisor takes it.</summary>
    public DateTimeOffset? EscalatedAt { get; private set; }
    public string? EscalationReason { get; private set; }
    public int NudgeCount { get; private set; }

    /// <summary>The agent the ticket is offered to, until they accept, decline or let <see cref="OfferExpiresAt"/> pass.</summary>
    public Guid? OfferedToAgentId { get; private set; }
    public DateTimeOffset? OfferExpiresAt { get; private set; }

    /// <summary>Agents who declined this ticket or let an offer expire; it is not offered to them again.</summary>
    public IReadOnlyList<Guid> PassedAgentIds { get; private set; } = [];

    /// <summary>Approved urgent-lane (加急) work: served before everything else.</summary>
    public bool Urgent { get; private set; }

    /// <summary>When the intake assistant checked the ticket for missing facts; null while it waits to be checked.</summary>
    public DateTimeOffset? IntakeCheckedAt { get; private set; }

    /// <summary>With the platform's arbitration team (纠纷仲裁组): a dispute with the merchant, or the merchant let the SLA lapse.</summary>
    public bool InArbitration { get; private set; }
    public DateTimeOffset? LastNudgedAt { get; private set; }

    /// <summary>The FAQ bot is answering the customer: the ticket waits in no agent queue until the bot hands it over.</summary>
    public bool HeldByBot { get; private set; }

    public SlaTargets? SlaTargets => SlaCalendarKey is null ? null : new SlaTargets(SlaFirstResponse, SlaNextResponse, SlaResolution, SlaWarnAtPercent);

    /// <summary>Optimistic concurrency token: two agents changing one ticket at once cannot both win silently.</summary>
    public int Version { get; private set; }

    /// <summary>How many entries the timeline has; the next one gets this plus one as its sequence.</summary>
    public int TimelineLength { get; private set; }

    /// <summary>The hash of the latest timeline entry, so appending needs no read of the timeline.</summary>
    public byte[]? TimelineHead { get; private set; }

    public static Ticket Open(NewTicket data, long number, Guid id, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new Ticket
        {
            Id = id,
            WorkspaceId = data.WorkspaceId,
            Number = number,
            Subject = data.Subject,
            Description = data.Description,
            CategoryId = data.CategoryId,
            Priority = data.Priority,
            CustomerId = data.CustomerId,
            MerchantId = data.MerchantId,
            TeamId = data.TeamId,
            Channel = data.Channel,
            OrderNumber = data.OrderNumber,
            OccurredAt = data.OccurredAt,
            DesiredOutcome = data.DesiredOutcome,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public void MoveTo(TicketStatus to, DateTimeOffset now)
    {
        if (to == Status)
        {
            return;
        }

        if (!TicketLifecycle.CanMove(Status, to))
        {
            throw new IllegalTransitionException(Status, to);
        }

        Status = to;
        SolvedAt = to == TicketStatus.Solved ? now : to == TicketStatus.Open ? null : SolvedAt;
        ClosedAt = to == TicketStatus.Closed ? now : ClosedAt;
        Touch(now);
    }

    public void AssignTo(Guid? teamId, Guid? assigneeId, DateTimeOffset now)
    {
        if (Status == TicketStatus.Closed)
        {
            throw new TicketClosedException(Number);
        }

        TeamId = teamId;
        AssigneeId = assigneeId;
        if (assigneeId is not null)
        {
            ClearOffer();
        }

        if (assigneeId is not null && Status == TicketStatus.New)
        {
            Status = TicketStatus.Open;
        }

        Touch(now);
    }

    /// <summary>A customer wrote: work that waited on them, or was solved, comes back to the agent.</summary>
    public void ReceiveCustomerMessage(DateTimeOffset now)
    {
        if (Status == TicketStatus.Closed)
        {
            throw new TicketClosedException(Number);
        }

        if (TicketLifecycle.IsPendingOnCustomer(Status) || Status == TicketStatus.Solved)
        {
            MoveTo(TicketStatus.Open, now);
        }
        else
        {
            Touch(now);
        }
    }

    /// <summary>An agent replied in public. The first such reply stops the first-response clock.</summary>
    public void RecordAgentReply(DateTimeOffset now)
    {
        if (Status == TicketStatus.Closed)
        {
            throw new TicketClosedException(Number);
        }

        FirstRespondedAt ??= now;
        if (Status == TicketStatus.New)
        {
            MoveTo(TicketStatus.Open, now);
        }
        else
        {
            Touch(now);
        }
    }

    /// <summary>Records the policy chosen for this ticket with a copy of its targets.</summary>
    public void ApplySlaPolicy(Guid policyId, SlaTargets targets, string calendarKey)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentException.ThrowIfNullOrWhiteSpace(calendarKey);
        SlaPolicyId = policyId;
        SlaFirstResponse = targets.FirstResponse;
        SlaNextResponse = targets.NextResponse;
        SlaResolution = targets.Resolution;
        SlaWarnAtPercent = targets.WarnAtPercent;
        SlaCalendarKey = calendarKey;
    }

    /// <summary>Applies an escalation plan: a higher level, one step more priority, a senior team (which then picks the agent).</summary>
    /// <returns>Whether anything about the ticket changed.</returns>
    public bool Escalate(EscalationPlan plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var changed = false;
        if (plan.Level > EscalationLevel)
        {
            EscalationLevel = plan.Level;
            changed = true;
        }

        if (plan.RaisePriority && Priority < TicketPriority.Urgent)
        {
            Priority++;
            changed = true;
        }

        if (plan.MoveToTeamId is { } team && team != TeamId && Status != TicketStatus.Closed)
        {
            TeamId = team;
            AssigneeId = null;
            changed = true;
        }

        if (changed)
        {
            Touch(now);
        }

        return changed;
    }

    /// <summary>The customer or an agent asked for a supervisor (升级处理).</summary>
    public void RequestSupervisor(string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (Status == TicketStatus.Closed)
        {
            throw new TicketClosedException(Number);
        }

        EscalatedAt ??= now;
        EscalationReason = reason;
        Touch(now);
    }

    /// <summary>A supervisor took the escalated ticket back into normal work (the level stays, as history).</summary>
    public void ResolveEscalation(DateTimeOffset now)
    {
        if (EscalatedAt is not null)
        {
            EscalatedAt = null;
            Touch(now);
        }
    }

    /// <summary>Routing placed the ticket in a team (and may have changed its priority or put it in the urgent lane).</summary>
    public void Route(Guid teamId, TicketPriority priority, bool urgent)
    {
        TeamId = teamId;
        Priority = priority;
        Urgent |= urgent;
    }

    public void HoldForBot() => HeldByBot = true;

    /// <summary>The bot hands the ticket to people: from now on it is routed like any other.</summary>
    public void ReleaseFromBot(DateTimeOffset now)
    {
        if (HeldByBot)
        {
            HeldByBot = false;
            Touch(now);
        }
    }

    public void MarkIntakeChecked(DateTimeOffset now) => IntakeCheckedAt ??= now;

    /// <summary>An urgent-lane request was approved: the ticket jumps the queue at the highest priority.</summary>
    public void MarkUrgent(DateTimeOffset now)
    {
        Urgent = true;
        Priority = TicketPriority.Urgent;
        Touch(now);
    }

    /// <summary>Moves the ticket to the platform's arbitration team with its whole history; the merchant's agents lose it.</summary>
    /// <returns>False when it was there already.</returns>
    public bool MoveToArbitration(Guid arbitrationTeamId, DateTimeOffset now)
    {
        if (Status == TicketStatus.Closed)
        {
            throw new TicketClosedException(Number);
        }

        if (InArbitration && TeamId == arbitrationTeamId)
        {
            return false;
        }

        InArbitration = true;
        TeamId = arbitrationTeamId;
        AssigneeId = null;
        ClearOffer();
        Touch(now);
        return true;
    }

    /// <summary>Offers the ticket to one agent; nobody else may take it while the offer lives.</summary>
    public void Offer(Guid agentId, DateTimeOffset now, TimeSpan timeToAnswer)
    {
        if (AssigneeId is not null || Status == TicketStatus.Closed)
        {
            throw new InvalidOperationException($"Ticket {Number} is not waiting for an agent.");
        }

        OfferedToAgentId = agentId;
        OfferExpiresAt = now + timeToAnswer;
        Touch(now);
    }

    public bool HasLiveOffer(DateTimeOffset now) => OfferedToAgentId is not null && OfferExpiresAt > now;

    /// <summary>The offered agent declined, or let the offer run out: it goes to someone else.</summary>
    public void PassOffer(DateTimeOffset now)
    {
        if (OfferedToAgentId is { } agent)
        {
            PassedAgentIds = [.. PassedAgentIds, agent];
            OfferedToAgentId = null;
            OfferExpiresAt = null;
            Touch(now);
        }
    }

    private void ClearOffer()
    {
        OfferedToAgentId = null;
        OfferExpiresAt = null;
        PassedAgentIds = [];
    }

    public void RecordNudge(DateTimeOffset now)
    {
        NudgeCount++;
        LastNudgedAt = now;
        Touch(now);
    }

    /// <summary>Another customer record turned out to be the same person (a merge, or its undoing).</summary>
    public void MoveToCustomer(Guid customerId, DateTimeOffset now)
    {
        CustomerId = customerId;
        Touch(now);
    }

    /// <summary>
    /// Appends an entry to the ticket's timeline, chained to the one before it. Entries of one ticket
    /// must be recorded on the one in-memory ticket, in order, so that each sees the previous head.
    /// </summary>
    public AuditEvent Record(TimelineEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var recorded = AuditEvent.Chained(this, TimelineLength + 1, TimelineHead, entry);
        TimelineLength = recorded.Sequence;
        TimelineHead = recorded.Hash;
        return recorded;
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
        AccrueHandling(now);
    }

    /// <summary>
    /// Every change passes here after it is made, so the stretch since <see cref="HandlingSince"/> was spent in the state
    /// before the change: counted when that was in hand, and a new stretch starts if the ticket is in hand now.
    /// </summary>
    private void AccrueHandling(DateTimeOffset now)
    {
        if (HandlingSince is { } since && now > since)
        {
            HandledFor += now - since;
        }

        HandlingSince = AssigneeId is not null && Status is TicketStatus.New or TicketStatus.Open ? now : null;
        if (Status == TicketStatus.Solved && SolvedAt == now)
        {
            HandleTime = HandledFor;
        }
    }
}

/// <summary>What intake has established about a ticket before it gets its number.</summary>
public sealed record NewTicket(
    Guid WorkspaceId,
    Guid CustomerId,
    string Subject,
    string Description,
    Guid? CategoryId,
    TicketPriority Priority,
    Guid? MerchantId,
    Guid? TeamId,
    Channel Channel,
    string? OrderNumber,
    DateTimeOffset? OccurredAt,
    string? DesiredOutcome);

public sealed class TicketClosedException(long number)
    : InvalidOperationException($"Ticket {number} is closed; a new contact opens a new ticket.")
{
    public long Number { get; } = number;
}
