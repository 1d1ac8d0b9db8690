using Kefu.Domain.Sla;

using static Kefu.Domain.Tests.Sla.Calendars;

namespace Kefu.Domain.Tests.Sla;

/// <summary>Clocks on Shanghai office hours (09:00–12:00, 13:30–18:00, Monday to Friday). 2026-03-09 is a Monday.</summary>
public sealed class SlaClockTests
{
    private static readonly BusinessCalendar Office = ShanghaiOffice();

    [Fact]
    public void DueAt_FridayTenToSixWithTwoHourTarget_IsMondayTenToEleven()
    {
        var time = new FakeTimeProvider(Cn(3, 13, 17, 50));
        var clock = new SlaClock(SlaMetric.FirstResponse, TimeSpan.FromHours(2), Office, time.GetUtcNow());

        time.Advance(TimeSpan.FromMinutes(5));
        clock.DueAt(time.GetUtcNow()).ShouldBe(Cn(3, 16, 10, 50));
        clock.Remaining(time.GetUtcNow()).ShouldBe(TimeSpan.FromMinutes(115));

        time.SetUtcNow(Cn(3, 14, 12));
        clock.Remaining(time.GetUtcNow()).ShouldBe(TimeSpan.FromMinutes(110), "nothing counts over the weekend");
        clock.IsBreached(time.GetUtcNow()).ShouldBeFalse();

        time.SetUtcNow(Cn(3, 16, 10, 50));
        clock.Remaining(time.GetUtcNow()).ShouldBe(TimeSpan.Zero);
        clock.IsBreached(time.GetUtcNow()).ShouldBeFalse("an answer exactly at the due time is on time");

        time.Advance(TimeSpan.FromSeconds(1));
        clock.IsBreached(time.GetUtcNow()).ShouldBeTrue();

        time.SetUtcNow(Cn(3, 16, 11, 50));
        clock.Remaining(time.GetUtcNow()).ShouldBe(TimeSpan.FromHours(-1));
        clock.DueAt(time.GetUtcNow()).ShouldBe(Cn(3, 16, 10, 50));
    }

    [Fact]
    public void IsBreached_DueAtClosingAndStillRunningAtNight_IsBreachedThoughNoWorkingTimePassed()
    {
        var clock = new SlaClock(SlaMetric.Resolution, TimeSpan.FromHours(2), Office, Cn(3, 9, 16));

        clock.DueAt(Cn(3, 9, 16)).ShouldBe(Cn(3, 9, 18));
        clock.IsBreached(Cn(3, 9, 18)).ShouldBeFalse();
        clock.IsBreached(Cn(3, 9, 18, 1)).ShouldBeTrue();
        clock.Remaining(Cn(3, 9, 22)).ShouldBe(TimeSpan.Zero);
        clock.Remaining(Cn(3, 10, 10)).ShouldBe(TimeSpan.FromHours(-1));
    }

