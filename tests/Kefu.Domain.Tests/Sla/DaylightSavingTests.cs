using Kefu.Domain.Sla;

using static Kefu.Domain.Tests.Sla.Calendars;

namespace Kefu.Domain.Tests.Sla;

/// <summary>
/// Berlin in 2026: clocks go from 02:00 CET to 03:00 CEST on Sunday 29 March, and from 03:00 CEST back to 02:00 CET
/// on Sunday 25 October. Expected moments are written with explicit offsets so they do not lean on the code under test.
/// </summary>
public sealed class DaylightSavingTests
{
    private static readonly BusinessCalendar BerlinWeekdays = new("Europe/Berlin", Weekdays([WorkingPeriod.Parse("09:00-17:00")]));

    [Fact]
    public void BusinessTimeBetween_SpringForwardSunday_Is23Hours()
    {
        Berlin.BusinessTimeBetween(new DateTimeOffset(2026, 3, 29, 0, 0, 0, Cet), new DateTimeOffset(2026, 3, 30, 0, 0, 0, Cest))
            .ShouldBe(TimeSpan.FromHours(23));
    }

    [Fact]
    public void BusinessTimeBetween_FallBackSunday_Is25Hours()
    {
        Berlin.BusinessTimeBetween(new DateTimeOffset(2026, 10, 25, 0, 0, 0, Cest), new DateTimeOffset(2026, 10, 26, 0, 0, 0, Cet))
            .ShouldBe(TimeSpan.FromHours(25));
    }

    [Fact]
    public void BusinessTimeBetween_TwoWeeksAcrossSpringForward_LosesTheSkippedHour()
    {
        // Ten weekdays of 8 hours, Sunday 29 March of 23 hours and Sunday 5 April of 24.
        Berlin.BusinessTimeBetween(new DateTimeOffset(2026, 3, 23, 0, 0, 0, Cet), new DateTimeOffset(2026, 4, 6, 0, 0, 0, Cest))
            .ShouldBe(TimeSpan.FromHours(80 + 23 + 24));
    }

    [Fact]
    public void BusinessTimeBetween_TwoWeeksAcrossFallBack_GainsTheRepeatedHour()
    {
        Berlin.BusinessTimeBetween(new DateTimeOffset(2026, 10, 19, 0, 0, 0, Cest), new DateTimeOffset(2026, 11, 2, 0, 0, 0, Cet))
            .ShouldBe(TimeSpan.FromHours(80 + 25 + 24));
    }

    [Fact]
    public void AddBusinessTime_FridayBeforeSpringForward_DueMondayAtTheNewOffset()
    {
        var due = BerlinWeekdays.AddBusinessTime(new DateTimeOffset(2026, 3, 27, 16, 0, 0, Cet), TimeSpan.FromHours(2));

        due.ShouldBe(new DateTimeOffset(2026, 3, 30, 10, 0, 0, Cest));
        due.ShouldBe(Utc(2026, 3, 30, 8));
    }

    [Fact]
    public void AddBusinessTime_FridayBeforeFallBack_DueMondayAtTheNewOffset()
    {
        BerlinWeekdays.AddBusinessTime(new DateTimeOffset(2026, 10, 23, 16, 0, 0, Cest), TimeSpan.FromHours(2))
            .ShouldBe(new DateTimeOffset(2026, 10, 26, 10, 0, 0, Cet));
    }

    [Fact]
    public void AddBusinessTime_ThroughTheShortSunday_CountsItAs23Hours()
    {
        // Friday 16:00–17:00, then the whole 23-hour Sunday, then one hour on Monday.
        Berlin.AddBusinessTime(new DateTimeOffset(2026, 3, 27, 16, 0, 0, Cet), TimeSpan.FromHours(25))
            .ShouldBe(new DateTimeOffset(2026, 3, 30, 10, 0, 0, Cest));
    }

