namespace Kefu.Domain.Sla;

public enum ClockEventKind
{
    Warning,
    Breach,
}

/// <summary>A warning or breach the clock engine fired; <see cref="Lateness"/> is how long after its due time.</summary>
public readonly record struct ClockEvent(ClockEventKind Kind, SlaMetric Metric, DateTimeOffset DueAt, DateTimeOffset FiredAt)
{
    public TimeSpan Lateness => FiredAt - DueAt;
}

/// <summary>
/// The stored form of one ticket's clock for one metric. Its history (start, pauses, stop) is replayed through
/// <see cref="SlaClock"/> for every answer; the moments the clock engine needs — when the next warning or breach is
/// due — are kept as plain columns so that the engine finds them with one indexed range query.
/// </summary>
public sealed class TicketClock
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid TicketId { get; init; }
    public SlaMetric Metric { get; init; }

    /// <summary>Working time allowed on the calendar, from the policy snapshotted on the ticket.</summary>
    public TimeSpan Target { get; private set; }

    public int WarnAtPercent { get; private set; }
    public string CalendarKey { get; private set; } = "";
    public DateTimeOffset StartedAt { get; private set; }
    public IReadOnlyList<SlaPause> Pauses { get; private set; } = [];
    public DateTimeOffset? StoppedAt { get; private set; }

    /// <summary>When the target is used up if the clock keeps running; once paused or stopped, the deadline it missed, or null if it missed none.</summary>
    public DateTimeOffset? DueAt { get; private set; }

    public DateTimeOffset? WarnAt { get; private set; }
    public DateTimeOffset? WarnedAt { get; private set; }
    public DateTimeOffset? BreachedAt { get; private set; }

    /// <summary>The next warning or breach the engine must fire; null when none is pending.</summary>
    public DateTimeOffset? NextEventAt { get; private set; }

    /// <summary>Optimistic concurrency token: two nodes firing the same event cannot both commit it.</summary>
    public int Version { get; private set; }

    public SlaClockState State => StoppedAt is not null
        ? SlaClockState.Stopped
        : Pauses is [.., { Until: null }] ? SlaClockState.Paused : SlaClockState.Running;

    /// <summary>Whether the clock ran past its due time in this cycle (fired or not yet fired).</summary>
    /// <remarks>A paused or stopped clock keeps a due time only when it ran past it, so then the breach stands.</remarks>
    public bool IsBreached(DateTimeOffset now) =>
        BreachedAt is not null || (DueAt is { } due && (State != SlaClockState.Running || due < now));

    public static TicketClock Start(
        Guid id, Guid workspaceId, Guid ticketId, SlaMetric metric, TimeSpan target, int warnAtPercent,
        string calendarKey, BusinessCalendar calendar, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(calendarKey);
        var clock = new TicketClock { Id = id, WorkspaceId = workspaceId, TicketId = ticketId, Metric = metric };
        clock.Begin(target, warnAtPercent, calendarKey, calendar, at);
        return clock;
    }

    /// <summary>A promise is a clock on the wall: due exactly at <paramref name="dueAt"/>, whatever the business hours.</summary>
    public static TicketClock StartPromise(Guid id, Guid workspaceId, Guid ticketId, DateTimeOffset dueAt, int warnAtPercent, DateTimeOffset at)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(dueAt, at);
        var clock = new TicketClock { Id = id, WorkspaceId = workspaceId, TicketId = ticketId, Metric = SlaMetric.Promise };
        clock.Begin(dueAt - at, warnAtPercent, WallClockKey, BusinessCalendar.AlwaysOpen, at);
        return clock;
    }

    /// <summary>The calendar key of promises, which run on every hour of every day.</summary>
    public const string WallClockKey = "wall";

    /// <summary>Starts a new cycle (the customer wrote again, an agent made a new promise): the history of the old one is on the timeline.</summary>
    public void Restart(TimeSpan target, int warnAtPercent, BusinessCalendar calendar, DateTimeOffset at) =>
        Begin(target, warnAtPercent, CalendarKey, calendar, at);

    /// <summary>
    /// Puts the clock under other targets (urgent work gets a tighter policy) without losing the time it has run: the
    /// due time is counted again from the same start, pauses and all. Events already fired stay fired.
    /// </summary>
    public void Retarget(TimeSpan target, int warnAtPercent, string calendarKey, BusinessCalendar calendar)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(target, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(warnAtPercent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(warnAtPercent, 99);
        ArgumentException.ThrowIfNullOrWhiteSpace(calendarKey);
        Target = target;
        WarnAtPercent = warnAtPercent;
        CalendarKey = calendarKey;
        Derive(ToSlaClock(calendar));
    }

    public void Pause(BusinessCalendar calendar, DateTimeOffset at) => Change(calendar, clock => clock.Pause(at));

    public void Resume(BusinessCalendar calendar, DateTimeOffset at) => Change(calendar, clock => clock.Resume(at));

    /// <summary>The metric was met or no longer applies. Stopping a stopped clock changes nothing.</summary>
    public void Stop(BusinessCalendar calendar, DateTimeOffset at)
    {
        if (State == SlaClockState.Stopped)
        {
            return;
        }

        Change(calendar, clock => clock.Stop(at));
    }

    /// <summary>
    /// Fires every warning and breach due by <paramref name="now"/>, in order: after downtime a clock may owe both.
    /// Nothing is fired twice; the returned events are what the caller must act on.
    /// </summary>
    public IReadOnlyList<ClockEvent> FireDue(DateTimeOffset now)
    {
        var events = new List<ClockEvent>(2);
        while (NextEventAt is { } due && due <= now)
        {
            if (WarnedAt is null && WarnAt == due && DueAt != due)
            {
                WarnedAt = now;
                events.Add(new ClockEvent(ClockEventKind.Warning, Metric, due, now));
            }
            else
            {
                WarnedAt ??= now;
                BreachedAt = now;
                events.Add(new ClockEvent(ClockEventKind.Breach, Metric, due, now));
            }

            NextEventAt = NextEvent();
        }

        if (events.Count > 0)
        {
            Version++;
        }

        return events;
    }

    /// <summary>Rebuilds the domain clock from the stored history, so every change passes the same checks.</summary>
    public SlaClock ToSlaClock(BusinessCalendar calendar) =>
        SlaClock.Restore(Metric, Target, calendar, StartedAt, Pauses, StoppedAt);

    private void Begin(TimeSpan target, int warnAtPercent, string calendarKey, BusinessCalendar calendar, DateTimeOffset at)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(target, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(warnAtPercent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(warnAtPercent, 99);
        Target = target;
        WarnAtPercent = warnAtPercent;
        CalendarKey = calendarKey;
        StartedAt = at.ToUniversalTime();
        Pauses = [];
        StoppedAt = null;
        WarnedAt = null;
        BreachedAt = null;
        Derive(new SlaClock(Metric, target, calendar, StartedAt));
    }

    private void Change(BusinessCalendar calendar, Action<SlaClock> change)
    {
        var clock = ToSlaClock(calendar);
        var before = clock.State;
        change(clock);
        if (clock.State == before && clock.StoppedAt == StoppedAt && clock.Pauses.Count == Pauses.Count)
        {
            return;
        }

        Pauses = [.. clock.Pauses];
        StoppedAt = clock.StoppedAt;
        Derive(clock);
    }

    private void Derive(SlaClock clock)
    {
        if (clock.State == SlaClockState.Running)
        {
            DueAt = clock.DueAt(clock.LastChangedAt);
            WarnAt = clock.WarnAt(WarnAtPercent);
        }
        else
        {
            // A clock paused or stopped after its due time, perhaps before the engine fired the breach, keeps the deadline
            // it missed; otherwise the breach would be forgotten.
            DueAt = clock.IsBreached(clock.LastChangedAt) ? clock.DueAt(clock.LastChangedAt) : null;
            WarnAt = null;
        }

        NextEventAt = NextEvent();
        Version++;
    }

    private DateTimeOffset? NextEvent()
    {
        if (State != SlaClockState.Running)
        {
            return null;
        }

        if (WarnedAt is null && WarnAt is { } warn && (DueAt is not { } due || warn < due))
        {
            return warn;
        }

        return BreachedAt is null ? DueAt : null;
    }
}