    [Fact]
    public void Stop_ExactlyAtDue_IsMet()
    {
        var clock = new SlaClock(SlaMetric.FirstResponse, TimeSpan.FromHours(1), Office, Cn(3, 9, 9));

        clock.Stop(Cn(3, 9, 10));

        clock.State.ShouldBe(SlaClockState.Stopped);
        clock.StoppedAt.ShouldBe(Cn(3, 9, 10));
        clock.IsBreached(Cn(3, 20, 10)).ShouldBeFalse();
        clock.Remaining(Cn(3, 20, 10)).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Stop_AfterDue_StaysBreachedAndStopsCounting()
    {
        var clock = new SlaClock(SlaMetric.FirstResponse, TimeSpan.FromHours(1), Office, Cn(3, 9, 9));

        clock.Stop(Cn(3, 9, 10, 30));

        clock.IsBreached(Cn(3, 9, 10, 30)).ShouldBeTrue();
        clock.Elapsed(Cn(3, 27, 10)).ShouldBe(TimeSpan.FromMinutes(90));
        clock.Remaining(Cn(3, 27, 10)).ShouldBe(TimeSpan.FromMinutes(-30));
        clock.DueAt(Cn(3, 27, 10)).ShouldBe(Cn(3, 9, 10));
    }

    [Fact]
    public void Stop_BeforeDue_DueAtIsWhereItWouldHaveFallen()
    {
        var clock = new SlaClock(SlaMetric.FirstResponse, TimeSpan.FromHours(4), Office, Cn(3, 9, 9));

        clock.Stop(Cn(3, 9, 10));

        clock.DueAt(Cn(3, 20, 0)).ShouldBe(Cn(3, 9, 14, 30));
        clock.IsBreached(Cn(3, 20, 0)).ShouldBeFalse();
    }

    [Fact]
    public void Pause_OverNight_ExcludesThePausedWorkingHours()
    {
        var clock = new SlaClock(SlaMetric.Resolution, TimeSpan.FromHours(4), Office, Cn(3, 9, 10));

        clock.Pause(Cn(3, 9, 11));
        clock.Resume(Cn(3, 10, 10));

        clock.Elapsed(Cn(3, 10, 10)).ShouldBe(TimeSpan.FromHours(1));
        clock.DueAt(Cn(3, 10, 10)).ShouldBe(Cn(3, 10, 14, 30));
        clock.Pauses.ShouldBe(new[] { new SlaPause(Cn(3, 9, 11), Cn(3, 10, 10)) });
        clock.State.ShouldBe(SlaClockState.Running);
    }

    [Fact]
    public void Pause_WhileWaitingOnCustomer_RemainingHoldsAndDueMovesWithNow()
    {
        var time = new FakeTimeProvider(Cn(3, 9, 10));
        var clock = new SlaClock(SlaMetric.Resolution, TimeSpan.FromHours(4), Office, time.GetUtcNow());
        time.Advance(TimeSpan.FromHours(1));
        clock.Pause(time.GetUtcNow());

        time.SetUtcNow(Cn(3, 9, 15));
        clock.State.ShouldBe(SlaClockState.Paused);
        clock.Remaining(time.GetUtcNow()).ShouldBe(TimeSpan.FromHours(3));
        clock.DueAt(time.GetUtcNow()).ShouldBe(Cn(3, 9, 18));

        time.SetUtcNow(Cn(3, 9, 16));
        clock.DueAt(time.GetUtcNow()).ShouldBe(Cn(3, 10, 10));

        time.SetUtcNow(Cn(3, 25, 16));
        clock.Remaining(time.GetUtcNow()).ShouldBe(TimeSpan.FromHours(3));
        clock.IsBreached(time.GetUtcNow()).ShouldBeFalse("a paused clock with time left cannot breach");
    }

    [Fact]
    public void Pause_AfterDue_StaysBreached()
    {
        var clock = new SlaClock(SlaMetric.NextResponse, TimeSpan.FromHours(1), Office, Cn(3, 9, 9));

        clock.Pause(Cn(3, 9, 11));

        clock.IsBreached(Cn(3, 10, 9)).ShouldBeTrue();
        clock.Remaining(Cn(3, 10, 9)).ShouldBe(TimeSpan.FromHours(-1));
        clock.DueAt(Cn(3, 10, 9)).ShouldBe(Cn(3, 9, 10));
    }

    [Fact]
    public void Pause_ExactlyAtDue_BreachesOnlyOnceItRunsAgain()
    {
        var clock = new SlaClock(SlaMetric.NextResponse, TimeSpan.FromHours(1), Office, Cn(3, 9, 9));
        clock.Pause(Cn(3, 9, 10));

        clock.IsBreached(Cn(3, 10, 9)).ShouldBeFalse();

        clock.Resume(Cn(3, 10, 9));
        clock.IsBreached(Cn(3, 10, 9)).ShouldBeFalse();
        clock.IsBreached(Cn(3, 10, 9).AddSeconds(1)).ShouldBeTrue();
    }

    [Fact]
    public void Pause_Twice_KeepsTheFirstPause()
    {
        var clock = new SlaClock(SlaMetric.Resolution, TimeSpan.FromHours(4), Office, Cn(3, 9, 9));

        clock.Pause(Cn(3, 9, 10));
        clock.Pause(Cn(3, 9, 11));

        clock.Pauses.ShouldBe(new[] { new SlaPause(Cn(3, 9, 10), null) });
        clock.Elapsed(Cn(3, 9, 17)).ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public void Resume_RunningClock_ChangesNothing()
    {
        var clock = new SlaClock(SlaMetric.Resolution, TimeSpan.FromHours(4), Office, Cn(3, 9, 9));
        clock.Pause(Cn(3, 9, 10));
        clock.Resume(Cn(3, 9, 11));

        clock.Resume(Cn(3, 9, 12));
        clock.Resume(Cn(3, 9, 9));

        clock.Pauses.ShouldBe(new[] { new SlaPause(Cn(3, 9, 10), Cn(3, 9, 11)) });
        clock.State.ShouldBe(SlaClockState.Running);
        clock.LastChangedAt.ShouldBe(Cn(3, 9, 11));
    }

    [Fact]
    public void Stop_WhilePaused_ClosesThePause()
    {
        var clock = new SlaClock(SlaMetric.Resolution, TimeSpan.FromHours(4), Office, Cn(3, 9, 9));
        clock.Pause(Cn(3, 9, 10));

        clock.Stop(Cn(3, 11, 10));

        clock.State.ShouldBe(SlaClockState.Stopped);
        clock.Pauses.ShouldBe(new[] { new SlaPause(Cn(3, 9, 10), Cn(3, 11, 10)) });
        clock.Elapsed(Cn(3, 20, 10)).ShouldBe(TimeSpan.FromHours(1));
        clock.IsBreached(Cn(3, 20, 10)).ShouldBeFalse();
    }

    [Fact]
    public void ManyPauses_ElapsedCountsOnlyTheRunningStretches()
    {
        var clock = new SlaClock(SlaMetric.Resolution, TimeSpan.FromHours(8), Office, Cn(3, 9, 9));
        clock.Pause(Cn(3, 9, 10));
        clock.Resume(Cn(3, 9, 11));
        clock.Pause(Cn(3, 9, 14));
        clock.Resume(Cn(3, 10, 9, 30));
        clock.Pause(Cn(3, 10, 9, 30));
        clock.Resume(Cn(3, 10, 10));

        // 09–10, 11–12 and 13:30–14 on Monday, then from 10:00 on Tuesday.
        clock.Elapsed(Cn(3, 10, 10)).ShouldBe(TimeSpan.FromHours(2.5));
        clock.Elapsed(Cn(3, 9, 11, 30)).ShouldBe(TimeSpan.FromHours(1.5), "a question about the past sees the past");
        clock.Elapsed(Cn(3, 9, 8)).ShouldBe(TimeSpan.Zero);
        clock.DueAt(Cn(3, 10, 10)).ShouldBe(Cn(3, 10, 17));
    }

    [Fact]
    public void WarnAt_EightyPercent_IsWhenFourFifthsOfTheTargetHaveRun()
    {
        var clock = new SlaClock(SlaMetric.Resolution, TimeSpan.FromHours(5), Office, Cn(3, 9, 9));

        clock.WarnAt(80).ShouldBe(Cn(3, 9, 14, 30));
        clock.WarnAt(100).ShouldBe(clock.DueAt(Cn(3, 9, 9)));
        clock.WarnAt(150).ShouldBe(Cn(3, 9, 18), "7.5 hours: all of Monday");
        clock.WarnAt(160).ShouldBe(Cn(3, 10, 9, 30));
    }

    [Fact]
    public void WarnAt_WhilePausedShortOfIt_IsUnknownUntilResumed()
    {
        var clock = new SlaClock(SlaMetric.Resolution, TimeSpan.FromHours(5), Office, Cn(3, 9, 9));
        clock.Pause(Cn(3, 9, 10));

        clock.WarnAt(80).ShouldBeNull();
        clock.WarnAt(10).ShouldBe(Cn(3, 9, 9, 30), "a threshold already passed keeps its moment");

        clock.Resume(Cn(3, 10, 9));
        clock.WarnAt(80).ShouldBe(Cn(3, 10, 12));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e30)]
    public void WarnAt_PercentOutOfRange_Throws(double percent)
    {
        var clock = new SlaClock(SlaMetric.Resolution, TimeSpan.FromHours(5), Office, Cn(3, 9, 9));

        Should.Throw<ArgumentOutOfRangeException>(() => clock.WarnAt(percent));
    }

    [Fact]
    public void AfterStop_PauseResumeAndStop_AreRejected()
    {
        var clock = new SlaClock(SlaMetric.FirstResponse, TimeSpan.FromHours(1), Office, Cn(3, 9, 9));
        clock.Stop(Cn(3, 9, 9, 30));

        Should.Throw<InvalidOperationException>(() => clock.Pause(Cn(3, 9, 10)));
        Should.Throw<InvalidOperationException>(() => clock.Resume(Cn(3, 9, 10)));
        Should.Throw<InvalidOperationException>(() => clock.Stop(Cn(3, 9, 10))).Message.ShouldContain("FirstResponse");
        clock.StoppedAt.ShouldBe(Cn(3, 9, 9, 30));
    }

    [Fact]
    public void Changes_DatedBeforeTheLastChange_AreRejected()
    {
        var clock = new SlaClock(SlaMetric.Resolution, TimeSpan.FromHours(4), Office, Cn(3, 9, 9));

        Should.Throw<ArgumentOutOfRangeException>(() => clock.Pause(Cn(3, 9, 8)));
        clock.Pause(Cn(3, 9, 10));
        Should.Throw<ArgumentOutOfRangeException>(() => clock.Resume(Cn(3, 9, 9, 59)));
        clock.Resume(Cn(3, 9, 11));
        Should.Throw<ArgumentOutOfRangeException>(() => clock.Stop(Cn(3, 9, 10, 30)));

        clock.State.ShouldBe(SlaClockState.Running);
        clock.Pauses.ShouldBe(new[] { new SlaPause(Cn(3, 9, 10), Cn(3, 9, 11)) });
    }

    [Fact]
    public void Constructor_NonPositiveTargetOrNoCalendar_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new SlaClock(SlaMetric.FirstResponse, TimeSpan.Zero, Office, Cn(3, 9, 9)));
        Should.Throw<ArgumentOutOfRangeException>(() => new SlaClock(SlaMetric.FirstResponse, TimeSpan.FromHours(-1), Office, Cn(3, 9, 9)));
        Should.Throw<ArgumentNullException>(() => new SlaClock(SlaMetric.FirstResponse, TimeSpan.FromHours(1), null!, Cn(3, 9, 9)));
    }

    [Fact]
    public void Restore_StoredHistory_AnswersLikeTheLiveClock()
    {
        var live = new SlaClock(SlaMetric.Resolution, TimeSpan.FromHours(8), Office, Cn(3, 9, 9));
        live.Pause(Cn(3, 9, 10));
        live.Resume(Cn(3, 10, 9));
        live.Pause(Cn(3, 10, 11));

        var restored = SlaClock.Restore(live.Metric, live.Target, Office, live.StartedAt, live.Pauses, live.StoppedAt);

        restored.State.ShouldBe(SlaClockState.Paused);
        restored.Pauses.ShouldBe(live.Pauses);
        restored.Remaining(Cn(3, 12, 9)).ShouldBe(live.Remaining(Cn(3, 12, 9)));
        restored.DueAt(Cn(3, 12, 9)).ShouldBe(live.DueAt(Cn(3, 12, 9)));
    }

    [Fact]
    public void Restore_OpenPauseFollowedByAnother_Throws()
    {
        SlaPause[] pauses = [new(Cn(3, 9, 10), null), new(Cn(3, 9, 11), Cn(3, 9, 12))];

        Should.Throw<ArgumentException>(() => SlaClock.Restore(SlaMetric.Resolution, TimeSpan.FromHours(8), Office, Cn(3, 9, 9), pauses, null));
    }

    [Fact]
    public void SevenByTwentyFour_PausedOverTheWeekend_DueCountsWallTimeOnly()
    {
        var clock = new SlaClock(SlaMetric.Resolution, TimeSpan.FromHours(4), BusinessCalendar.AlwaysOpen, Utc(2026, 3, 14, 23));

        clock.DueAt(Utc(2026, 3, 14, 23)).ShouldBe(Utc(2026, 3, 15, 3));
        clock.Pause(Utc(2026, 3, 15, 0));
        clock.Resume(Utc(2026, 3, 16, 0));

        clock.DueAt(Utc(2026, 3, 16, 0)).ShouldBe(Utc(2026, 3, 16, 3));
        clock.IsBreached(Utc(2026, 3, 16, 3, 1)).ShouldBeTrue();
    }

    [Fact]
    public void China2026_ResolutionOpenedBeforeMakeupSunday_DueThatSunday()
    {
        var clock = new SlaClock(SlaMetric.Resolution, TimeSpan.FromHours(8), China2026, Cn(9, 18, 17, 30));

        clock.DueAt(Cn(9, 18, 17, 30)).ShouldBe(Cn(9, 20, 18));
        clock.WarnAt(50).ShouldBe(Cn(9, 20, 14));
    }

    [Fact]
    public void China2026_PausedAcrossGoldenWeek_LosesNoTime()
    {
        var clock = new SlaClock(SlaMetric.Resolution, TimeSpan.FromHours(8), China2026, Cn(9, 30, 9));
        clock.Pause(Cn(9, 30, 10));
        clock.Resume(Cn(10, 6, 10));

        clock.Remaining(Cn(10, 7, 23)).ShouldBe(TimeSpan.FromHours(7));
        clock.DueAt(Cn(10, 7, 23)).ShouldBe(Cn(10, 8, 17, 30));
    }
}