    [Fact]
    public void AddBusinessTime_ThroughTheLongSunday_CountsItAs25Hours()
    {
        Berlin.AddBusinessTime(new DateTimeOffset(2026, 10, 23, 16, 0, 0, Cest), TimeSpan.FromHours(27))
            .ShouldBe(new DateTimeOffset(2026, 10, 26, 10, 0, 0, Cet));
    }

    [Fact]
    public void AddBusinessTime_AcrossTheSkippedHour_RunsOnRealTime()
    {
        Berlin.AddBusinessTime(new DateTimeOffset(2026, 3, 29, 1, 30, 0, Cet), TimeSpan.FromHours(1))
            .ShouldBe(new DateTimeOffset(2026, 3, 29, 3, 30, 0, Cest));
    }

    [Fact]
    public void AddBusinessTime_AcrossTheRepeatedHour_RunsOnRealTime()
    {
        Berlin.AddBusinessTime(new DateTimeOffset(2026, 10, 25, 2, 30, 0, Cest), TimeSpan.FromHours(1))
            .ShouldBe(new DateTimeOffset(2026, 10, 25, 2, 30, 0, Cet));
    }

    [Theory]
    [InlineData(6, 59, false)]
    [InlineData(7, 0, true)]
    [InlineData(14, 59, true)]
    [InlineData(15, 0, false)]
    public void IsOpen_MondayAfterSpringForward_FollowsSummerTime(int utcHour, int utcMinute, bool open)
    {
        BerlinWeekdays.IsOpen(Utc(2026, 3, 30, utcHour, utcMinute)).ShouldBe(open);
    }

    [Theory]
    [InlineData(7, 59, false)]
    [InlineData(8, 0, true)]
    [InlineData(15, 59, true)]
    [InlineData(16, 0, false)]
    public void IsOpen_MondayAfterFallBack_FollowsWinterTime(int utcHour, int utcMinute, bool open)
    {
        BerlinWeekdays.IsOpen(Utc(2026, 10, 26, utcHour, utcMinute)).ShouldBe(open);
    }

    [Fact]
    public void Period_SpanningTheSkippedHour_IsAnHourShorter()
    {
        var calendar = SundayOnly("01:00-04:00");

        calendar.BusinessTimeBetween(Utc(2026, 3, 28, 0), Utc(2026, 3, 30, 0)).ShouldBe(TimeSpan.FromHours(2));
        calendar.BusinessTimeBetween(Utc(2026, 3, 21, 0), Utc(2026, 3, 23, 0)).ShouldBe(TimeSpan.FromHours(3));
    }

    [Fact]
    public void Period_SpanningTheRepeatedHour_IsAnHourLonger()
    {
        var calendar = SundayOnly("01:00-04:00");

        calendar.BusinessTimeBetween(Utc(2026, 10, 24, 0), Utc(2026, 10, 26, 0)).ShouldBe(TimeSpan.FromHours(4));
        calendar.NextOpening(Utc(2026, 10, 24, 12)).ShouldBe(new DateTimeOffset(2026, 10, 25, 1, 0, 0, Cest));
        calendar.AddBusinessTime(Utc(2026, 10, 24, 12), TimeSpan.FromHours(4)).ShouldBe(new DateTimeOffset(2026, 10, 25, 4, 0, 0, Cet));
    }

    [Fact]
    public void Period_StartingInTheSkippedHour_StartsAsFarPastTheJump()
    {
        var calendar = SundayOnly("02:30-05:00");

        calendar.NextOpening(Utc(2026, 3, 28, 12)).ShouldBe(new DateTimeOffset(2026, 3, 29, 3, 30, 0, Cest));
        calendar.BusinessTimeBetween(Utc(2026, 3, 28, 12), Utc(2026, 3, 30, 0)).ShouldBe(TimeSpan.FromHours(1.5));
    }

