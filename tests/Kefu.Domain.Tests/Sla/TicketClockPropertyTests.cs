using System.Globalization;

using CsCheck;

using Kefu.Domain.Sla;

using static Kefu.Domain.Tests.Sla.Calendars;

namespace Kefu.Domain.Tests.Sla;

/// <summary>
/// Laws of the stored clock for random calendars, starts, targets, warn-at percentages and pause patterns. Starts and
/// waits are sometimes whole half hours so that they land on period bounds, midnights and clock changes.
/// </summary>
public sealed class TicketClockPropertyTests
{
    private const long Iterations = 1000;

    private static readonly DateTimeOffset Origin = Utc(2025, 12, 1, 0);

    private static readonly Dictionary<string, BusinessCalendar> Named = new(StringComparer.Ordinal)
    {
        ["cn-2026"] = China2026,
        ["24x7"] = SevenByTwentyFour,
        ["new-york"] = NewYork,
        ["berlin-weekdays-and-sundays"] = Berlin,
        ["shanghai-office"] = ShanghaiOffice(),
    };

    private static readonly Gen<DateTimeOffset> Moments = Gen.Frequency(
        (2, Gen.Int[0, 425 * 24 * 60 * 60].Select(seconds => Origin.AddSeconds(seconds))),
        (1, Gen.Int[0, 425 * 48].Select(halfHours => Origin.AddMinutes(30 * halfHours))));

    /// <summary>Wall-clock time between two changes: sometimes none, mostly hours, sometimes days.</summary>
    private static readonly Gen<TimeSpan> Waits = Gen.Frequency(
        (1, Gen.Const(TimeSpan.Zero)),
        (4, Gen.Int[1, 4 * 60 * 60].Select(seconds => TimeSpan.FromSeconds(seconds))),
        (2, Gen.Int[1, 3 * 24 * 60 * 60].Select(seconds => TimeSpan.FromSeconds(seconds))),
        (1, Gen.Int[1, 6 * 24].Select(halfHours => TimeSpan.FromMinutes(30 * halfHours))));

    private static readonly Gen<TimeSpan> Targets = Gen.Frequency(
        (3, Gen.Int[60, 8 * 60 * 60]),
        (2, Gen.Int[1, 5 * 24 * 60 * 60]),
        (1, Gen.Int[1, 30 * 24 * 60 * 60]))
        .Select(seconds => TimeSpan.FromSeconds(seconds));

    private static readonly Gen<Scenario> Scenarios = Gen.Select(
        Gen.OneOf([.. Named.Keys.Order(StringComparer.Ordinal)]),
        Moments,
        Targets,
        Gen.Int[1, 99],
        Gen.Select(Waits, Waits, Gen.Bool, (run, wait, engineUp) => new Stretch(run, wait, engineUp)).Array[0, 6],
        Gen.OneOf(SlaClockState.Running, SlaClockState.Paused, SlaClockState.Stopped),
        Waits,
        Gen.Bool,
        (calendar, start, target, warnAt, stretches, ending, lastRun, engineUp) =>
            new Scenario(calendar, start, target, warnAt, stretches, ending, lastRun, engineUp));

    [Fact]
    public void DueAndWarnAt_AfterEveryChange_AreNeverInsideClosedHoursExceptAtAPeriodEnd()
    {
        Scenarios.Sample(
            scenario =>
            {
                var calendar = scenario.BusinessCalendar;
                scenario.Play(clock =>
                {
                    if (clock.DueAt is { } due)
                    {
                        ShouldBeWorkingTimeOrAPeriodEnd(calendar, due, "DueAt");
                        due.ShouldBeGreaterThan(clock.StartedAt);
                    }

                    if (clock.WarnAt is { } warn)
                    {
                        ShouldBeWorkingTimeOrAPeriodEnd(calendar, warn, "WarnAt");
                        warn.ShouldBeGreaterThan(clock.StartedAt);
                        warn.ShouldBeLessThan(clock.DueAt.ShouldNotBeNull());
                    }

                    (clock.State == SlaClockState.Running).ShouldBe(clock.WarnAt is not null);
                });
            },
            iter: Iterations);
    }

