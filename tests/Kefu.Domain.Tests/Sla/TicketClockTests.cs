using Kefu.Domain.Sla;

using static Kefu.Domain.Tests.Sla.Calendars;

namespace Kefu.Domain.Tests.Sla;

/// <summary>
/// Stored clocks on the shipped 2026 China calendar (09:00–12:00 and 13:30–18:00 on working days). 2026-03-09 is a
/// Monday; 国庆 runs Thursday 1 to Wednesday 7 October and Saturday 10 October is worked (调休), as is Sunday 20 September.
/// </summary>
public sealed class TicketClockTests
{
    private static readonly TimeSpan FourHours = TimeSpan.FromHours(4);

    [Fact]
    public void Start_MondayMorning_WarnsAndFallsDueAcrossTheLunchBreak()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);

        clock.State.ShouldBe(SlaClockState.Running);
        clock.StartedAt.ShouldBe(Cn(3, 9, 9));
        clock.StartedAt.Offset.ShouldBe(TimeSpan.Zero);
        clock.Target.ShouldBe(FourHours);
        clock.WarnAtPercent.ShouldBe(80);
        clock.CalendarKey.ShouldBe("test-calendar");

        // 80 % of four hours is 3 h 12 min: 09:00–12:00, then 12 minutes after lunch.
        clock.WarnAt.ShouldBe(Cn(3, 9, 13, 42));
        clock.DueAt.ShouldBe(Cn(3, 9, 14, 30));
        clock.NextEventAt.ShouldBe(clock.WarnAt);
        clock.WarnedAt.ShouldBeNull();
        clock.BreachedAt.ShouldBeNull();
        clock.Version.ShouldBe(1);
    }

    [Fact]
    public void Start_DuringLunch_CountsFromHalfPastOne()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 12, 10), TimeSpan.FromHours(1));

        clock.WarnAt.ShouldBe(Cn(3, 9, 14, 18));
        clock.DueAt.ShouldBe(Cn(3, 9, 14, 30));
    }

    [Fact]
    public void Start_HalfAnHourBeforeLunch_LunchIsNotCounted()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 11, 30), TimeSpan.FromHours(1));

        clock.WarnAt.ShouldBe(Cn(3, 9, 13, 48));
        clock.DueAt.ShouldBe(Cn(3, 9, 14));
    }

    [Fact]
    public void Start_FridayAtFive_DueMondayMorningAfterTheWeekend()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 13, 17), TimeSpan.FromHours(2));

        clock.WarnAt.ShouldBe(Cn(3, 16, 9, 36));
        clock.DueAt.ShouldBe(Cn(3, 16, 10));
        clock.IsBreached(Cn(3, 14, 12)).ShouldBeFalse("nothing counts on Saturday");
    }

    [Fact]
    public void Start_EveOfNationalDay_SkipsTheWholeGoldenWeek()
    {
        var clock = TicketClocks.Start(China2026, Cn(9, 30, 17), FourHours);

        clock.WarnAt.ShouldBe(Cn(10, 8, 11, 12));
        clock.DueAt.ShouldBe(Cn(10, 8, 12));
        clock.IsBreached(Cn(10, 7, 23, 59)).ShouldBeFalse();
    }

    [Fact]
    public void Start_OnANationalDayHoliday_WaitsForTheFirstWorkingDay()
    {
        var clock = TicketClocks.Start(China2026, Cn(10, 3, 10), TimeSpan.FromMinutes(30));

        clock.DueAt.ShouldBe(Cn(10, 8, 9, 30));
    }

    [Fact]
    public void Start_FridayBeforeTheMakeupSaturday_FallsDueOnTheSaturday()
    {
        var clock = TicketClocks.Start(China2026, Cn(10, 9, 17), TimeSpan.FromHours(2));

        clock.DueAt.ShouldBe(Cn(10, 10, 10));
    }

    [Fact]
    public void Start_FridayBeforeTheMakeupSunday_SkipsSaturdayAndFallsDueOnTheSunday()
    {
        var clock = TicketClocks.Start(China2026, Cn(9, 18, 17, 30), TimeSpan.FromHours(1));

        clock.DueAt.ShouldBe(Cn(9, 20, 9, 30));
    }

    [Fact]
    public void Start_On7x24DuringNationalDay_CountsEveryHour()
    {
        var clock = TicketClocks.Start(SevenByTwentyFour, Cn(10, 1, 3), FourHours);

        clock.WarnAt.ShouldBe(Cn(10, 1, 6, 12));
        clock.DueAt.ShouldBe(Cn(10, 1, 7));
    }

    [Fact]
    public void Start_On7x24SaturdayNight_RunsThroughMidnight()
    {
        var clock = TicketClocks.Start(SevenByTwentyFour, Cn(3, 14, 23, 30), TimeSpan.FromHours(1), warnAtPercent: 50);

        clock.WarnAt.ShouldBe(Cn(3, 15, 0));
        clock.DueAt.ShouldBe(Cn(3, 15, 0, 30));
    }

    [Fact]
    public void Start_UnusableArguments_AreRefused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => TicketClocks.Start(China2026, Cn(3, 9, 9), TimeSpan.Zero));
        Should.Throw<ArgumentOutOfRangeException>(() => TicketClocks.Start(China2026, Cn(3, 9, 9), TimeSpan.FromMinutes(-1)));
        Should.Throw<ArgumentOutOfRangeException>(() => TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours, warnAtPercent: 0));
        Should.Throw<ArgumentOutOfRangeException>(() => TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours, warnAtPercent: 100));
        Should.Throw<ArgumentException>(() =>
            TicketClock.Start(Guid.NewGuid(), TicketClocks.WorkspaceId, TicketClocks.TicketId, SlaMetric.Resolution, FourHours, 80, " ", China2026, Cn(3, 9, 9)));
    }

    [Fact]
    public void Pause_WaitingOnCustomer_ClearsTheDeadlinesAndNothingFires()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);

        clock.Pause(China2026, Cn(3, 9, 10));

        clock.State.ShouldBe(SlaClockState.Paused);
        clock.Pauses.ShouldBe([new SlaPause(Cn(3, 9, 10), null)]);
        ShouldHaveNoDeadlineAndNeverBreach(clock, Cn(3, 30, 9));
    }

    [Fact]
    public void Resume_SameAfternoon_MovesDueByExactlyThePausedWorkingTime()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);
        var dueBefore = clock.DueAt!.Value;

        clock.Pause(China2026, Cn(3, 9, 10));
        clock.Resume(China2026, Cn(3, 9, 14));

        // Paused 10:00–12:00 and 13:30–14:00: two and a half working hours; lunch does not count.
        var paused = TimeSpan.FromHours(2.5);
        clock.DueAt.ShouldBe(Cn(3, 9, 17));
        China2026.BusinessTimeBetween(dueBefore, clock.DueAt!.Value).ShouldBe(paused);
        clock.WarnAt.ShouldBe(Cn(3, 9, 16, 12));
        clock.NextEventAt.ShouldBe(clock.WarnAt);
        clock.Pauses.ShouldBe([new SlaPause(Cn(3, 9, 10), Cn(3, 9, 14))]);
    }

    [Fact]
    public void Resume_AfterWaitingOverGoldenWeek_MovesDueByThePausedWorkingDaysOnly()
    {
        var clock = TicketClocks.Start(China2026, Cn(9, 30, 9), FourHours);
        var dueBefore = clock.DueAt!.Value;

        clock.Pause(China2026, Cn(9, 30, 10));
        clock.Resume(China2026, Cn(10, 9, 10));

        // 30 September 10:00–18:00 (6.5 h), 8 October (7.5 h), 9 October 09:00–10:00: the holidays count nothing.
        var paused = TimeSpan.FromHours(15);
        clock.DueAt.ShouldBe(Cn(10, 9, 14, 30));
        China2026.BusinessTimeBetween(dueBefore, clock.DueAt!.Value).ShouldBe(paused);
        China2026.AddBusinessTime(dueBefore, paused).ShouldBe(clock.DueAt!.Value);
    }

    [Fact]
    public void Resume_OverTheWeekend_ResumingOnSundayCountsFromMonday()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 13, 17), TimeSpan.FromHours(2));

        clock.Pause(China2026, Cn(3, 13, 17, 30));
        clock.Resume(China2026, Cn(3, 15, 20));

        clock.DueAt.ShouldBe(Cn(3, 16, 10, 30));
    }

    [Fact]
    public void PauseAndResume_Repeated_SecondCallsChangeNothing()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);
        clock.Pause(China2026, Cn(3, 9, 10));
        var version = clock.Version;

        clock.Pause(China2026, Cn(3, 9, 11));
        clock.Version.ShouldBe(version);
        clock.Pauses.ShouldBe([new SlaPause(Cn(3, 9, 10), null)]);

        clock.Resume(China2026, Cn(3, 9, 11));
        clock.Resume(China2026, Cn(3, 9, 15));
        clock.Version.ShouldBe(version + 1);
        clock.Pauses.ShouldBe([new SlaPause(Cn(3, 9, 10), Cn(3, 9, 11))]);
    }

    [Fact]
    public void Pause_BeforeTheLastChange_IsRefusedAndLeavesTheClockAsItWas()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);
        clock.Pause(China2026, Cn(3, 9, 10));
        clock.Resume(China2026, Cn(3, 9, 11));
        var version = clock.Version;

        Should.Throw<ArgumentOutOfRangeException>(() => clock.Pause(China2026, Cn(3, 9, 10, 30)));

        clock.Version.ShouldBe(version);
        clock.State.ShouldBe(SlaClockState.Running);
    }

    [Fact]
    public void NextEventAt_RunningClock_IsTheWarningFirstThenTheBreachThenNothing()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);

        clock.NextEventAt.ShouldBe(Cn(3, 9, 13, 42));
        clock.FireDue(Cn(3, 9, 13, 42));
        clock.NextEventAt.ShouldBe(Cn(3, 9, 14, 30));
        clock.FireDue(Cn(3, 9, 14, 30));
        clock.NextEventAt.ShouldBeNull();
    }

    [Fact]
    public void FireDue_OnTime_FiresEachEventAtItsMomentAndNotBefore()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours, SlaMetric.FirstResponse);

        clock.FireDue(Cn(3, 9, 13, 42).AddTicks(-1)).ShouldBeEmpty();
        clock.FireDue(Cn(3, 9, 13, 42)).ShouldBe([new ClockEvent(ClockEventKind.Warning, SlaMetric.FirstResponse, Cn(3, 9, 13, 42), Cn(3, 9, 13, 42))]);
        clock.WarnedAt.ShouldBe(Cn(3, 9, 13, 42));
        clock.BreachedAt.ShouldBeNull();
        clock.IsBreached(Cn(3, 9, 14, 30)).ShouldBeFalse();

        clock.FireDue(Cn(3, 9, 14, 29)).ShouldBeEmpty();
        var breach = clock.FireDue(Cn(3, 9, 14, 31)).ShouldHaveSingleItem();
        breach.ShouldBe(new ClockEvent(ClockEventKind.Breach, SlaMetric.FirstResponse, Cn(3, 9, 14, 30), Cn(3, 9, 14, 31)));
        breach.Lateness.ShouldBe(TimeSpan.FromMinutes(1));
        clock.BreachedAt.ShouldBe(Cn(3, 9, 14, 31));
        clock.IsBreached(Cn(3, 9, 14, 31)).ShouldBeTrue();
    }

    [Fact]
    public void FireDue_AfterDowntime_FiresWarningThenBreachOnceAndASecondCallFiresNothing()
    {
        var clock = TicketClocks.Start(China2026, Cn(9, 30, 9), FourHours);
        var downUntil = Cn(10, 2, 8);
        var version = clock.Version;

        var events = clock.FireDue(downUntil);

        events.Select(e => e.Kind).ShouldBe([ClockEventKind.Warning, ClockEventKind.Breach]);
        events[0].DueAt.ShouldBe(Cn(9, 30, 13, 42));
        events[1].DueAt.ShouldBe(Cn(9, 30, 14, 30));
        events.ShouldAllBe(e => e.FiredAt == downUntil && e.Metric == SlaMetric.Resolution);
        events[1].Lateness.ShouldBe(downUntil - Cn(9, 30, 14, 30));
        clock.WarnedAt.ShouldBe(downUntil);
        clock.BreachedAt.ShouldBe(downUntil);
        clock.NextEventAt.ShouldBeNull();
        clock.Version.ShouldBe(version + 1);

        clock.FireDue(downUntil).ShouldBeEmpty();
        clock.FireDue(Cn(12, 31, 23)).ShouldBeEmpty();
        clock.Version.ShouldBe(version + 1);
    }

    [Fact]
    public void FireDue_BetweenWarningAndBreach_FiresOnlyTheWarning()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);

        clock.FireDue(Cn(3, 9, 14)).Select(e => e.Kind).ShouldBe([ClockEventKind.Warning]);
        clock.NextEventAt.ShouldBe(Cn(3, 9, 14, 30));
    }

    [Fact]
    public void FireDue_EarlierMomentThanAlreadyFired_FiresNothing()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);
        clock.FireDue(Cn(3, 9, 14));

        clock.FireDue(Cn(3, 9, 13, 50)).ShouldBeEmpty();
        clock.FireDue(Cn(3, 9, 9)).ShouldBeEmpty();
    }

    [Fact]
    public void FireDue_WarnedThenPausedAndResumed_DoesNotWarnAgainButBreachesAtTheNewDue()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);
        clock.FireDue(Cn(3, 9, 14)).Count.ShouldBe(1);

        clock.Pause(China2026, Cn(3, 9, 14));
        clock.Resume(China2026, Cn(3, 10, 9));

        clock.NextEventAt.ShouldBe(Cn(3, 10, 9, 30));
        clock.FireDue(Cn(3, 10, 12)).ShouldBe([new ClockEvent(ClockEventKind.Breach, SlaMetric.Resolution, Cn(3, 10, 9, 30), Cn(3, 10, 12))]);
    }

    [Fact]
    public void FireDue_PausedBeforeTheWarning_BothEventsMoveWithThePause()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);
        clock.Pause(China2026, Cn(3, 9, 12));
        clock.Resume(China2026, Cn(3, 10, 9));

        var events = clock.FireDue(Cn(3, 10, 18));

        events.Select(e => (e.Kind, e.DueAt)).ShouldBe([(ClockEventKind.Warning, Cn(3, 10, 9, 12)), (ClockEventKind.Breach, Cn(3, 10, 10))]);
    }

    [Fact]
    public void Stop_BeforeDue_IsNeverBreachedAndNothingFires()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours, SlaMetric.FirstResponse);

        clock.Stop(China2026, Cn(3, 9, 11));

        clock.State.ShouldBe(SlaClockState.Stopped);
        clock.StoppedAt.ShouldBe(Cn(3, 9, 11));
        ShouldHaveNoDeadlineAndNeverBreach(clock, Cn(12, 31, 9));
    }

    [Fact]
    public void Stop_ExactlyAtDue_IsMet()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);

        clock.Stop(China2026, Cn(3, 9, 14, 30));

        ShouldHaveNoDeadlineAndNeverBreach(clock, Cn(12, 31, 9));
    }

    [Fact]
    public void Stop_AfterTheBreachFired_StaysBreached()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);
        clock.FireDue(Cn(3, 9, 15)).Count.ShouldBe(2);

        clock.Stop(China2026, Cn(3, 9, 16));

        clock.IsBreached(Cn(12, 31, 9)).ShouldBeTrue();
        clock.BreachedAt.ShouldBe(Cn(3, 9, 15));
        clock.FireDue(Cn(12, 31, 9)).ShouldBeEmpty();
    }

    [Fact]
    public void Stop_AfterDueBeforeTheEngineFired_IsStillBreached()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);

        clock.Stop(China2026, Cn(3, 9, 14, 31));

        clock.IsBreached(Cn(3, 9, 14, 31)).ShouldBeTrue("the clock ran a minute past its due time");
        clock.IsBreached(Cn(12, 31, 9)).ShouldBeTrue();
        clock.DueAt.ShouldBe(Cn(3, 9, 14, 30), "the deadline that was missed stays on record");
        clock.NextEventAt.ShouldBeNull();
    }

    [Fact]
    public void Pause_AfterDueBeforeTheEngineFired_IsBreachedAndTheBreachFiresOnceItRunsAgain()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);

        clock.Pause(China2026, Cn(3, 9, 15));

        clock.IsBreached(Cn(3, 10, 9)).ShouldBeTrue();
        clock.NextEventAt.ShouldBeNull();

        clock.Resume(China2026, Cn(3, 10, 9));
        clock.FireDue(Cn(3, 10, 9)).Select(e => (e.Kind, e.DueAt))
            .ShouldBe([(ClockEventKind.Warning, Cn(3, 9, 13, 42)), (ClockEventKind.Breach, Cn(3, 9, 14, 30))]);
    }

    [Fact]
    public void Stop_Twice_ChangesNothing()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);
        clock.Stop(China2026, Cn(3, 9, 10));
        var version = clock.Version;

        clock.Stop(China2026, Cn(3, 9, 11));

        clock.StoppedAt.ShouldBe(Cn(3, 9, 10));
        clock.Version.ShouldBe(version);
    }

    [Fact]
    public void Stop_WhilePaused_ClosesThePauseAndPausingOrResumingAfterwardsIsRefused()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);
        clock.Pause(China2026, Cn(3, 9, 10));

        clock.Stop(China2026, Cn(3, 11, 10));

        clock.State.ShouldBe(SlaClockState.Stopped);
        clock.Pauses.ShouldBe([new SlaPause(Cn(3, 9, 10), Cn(3, 11, 10))]);
        clock.IsBreached(Cn(12, 31, 9)).ShouldBeFalse();
        Should.Throw<InvalidOperationException>(() => clock.Resume(China2026, Cn(3, 11, 11)));
        Should.Throw<InvalidOperationException>(() => clock.Pause(China2026, Cn(3, 11, 11)));
    }

    [Fact]
    public void Restart_AfterABreachAndStop_StartsAFreshCycle()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours, SlaMetric.NextResponse);
        clock.Pause(China2026, Cn(3, 9, 9, 30));
        clock.Resume(China2026, Cn(3, 9, 10));
        clock.FireDue(Cn(3, 9, 16)).Count.ShouldBe(2);
        clock.Stop(China2026, Cn(3, 9, 16));
        var version = clock.Version;

        clock.Restart(TimeSpan.FromHours(2), 50, China2026, Cn(3, 10, 9));

        clock.State.ShouldBe(SlaClockState.Running);
        clock.StartedAt.ShouldBe(Cn(3, 10, 9));
        clock.Target.ShouldBe(TimeSpan.FromHours(2));
        clock.WarnAtPercent.ShouldBe(50);
        clock.CalendarKey.ShouldBe("test-calendar");
        clock.Pauses.ShouldBeEmpty();
        clock.StoppedAt.ShouldBeNull();
        clock.WarnedAt.ShouldBeNull();
        clock.BreachedAt.ShouldBeNull();
        clock.IsBreached(Cn(3, 10, 9, 30)).ShouldBeFalse();
        clock.WarnAt.ShouldBe(Cn(3, 10, 10));
        clock.DueAt.ShouldBe(Cn(3, 10, 11));
        clock.NextEventAt.ShouldBe(Cn(3, 10, 10));
        clock.Version.ShouldBe(version + 1);
        clock.FireDue(Cn(3, 10, 12)).Select(e => e.Kind).ShouldBe([ClockEventKind.Warning, ClockEventKind.Breach]);
    }

    [Fact]
    public void StartPromise_OverGoldenWeek_IsDueOnTheWallClockIgnoringHolidays()
    {
        var at = Cn(9, 30, 17);

        var promise = TicketClocks.Promise(at, Cn(10, 2, 17));

        promise.Metric.ShouldBe(SlaMetric.Promise);
        promise.CalendarKey.ShouldBe(TicketClock.WallClockKey);
        promise.Target.ShouldBe(TimeSpan.FromHours(48));
        promise.DueAt.ShouldBe(Cn(10, 2, 17));
        promise.WarnAt.ShouldBe(Cn(10, 2, 7, 24), "80 % of 48 hours is 38 h 24 min, holidays included");
        promise.IsBreached(Cn(10, 2, 17)).ShouldBeFalse();
        promise.IsBreached(Cn(10, 2, 17, 1)).ShouldBeTrue();
        promise.FireDue(Cn(10, 2, 18)).Select(e => (e.Kind, e.Metric))
            .ShouldBe([(ClockEventKind.Warning, SlaMetric.Promise), (ClockEventKind.Breach, SlaMetric.Promise)]);
    }

    [Fact]
    public void StartPromise_GivenInAnotherOffset_IsTheSameMomentInUtc()
    {
        var promise = TicketClocks.Promise(Cn(3, 14, 20), new DateTimeOffset(2026, 3, 15, 9, 0, 0, Cet));

        promise.DueAt.ShouldBe(Utc(2026, 3, 15, 8));
        promise.DueAt!.Value.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void StartPromise_DueNowOrInThePast_IsRefused()
    {
        var at = Cn(3, 9, 10);

        Should.Throw<ArgumentOutOfRangeException>(() => TicketClocks.Promise(at, at));
        Should.Throw<ArgumentOutOfRangeException>(() => TicketClocks.Promise(at, at.AddMinutes(-1)));
    }

    [Fact]
    public void Version_EveryChangeCountsOnceAndNoOpsLeaveIt()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);
        clock.Version.ShouldBe(1);

        clock.FireDue(Cn(3, 9, 10)).ShouldBeEmpty();
        clock.Version.ShouldBe(1);
        clock.Resume(China2026, Cn(3, 9, 10));
        clock.Version.ShouldBe(1);

        clock.Pause(China2026, Cn(3, 9, 10));
        clock.Version.ShouldBe(2);
        clock.Resume(China2026, Cn(3, 9, 11));
        clock.Version.ShouldBe(3);
        clock.FireDue(Cn(3, 9, 16));
        clock.Version.ShouldBe(4);
        clock.Stop(China2026, Cn(3, 9, 17));
        clock.Version.ShouldBe(5);
        clock.Stop(China2026, Cn(3, 9, 17, 30));
        clock.Version.ShouldBe(5);
        clock.Restart(FourHours, 80, China2026, Cn(3, 10, 9));
        clock.Version.ShouldBe(6);
    }

    [Fact]
    public void ToSlaClock_StoredHistory_ReplaysToTheSameDeadline()
    {
        var clock = TicketClocks.Start(China2026, Cn(3, 9, 9), FourHours);
        clock.Pause(China2026, Cn(3, 9, 10));
        clock.Resume(China2026, Cn(3, 9, 14));

        var replayed = clock.ToSlaClock(China2026);

        replayed.State.ShouldBe(SlaClockState.Running);
        replayed.DueAt(Cn(3, 9, 14)).ShouldBe(clock.DueAt!.Value);
        replayed.WarnAt(clock.WarnAtPercent).ShouldBe(clock.WarnAt);
        replayed.Elapsed(Cn(3, 9, 14)).ShouldBe(TimeSpan.FromHours(1));
    }

    /// <summary>A clock that stands still short of its target: nothing is due and nothing fires, however late it is asked.</summary>
    private static void ShouldHaveNoDeadlineAndNeverBreach(TicketClock clock, DateTimeOffset muchLater)
    {
        clock.DueAt.ShouldBeNull();
        clock.WarnAt.ShouldBeNull();
        clock.NextEventAt.ShouldBeNull();
        clock.FireDue(muchLater).ShouldBeEmpty();
        clock.IsBreached(muchLater).ShouldBeFalse();
    }
}