    [Fact]
    public void Period_StartingInTheRepeatedHour_StartsAtItsFirstShowing()
    {
        var calendar = SundayOnly("02:30-05:00");

        calendar.NextOpening(Utc(2026, 10, 24, 12)).ShouldBe(new DateTimeOffset(2026, 10, 25, 2, 30, 0, Cest));
        calendar.BusinessTimeBetween(Utc(2026, 10, 24, 12), Utc(2026, 10, 26, 0)).ShouldBe(TimeSpan.FromHours(3.5));
    }

    [Fact]
    public void AdjacentPeriods_MeetingInTheRepeatedHour_NeitherOverlapNorLeaveAGap()
    {
        var calendar = SundayOnly("00:00-02:30", "02:30-05:00");
        var open = new DateTimeOffset(2026, 10, 25, 0, 0, 0, Cest);
        var close = new DateTimeOffset(2026, 10, 25, 5, 0, 0, Cet);

        calendar.BusinessTimeBetween(Utc(2026, 10, 24, 12), Utc(2026, 10, 26, 0)).ShouldBe(TimeSpan.FromHours(6));
        calendar.AddBusinessTime(open, TimeSpan.FromHours(6)).ShouldBe(close);
        for (var at = open; at < close; at = at.AddMinutes(10))
        {
            calendar.IsOpen(at).ShouldBeTrue($"open at {at:O}");
        }
    }

    [Fact]
    public void WeekStartingOnAMidnightShownTwice_IsNotTakenAsAPlainWeek()
    {
        // Havana, 5 November 2017: at 01:00 CDT clocks went back to 00:00 CST, so that Sunday's midnight came twice
        // and the day lasted 25 hours. Two periods a day avoid the always-open shortcut.
        var calendar = new BusinessCalendar("America/Havana", EveryDay(WorkingPeriod.Parse("00:00-12:00"), WorkingPeriod.Parse("12:00-24:00")));
        var from = new DateTimeOffset(2017, 11, 5, 0, 0, 0, TimeSpan.FromHours(-4));
        var to = new DateTimeOffset(2017, 11, 19, 0, 0, 0, TimeSpan.FromHours(-5));

        calendar.BusinessTimeBetween(from.AddHours(-1), to).ShouldBe(TimeSpan.FromDays(14) + TimeSpan.FromHours(2));
        calendar.AddBusinessTime(from.AddHours(-1), TimeSpan.FromDays(14) + TimeSpan.FromHours(2)).ShouldBe(to);
    }

    [Theory]
    [InlineData("America/Santiago")]
    [InlineData("America/Havana")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("America/New_York")]
    [InlineData("Pacific/Apia")]
    public void HalfDaysEveryDay_InZonesWithAwkwardChanges_CountWallTimeAllYear(string zone)
    {
        // Two periods a day keep the calendar off its always-open shortcut, so day bounds and midnight changes are exercised.
        var calendar = new BusinessCalendar(zone, EveryDay(WorkingPeriod.Parse("00:00-12:00"), WorkingPeriod.Parse("12:00-24:00")));
        var random = new Random(2026);
        var origin = Utc(2011, 1, 1, 0);

        for (var i = 0; i < 200; i++)
        {
            var from = origin.AddMinutes(random.Next(0, 16 * 365 * 24 * 60));
            var to = from.AddMinutes(random.Next(0, 40 * 24 * 60));

            calendar.BusinessTimeBetween(from, to).ShouldBe(to - from, $"{zone} from {from:O} to {to:O}");
            calendar.AddBusinessTime(from, to - from).ShouldBe(to, $"{zone} from {from:O}");
            calendar.IsOpen(from).ShouldBeTrue($"{zone} at {from:O}");
        }
    }

    private static BusinessCalendar SundayOnly(params string[] periods) => new(
        "Europe/Berlin",
        new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> { [DayOfWeek.Sunday] = [.. periods.Select(WorkingPeriod.Parse)] });
}