    [Fact]
    public void DueAt_InBusinessTimeFromTheStart_IsTheTargetPlusThePausedBusinessTime()
    {
        Scenarios.Sample(
            scenario =>
            {
                var calendar = scenario.BusinessCalendar;
                scenario.Play(clock =>
                {
                    if (clock.DueAt is { } due)
                    {
                        (calendar.BusinessTimeBetween(clock.StartedAt, due) - PausedBefore(clock, calendar, due)).ShouldBe(clock.Target);
                        (calendar.BusinessTimeBetween(clock.StartedAt, due.AddTicks(-1)) - PausedBefore(clock, calendar, due))
                            .ShouldBeLessThan(clock.Target, "the due time is the earliest moment the target is used up");
                    }

                    if (clock.WarnAt is { } warn)
                    {
                        // Targets are whole seconds, so the warning share is a whole number of ticks.
                        var share = TimeSpan.FromTicks(clock.Target.Ticks / 100 * clock.WarnAtPercent);
                        (calendar.BusinessTimeBetween(clock.StartedAt, warn) - PausedBefore(clock, calendar, warn)).ShouldBe(share);
                    }
                });
            },
            iter: Iterations);
    }

    [Fact]
    public void IsBreached_WhetherOrNotTheEngineFiredInTime_AgreesWithTheReplayedHistory()
    {
        Gen.Select(Scenarios, Gen.Int[1, 3 * 24 * 60 * 60]).Sample(
            (scenario, secondsLater) =>
            {
                var (clock, lastChangeAt, _) = scenario.Play(_ => { });
                var asked = lastChangeAt.AddSeconds(secondsLater);

                clock.IsBreached(asked).ShouldBe(clock.ToSlaClock(scenario.BusinessCalendar).IsBreached(asked));
            },
            iter: Iterations);
    }

    [Fact]
    public void FireDue_AtRisingMoments_FiresWhatOneLateCallFiresEachEventOnceAndRepeatsNothing()
    {
        Gen.Select(Scenarios, Gen.Int[0, 10 * 24 * 60 * 60].Array[1, 5]).Sample(
            (scenario, offsets) =>
            {
                var engineDown = scenario.WithEngineDown();
                var (stepped, lastChangeAt, _) = engineDown.Play(_ => { });
                var once = engineDown.Play(_ => { }).Clock;
                var moments = offsets.Order().Select(seconds => lastChangeAt.AddSeconds(seconds)).ToList();
                var dueBefore = (Warn: stepped.WarnAt, Due: stepped.DueAt, stepped.State);

                var fired = new List<ClockEvent>();
                foreach (var moment in moments)
                {
                    var events = stepped.FireDue(moment);
                    events.ShouldAllBe(e => e.FiredAt == moment && e.DueAt <= moment);
                    fired.AddRange(events);

                    var version = stepped.Version;
                    stepped.FireDue(moment).ShouldBeEmpty("a second call at the same moment fires nothing");
                    stepped.FireDue(moment.AddHours(-1)).ShouldBeEmpty("an earlier moment fires nothing");
                    stepped.Version.ShouldBe(version);
                    (stepped.NextEventAt is null || stepped.NextEventAt > moment).ShouldBeTrue("nothing due is left behind");
                }

                var last = moments[^1];
                var all = once.FireDue(last);
                fired.Select(e => (e.Kind, e.Metric, e.DueAt)).ShouldBe(all.Select(e => (e.Kind, e.Metric, e.DueAt)));

                ClockEventKind[] expected = dueBefore.State != SlaClockState.Running
                    ? []
                    : [.. new[] { (ClockEventKind.Warning, dueBefore.Warn), (ClockEventKind.Breach, dueBefore.Due) }
                        .Where(e => e.Item2 <= last)
                        .Select(e => e.Item1)];
                fired.Select(e => e.Kind).ShouldBe(expected);
            },
            iter: Iterations);
    }

