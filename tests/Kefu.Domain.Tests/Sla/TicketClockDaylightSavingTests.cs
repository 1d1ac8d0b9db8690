using Kefu.Domain.Sla;

using static Kefu.Domain.Tests.Sla.Calendars;

namespace Kefu.Domain.Tests.Sla;

/// <summary>
/// Stored clocks in zones that change their clocks. New York, 2026: 02:00 EST becomes 03:00 EDT on Sunday 8 March and
/// 02:00 EDT becomes 01:00 EST on Sunday 1 November. Berlin: 29 March and 25 October. Expected moments carry explicit
/// offsets so that they do not lean on the calendar under test.
/// </summary>
public sealed class TicketClockDaylightSavingTests
{
    [Fact]
    public void Start_FridayBeforeSpringForward_ShortSundayShiftThenDueMondayInSummerTime()
    {
        // Friday 16:30–17:00, the Sunday shift 01:00–04:00 that lasts two real hours, then 30 minutes on Monday.
        var clock = TicketClocks.Start(NewYork, new DateTimeOffset(2026, 3, 6, 16, 30, 0, Est), TimeSpan.FromHours(3));

        clock.WarnAt.ShouldBe(new DateTimeOffset(2026, 3, 8, 3, 54, 0, Edt));
        clock.DueAt.ShouldBe(new DateTimeOffset(2026, 3, 9, 9, 30, 0, Edt));
        clock.DueAt.ShouldBe(Utc(2026, 3, 9, 13, 30));
    }

    [Fact]
    public void Start_FridayBeforeFallBack_LongSundayShiftThenDueMondayInWinterTime()
    {
        // Friday 16:30–17:00, the Sunday shift 01:00 EDT–04:00 EST that lasts four real hours, then 30 minutes on Monday.
        var clock = TicketClocks.Start(NewYork, new DateTimeOffset(2026, 10, 30, 16, 30, 0, Edt), TimeSpan.FromHours(5));

        clock.WarnAt.ShouldBe(new DateTimeOffset(2026, 11, 1, 3, 30, 0, Est));
        clock.DueAt.ShouldBe(new DateTimeOffset(2026, 11, 2, 9, 30, 0, Est));
        clock.DueAt.ShouldBe(Utc(2026, 11, 2, 14, 30));
    }

    [Fact]
    public void Resume_AfterAPauseAcrossSpringForward_MovesDueByThePausedWorkingTime()
    {
        var clock = TicketClocks.Start(NewYork, new DateTimeOffset(2026, 3, 6, 10, 0, 0, Est), TimeSpan.FromHours(7));
        clock.DueAt.ShouldBe(new DateTimeOffset(2026, 3, 8, 3, 0, 0, Edt));
        var dueBefore = clock.DueAt!.Value;

        clock.Pause(NewYork, new DateTimeOffset(2026, 3, 6, 11, 0, 0, Est));
        clock.Resume(NewYork, new DateTimeOffset(2026, 3, 9, 11, 0, 0, Edt));

        // Friday 11–12 and 13–17, the two-hour Sunday shift, Monday 09–11.
        var paused = TimeSpan.FromHours(9);
        clock.DueAt.ShouldBe(new DateTimeOffset(2026, 3, 10, 10, 0, 0, Edt));
        NewYork.BusinessTimeBetween(dueBefore, clock.DueAt!.Value).ShouldBe(paused);
        NewYork.AddBusinessTime(dueBefore, paused).ShouldBe(clock.DueAt!.Value);
    }

    [Fact]
    public void FireDue_AcrossFallBack_FiresAtTheRealMomentsInOrder()
    {
        var clock = TicketClocks.Start(NewYork, new DateTimeOffset(2026, 10, 30, 16, 30, 0, Edt), TimeSpan.FromHours(5));

        clock.FireDue(new DateTimeOffset(2026, 11, 1, 1, 30, 0, Est)).ShouldBeEmpty("the repeated hour comes before the warning");
        clock.FireDue(new DateTimeOffset(2026, 11, 1, 3, 30, 0, Est)).Select(e => e.Kind).ShouldBe([ClockEventKind.Warning]);
        clock.FireDue(new DateTimeOffset(2026, 11, 2, 9, 30, 0, Est)).Select(e => e.Kind).ShouldBe([ClockEventKind.Breach]);
    }

    [Fact]
    public void Start_BerlinSaturdayBeforeSpringForward_TheWholeSundayCounts23Hours()
    {
        var clock = TicketClocks.Start(Berlin, new DateTimeOffset(2026, 3, 28, 12, 0, 0, Cet), TimeSpan.FromHours(24));

        clock.DueAt.ShouldBe(new DateTimeOffset(2026, 3, 30, 10, 0, 0, Cest));
    }

    [Fact]
    public void Start_BerlinSaturdayBeforeFallBack_TheWholeSundayCounts25Hours()
    {
        var clock = TicketClocks.Start(Berlin, new DateTimeOffset(2026, 10, 24, 12, 0, 0, Cest), TimeSpan.FromHours(24));

        clock.DueAt.ShouldBe(new DateTimeOffset(2026, 10, 25, 23, 0, 0, Cet));
    }

    [Fact]
    public void StartPromise_AcrossSpringForward_IsTheGivenMomentAndOnly23RealHours()
    {
        var promise = TicketClocks.Promise(new DateTimeOffset(2026, 3, 7, 12, 0, 0, Est), new DateTimeOffset(2026, 3, 8, 12, 0, 0, Edt));

        promise.Target.ShouldBe(TimeSpan.FromHours(23));
        promise.DueAt.ShouldBe(Utc(2026, 3, 8, 16));
    }
}
