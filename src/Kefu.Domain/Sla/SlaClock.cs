using System.Globalization;

namespace Kefu.Domain.Sla;

public enum SlaMetric
{
    FirstResponse,
    NextResponse,
    Resolution,

    /// <summary>An agent's recorded promise ("reply by T"); counted on the wall clock and never paused.</summary>
    Promise,
}

public enum SlaClockState
{
    Running,
    Paused,
    Stopped,
}

/// <summary>A stretch during which the clock stood still, such as while the ticket waited on the customer; <see cref="Until"/> is null while it lasts.</summary>
public readonly record struct SlaPause(DateTimeOffset From, DateTimeOffset? Until);

/// <summary>
/// One ticket's clock for one metric: it counts working time on its calendar from <see cref="StartedAt"/>, stands still
/// while paused, and is stopped when the metric is met. Every question takes the moment it is asked about.
/// </summary>
/// <remarks>
/// Breach is judged on the wall clock: a clock due at 18:00 on Friday and still running on Saturday is breached, though
/// no working time has passed since; <see cref="Remaining"/>, which counts working time, only turns negative on Monday.
/// </remarks>
public sealed class SlaClock
{
    private readonly List<SlaPause> _pauses = [];

    public SlaClock(SlaMetric metric, TimeSpan target, BusinessCalendar calendar, DateTimeOffset startedAt)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(target, TimeSpan.Zero);
        Metric = metric;
        Target = target;
        Calendar = calendar;
        StartedAt = startedAt.ToUniversalTime();
        LastChangedAt = StartedAt;
    }

    public SlaMetric Metric { get; }

    /// <summary>Working time allowed on <see cref="Calendar"/>.</summary>
    public TimeSpan Target { get; }

    public BusinessCalendar Calendar { get; }
    public DateTimeOffset StartedAt { get; }
    public DateTimeOffset? StoppedAt { get; private set; }

    /// <summary>The latest start, pause, resume or stop; the clock refuses changes dated before it.</summary>
    public DateTimeOffset LastChangedAt { get; private set; }

    public IReadOnlyList<SlaPause> Pauses => _pauses.AsReadOnly();

    public SlaClockState State => StoppedAt is not null
        ? SlaClockState.Stopped
        : _pauses is [.., { Until: null }] ? SlaClockState.Paused : SlaClockState.Running;

    /// <summary>Rebuilds a stored clock by replaying its history, so a stored clock passes the same checks as a live one.</summary>
    public static SlaClock Restore(
        SlaMetric metric,
        TimeSpan target,
        BusinessCalendar calendar,
        DateTimeOffset startedAt,
        IEnumerable<SlaPause> pauses,
        DateTimeOffset? stoppedAt)
    {
        ArgumentNullException.ThrowIfNull(pauses);
        var clock = new SlaClock(metric, target, calendar, startedAt);
        foreach (var pause in pauses)
        {
            if (clock.State == SlaClockState.Paused)
            {
                throw new ArgumentException("Only the last pause may still be open.", nameof(pauses));
            }

            clock.Pause(pause.From);
            if (pause.Until is { } until)
            {
                clock.Resume(until);
            }
        }

        if (stoppedAt is { } stopped)
        {
            clock.Stop(stopped);
        }

        return clock;
    }

    /// <summary>Stops the count, for example while the ticket waits on the customer or is on hold. Pausing a paused clock changes nothing.</summary>
    /// <exception cref="InvalidOperationException">The clock is stopped.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> is before the clock's last change.</exception>
    public void Pause(DateTimeOffset at)
    {
        ThrowIfStopped("pause");
        if (State == SlaClockState.Paused)
        {
            return;
        }

        at = InOrder(at);
        _pauses.Add(new SlaPause(at, null));
    }

    /// <summary>Counts again after a pause. Resuming a running clock changes nothing.</summary>
    /// <exception cref="InvalidOperationException">The clock is stopped.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> is before the pause began.</exception>
    public void Resume(DateTimeOffset at)
    {
        ThrowIfStopped("resume");
        if (State == SlaClockState.Running)
        {
            return;
        }

        at = InOrder(at);
        _pauses[^1] = _pauses[^1] with { Until = at };
    }

    /// <summary>The metric was met (or no longer applies); a paused clock stops where it stood.</summary>
    /// <exception cref="InvalidOperationException">The clock is already stopped.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> is before the clock's last change.</exception>
    public void Stop(DateTimeOffset at)
    {
        ThrowIfStopped("stop");
        at = InOrder(at);
        if (State == SlaClockState.Paused)
        {
            _pauses[^1] = _pauses[^1] with { Until = at };
        }

        StoppedAt = at;
    }

    /// <summary>Working time counted up to <paramref name="now"/>, pauses left out.</summary>
    public TimeSpan Elapsed(DateTimeOffset now)
    {
        var elapsed = TimeSpan.Zero;
        foreach (var (from, until) in RunningStretches())
        {
            var end = until is { } u && u < now ? u : now;
            if (end > from)
            {
                elapsed += Calendar.BusinessTimeBetween(from, end);
            }
        }

        return elapsed;
    }

    /// <summary>Working time left before the target is used up; negative once working time passes beyond it.</summary>
    public TimeSpan Remaining(DateTimeOffset now) => Target - Elapsed(now);

    /// <summary>
    /// When the target is (or was) used up. While the clock is paused, or stopped short of its target, the answer
    /// supposes it ran again from <paramref name="now"/> (or from the stop) without further pauses.
    /// </summary>
    public DateTimeOffset DueAt(DateTimeOffset now)
    {
        if (MomentUsed(Target) is { } due)
        {
            return due;
        }

        var from = StoppedAt ?? (_pauses[^1].From > now ? _pauses[^1].From : now);
        return Calendar.AddBusinessTime(from, Remaining(from));
    }

    /// <summary>Whether the clock has run, by <paramref name="now"/>, for any moment past its due time. A clock stopped exactly at its due time was met.</summary>
    public bool IsBreached(DateTimeOffset now)
    {
        if (MomentUsed(Target) is not { } due)
        {
            return false;
        }

        foreach (var (from, until) in RunningStretches())
        {
            var end = until is { } u && u < now ? u : now;
            if (end > (from > due ? from : due))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// When <paramref name="warnPercent"/> % of the target will have been used (80 for a warning at four fifths;
    /// above 100 for an escalation after breach), or null while a pause or stop keeps it from being reached.
    /// </summary>
    public DateTimeOffset? WarnAt(double warnPercent)
    {
        if (!double.IsFinite(warnPercent) || warnPercent <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(warnPercent), warnPercent, "A warning comes at a positive percentage of the target.");
        }

        var ticks = Math.Round(Target.Ticks * (warnPercent / 100), MidpointRounding.AwayFromZero);
        if (ticks >= TimeSpan.MaxValue.Ticks)
        {
            throw new ArgumentOutOfRangeException(nameof(warnPercent), warnPercent, "The warning would lie beyond any representable time.");
        }

        return MomentUsed(TimeSpan.FromTicks((long)ticks));
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Metric} {State}, target {Target}, started {StartedAt:O}");

    /// <summary>The stretches the clock ran, in order; the last has no end while the clock runs.</summary>
    private IEnumerable<(DateTimeOffset From, DateTimeOffset? Until)> RunningStretches()
    {
        var from = StartedAt;
        foreach (var pause in _pauses)
        {
            yield return (from, pause.From);
            if (pause.Until is not { } until)
            {
                yield break;
            }

            from = until;
        }

        yield return (from, StoppedAt);
    }

    /// <summary>The moment the running time first reaches <paramref name="amount"/>, or null if a pause or the stop comes first.</summary>
    private DateTimeOffset? MomentUsed(TimeSpan amount)
    {
        var used = TimeSpan.Zero;
        foreach (var (from, until) in RunningStretches())
        {
            if (until is not { } end)
            {
                return Calendar.AddBusinessTime(from, amount - used);
            }

            var stretch = Calendar.BusinessTimeBetween(from, end);
            if (used + stretch >= amount)
            {
                return Calendar.AddBusinessTime(from, amount - used);
            }

            used += stretch;
        }

        return null;
    }

    private void ThrowIfStopped(string action)
    {
        if (StoppedAt is { } stopped)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"The {Metric} clock stopped at {stopped:O}; it cannot {action}."));
        }
    }

    private DateTimeOffset InOrder(DateTimeOffset at)
    {
        at = at.ToUniversalTime();
        if (at < LastChangedAt)
        {
            throw new ArgumentOutOfRangeException(
                nameof(at), at, string.Create(CultureInfo.InvariantCulture, $"The clock last changed at {LastChangedAt:O}; it cannot change earlier."));
        }

        LastChangedAt = at;
        return at;
    }
}