    [Fact]
    public void FireDue_WithTheEngineUpOrDownBetweenChanges_NeverFiresAnEventTwiceOrOutOfOrder()
    {
        Scenarios.Sample(
            scenario =>
            {
                var (clock, lastChangeAt, fired) = scenario.Play(_ => { });
                var events = fired.Concat(clock.FireDue(lastChangeAt.AddDays(400))).ToList();

                events.Count(e => e.Kind == ClockEventKind.Warning).ShouldBeLessThanOrEqualTo(1);
                events.Count(e => e.Kind == ClockEventKind.Breach).ShouldBeLessThanOrEqualTo(1);
                events.Select(e => e.Kind).ShouldBe(events.Select(e => e.Kind).Order(), "a warning never follows the breach");
                events.Select(e => e.FiredAt).ShouldBe(events.Select(e => e.FiredAt).Order());
                events.ShouldAllBe(e => e.DueAt <= e.FiredAt);
                (clock.BreachedAt is not null).ShouldBe(events.Exists(e => e.Kind == ClockEventKind.Breach));
            },
            iter: Iterations);
    }

    private static void ShouldBeWorkingTimeOrAPeriodEnd(BusinessCalendar calendar, DateTimeOffset moment, string what) =>
        (calendar.IsOpen(moment) || calendar.IsOpen(moment.AddTicks(-1)))
            .ShouldBeTrue(string.Create(CultureInfo.InvariantCulture, $"{what} {moment:O} lies in closed hours"));

    /// <summary>Business time of the pauses that ended by <paramref name="moment"/>.</summary>
    private static TimeSpan PausedBefore(TicketClock clock, BusinessCalendar calendar, DateTimeOffset moment)
    {
        var paused = TimeSpan.Zero;
        foreach (var pause in clock.Pauses)
        {
            if (pause.Until is { } until && until <= moment)
            {
                paused += calendar.BusinessTimeBetween(pause.From, until);
            }
        }

        return paused;
    }

    /// <summary>The clock runs for <see cref="Run"/>, then waits on the customer for <see cref="Wait"/>; an engine that is up fires just before the pause.</summary>
    private readonly record struct Stretch(TimeSpan Run, TimeSpan Wait, bool EngineUp);

    /// <summary>A clock after its scenario played: the moment of its last change and what the engine fired on the way.</summary>
    private sealed record Played(TicketClock Clock, DateTimeOffset LastChangeAt, IReadOnlyList<ClockEvent> Fired);

    private sealed record Scenario(
        string Calendar,
        DateTimeOffset Start,
        TimeSpan Target,
        int WarnAtPercent,
        Stretch[] Stretches,
        SlaClockState Ending,
        TimeSpan LastRun,
        bool EngineUpBeforeStop)
    {
        public BusinessCalendar BusinessCalendar => Named[Calendar];

        public Scenario WithEngineDown() =>
            this with { Stretches = [.. Stretches.Select(s => s with { EngineUp = false })], EngineUpBeforeStop = false };

        /// <summary>Plays the scenario on a new clock, calling <paramref name="check"/> after the start and after every change.</summary>
        public Played Play(Action<TicketClock> check)
        {
            var calendar = BusinessCalendar;
            var fired = new List<ClockEvent>();
            var clock = TicketClocks.Start(calendar, Start, Target, warnAtPercent: WarnAtPercent);
            check(clock);
            var at = clock.StartedAt;

            // The engine fires strictly after the last change and while the clock still runs, as a real one would.
            void Change(TimeSpan after, bool engineUp, Action<DateTimeOffset> change)
            {
                at += after;
                if (engineUp && after > TimeSpan.Zero)
                {
                    fired.AddRange(clock.FireDue(at.AddTicks(-1)));
                }

                change(at);
                check(clock);
            }

            for (var i = 0; i < Stretches.Length; i++)
            {
                Change(Stretches[i].Run, Stretches[i].EngineUp, moment => clock.Pause(calendar, moment));
                if (i == Stretches.Length - 1 && Ending == SlaClockState.Paused)
                {
                    break;
                }

                Change(Stretches[i].Wait, engineUp: false, moment => clock.Resume(calendar, moment));
            }

            if (Ending == SlaClockState.Stopped)
            {
                Change(LastRun, EngineUpBeforeStop, moment => clock.Stop(calendar, moment));
            }

            return new Played(clock, at, fired);
        }

        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"{Calendar} from {Start:O}, target {Target}, warn at {WarnAtPercent} %, then [{string.Join("; ", Stretches.Select(s => $"run {s.Run} wait {s.Wait}{(s.EngineUp ? "" : " (engine down)")}"))}], ending {Ending} after {LastRun}{(EngineUpBeforeStop ? "" : " (engine down)")}");
    }
}
