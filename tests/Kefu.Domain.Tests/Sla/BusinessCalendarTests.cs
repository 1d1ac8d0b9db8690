using Kefu.Domain.Sla;

using static Kefu.Domain.Tests.Sla.Calendars;

namespace Kefu.Domain.Tests.Sla;

/// <summary>Weekly hours with a lunch break in Shanghai (UTC+8, no daylight saving). 2026-03-09 is a Monday.</summary>
public sealed class BusinessCalendarTests
{
    private readonly BusinessCalendar _office = ShanghaiOffice();

    [Theory]
    [InlineData(9, 8, 59, false)]
    [InlineData(9, 9, 0, true)]
    [InlineData(9, 11, 59, true)]
    [InlineData(9, 12, 0, false)]
    [InlineData(9, 13, 29, false)]
    [InlineData(9, 13, 30, true)]
    [InlineData(9, 17, 59, true)]
    [InlineData(9, 18, 0, false)]
    [InlineData(9, 23, 59, false)]
    [InlineData(13, 10, 0, true)]
    [InlineData(14, 10, 0, false)]
    [InlineData(15, 10, 0, false)]
    public void IsOpen_AroundOfficeHoursInMarch_FollowsPeriodsHalfOpen(int day, int hour, int minute, bool open)
    {
        _office.IsOpen(Cn(3, day, hour, minute)).ShouldBe(open);
    }

    [Fact]
    public void IsOpen_MomentGivenInAnotherOffset_ReadsTheSameInstant()
    {
        // 09:30 in Shanghai is 01:30 UTC and 02:30 in Berlin winter time.
        _office.IsOpen(new DateTimeOffset(2026, 3, 9, 2, 30, 0, Cet)).ShouldBeTrue();
        _office.IsOpen(new DateTimeOffset(2026, 3, 9, 0, 30, 0, TimeSpan.Zero)).ShouldBeFalse();
    }

    [Theory]
    [InlineData(9, 8, 0, 9, 9, 0)]
    [InlineData(9, 10, 15, 9, 10, 15)]
    [InlineData(9, 12, 0, 9, 13, 30)]
    [InlineData(9, 12, 45, 9, 13, 30)]
    [InlineData(9, 18, 0, 10, 9, 0)]
    [InlineData(13, 18, 30, 16, 9, 0)]
    [InlineData(14, 10, 0, 16, 9, 0)]
    [InlineData(15, 23, 59, 16, 9, 0)]
    public void NextOpening_FromVariousMoments_IsTheMomentItselfOrTheNextStart(int day, int hour, int minute, int openDay, int openHour, int openMinute)
    {
        _office.NextOpening(Cn(3, day, hour, minute)).ShouldBe(Cn(3, openDay, openHour, openMinute));
    }

    [Fact]
    public void NextOpening_CalendarWithoutHours_IsNull()
    {
        var never = new BusinessCalendar("Asia/Shanghai", new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>());

        never.NextOpening(Cn(3, 9, 10)).ShouldBeNull();
        never.IsOpen(Cn(3, 9, 10)).ShouldBeFalse();
        never.BusinessTimeBetween(Cn(1, 1, 0), Cn(12, 31, 0)).ShouldBe(TimeSpan.Zero);
        Should.Throw<InvalidOperationException>(() => never.AddBusinessTime(Cn(3, 9, 10), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void NextOpening_OnlyMakeupDays_JumpsToTheMakeupDay()
    {
        var makeupOnly = new BusinessCalendar(
            "Asia/Shanghai",
            new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>(),
            makeupWorkdays: [new MakeupWorkday(new DateOnly(2026, 10, 10), [WorkingPeriod.Parse("10:00-12:00")])]);

        makeupOnly.NextOpening(Cn(1, 5, 10)).ShouldBe(Cn(10, 10, 10));
        makeupOnly.AddBusinessTime(Cn(1, 5, 10), TimeSpan.FromHours(2)).ShouldBe(Cn(10, 10, 12));
        makeupOnly.BusinessTimeBetween(Cn(1, 5, 10), Cn(12, 1, 0)).ShouldBe(TimeSpan.FromHours(2));
        makeupOnly.NextOpening(Cn(10, 10, 12)).ShouldBeNull();
        Should.Throw<InvalidOperationException>(() => makeupOnly.AddBusinessTime(Cn(1, 5, 10), TimeSpan.FromHours(3)));
    }

    [Fact]
    public void AddBusinessTime_FridayTenToSixWithTwoHours_DueMondayTenToEleven()
    {
        _office.AddBusinessTime(Cn(3, 13, 17, 50), TimeSpan.FromHours(2)).ShouldBe(Cn(3, 16, 10, 50));
    }

    [Theory]
    [InlineData(9, 11, 0, 60, 9, 12, 0)]
    [InlineData(9, 11, 0, 61, 9, 13, 31)]
    [InlineData(9, 11, 0, 120, 9, 14, 30)]
    [InlineData(9, 7, 0, 30, 9, 9, 30)]
    [InlineData(9, 12, 30, 60, 9, 14, 30)]
    [InlineData(9, 9, 0, 450, 9, 18, 0)]
    [InlineData(9, 9, 0, 451, 10, 9, 1)]
    [InlineData(9, 17, 59, 1, 9, 18, 0)]
    [InlineData(9, 18, 0, 1, 10, 9, 1)]
    [InlineData(14, 10, 0, 60, 16, 10, 0)]
    [InlineData(13, 9, 0, 450 * 5, 19, 18, 0)]
    public void AddBusinessTime_WithinAndAcrossDays_SkipsLunchNightsAndWeekends(
        int day, int hour, int minute, int minutes, int dueDay, int dueHour, int dueMinute)
    {
        _office.AddBusinessTime(Cn(3, day, hour, minute), TimeSpan.FromMinutes(minutes)).ShouldBe(Cn(3, dueDay, dueHour, dueMinute));
    }

    [Fact]
    public void AddBusinessTime_Zero_ReturnsTheStartEvenWhenClosed()
    {
        _office.AddBusinessTime(Cn(3, 14, 3), TimeSpan.Zero).ShouldBe(Cn(3, 14, 3));
    }

    [Fact]
    public void AddBusinessTime_NegativeAmount_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => _office.AddBusinessTime(Cn(3, 9, 10), TimeSpan.FromMinutes(-1)));
    }

    [Fact]
    public void AddBusinessTime_AnyOffsetIn_ReturnsUtc()
    {
        var due = _office.AddBusinessTime(Cn(3, 9, 10), TimeSpan.FromHours(1));

        due.Offset.ShouldBe(TimeSpan.Zero);
        due.ShouldBe(Utc(2026, 3, 9, 3));
    }

    [Fact]
    public void AddBusinessTime_ThirtyBusinessDays_EndsSixWeeksLaterOnFridayEvening()
    {
        _office.AddBusinessTime(Cn(3, 2, 9), 30 * WorkingDay).ShouldBe(Cn(4, 10, 18));
    }

    [Fact]
    public void AddBusinessTime_TwoHundredFiftyBusinessDays_EndsFiftyWeeksLater()
    {
        var start = Cn(1, 4, 9, year: 2027);

        var due = _office.AddBusinessTime(start, 250 * WorkingDay);

        due.ShouldBe(Cn(12, 17, 18, year: 2027));
        _office.BusinessTimeBetween(start, due).ShouldBe(250 * WorkingDay);
    }

    [Fact]
    public void AddBusinessTime_TwentyYearsOfWork_CountsEveryWeek()
    {
        var start = Cn(1, 5, 9, year: 2026);
        var amount = 20 * 52 * 5 * WorkingDay;

        var due = _office.AddBusinessTime(start, amount);
        var back = _office.BusinessTimeBetween(start, due);

        back.ShouldBe(amount);
        due.ShouldBe(start.AddDays((20 * 52 * 7) - 3).AddHours(9), "the Friday evening ending the last of 1,040 weeks");
    }

    [Theory]
    [InlineData(9, 9, 0, 9, 18, 0, 450)]
    [InlineData(9, 11, 0, 9, 14, 0, 90)]
    [InlineData(9, 12, 0, 9, 13, 30, 0)]
    [InlineData(13, 17, 0, 16, 10, 0, 120)]
    [InlineData(14, 0, 0, 16, 0, 0, 0)]
    [InlineData(9, 10, 0, 9, 10, 0, 0)]
    [InlineData(2, 0, 0, 30, 0, 0, 4 * 5 * 450)]
    [InlineData(2, 10, 0, 30, 10, 0, 4 * 5 * 450)]
    public void BusinessTimeBetween_VariousRanges_CountsOnlyOpenTime(
        int fromDay, int fromHour, int fromMinute, int toDay, int toHour, int toMinute, int minutes)
    {
        _office.BusinessTimeBetween(Cn(3, fromDay, fromHour, fromMinute), Cn(3, toDay, toHour, toMinute))
            .ShouldBe(TimeSpan.FromMinutes(minutes));
    }

    [Fact]
    public void BusinessTimeBetween_Reversed_IsNegative()
    {
        _office.BusinessTimeBetween(Cn(3, 16, 10), Cn(3, 13, 17)).ShouldBe(TimeSpan.FromHours(-2));
    }

    [Fact]
    public void BusinessTimeBetween_AcrossNewYearWithoutHolidays_CountsBothYears()
    {
        _office.BusinessTimeBetween(Cn(12, 31, 17), Cn(1, 1, 10, year: 2027)).ShouldBe(TimeSpan.FromHours(2));
        _office.AddBusinessTime(Cn(12, 31, 17), TimeSpan.FromHours(2)).ShouldBe(Cn(1, 1, 10, year: 2027));
    }

    [Fact]
    public void Holiday_OnAWednesday_IsClosedAllDay()
    {
        var calendar = ShanghaiOffice(holidays: [new DateOnly(2026, 3, 11)]);

        calendar.IsOpen(Cn(3, 11, 10)).ShouldBeFalse();
        calendar.PeriodsOn(new DateOnly(2026, 3, 11)).ShouldBeEmpty();
        calendar.AddBusinessTime(Cn(3, 10, 17), TimeSpan.FromHours(2)).ShouldBe(Cn(3, 12, 10));
        calendar.BusinessTimeBetween(Cn(3, 9, 0), Cn(3, 14, 0)).ShouldBe(4 * WorkingDay);
    }

    [Fact]
    public void MakeupWorkday_WithoutPeriods_WorksTheStandardDay()
    {
        var calendar = ShanghaiOffice(makeupDays: [new MakeupWorkday(new DateOnly(2026, 3, 14))]);

        calendar.PeriodsOn(new DateOnly(2026, 3, 14)).ShouldBe(OfficeHours);
        calendar.IsOpen(Cn(3, 14, 10)).ShouldBeTrue();
        calendar.IsOpen(Cn(3, 14, 12, 30)).ShouldBeFalse();
        calendar.AddBusinessTime(Cn(3, 13, 17, 50), TimeSpan.FromHours(2)).ShouldBe(Cn(3, 14, 10, 50));
    }

    [Fact]
    public void MakeupWorkday_WithItsOwnPeriods_WorksThosePeriods()
    {
        var calendar = ShanghaiOffice(makeupDays: [new MakeupWorkday(new DateOnly(2026, 3, 14), [WorkingPeriod.Parse("10:00-15:00")])]);

        calendar.IsOpen(Cn(3, 14, 9, 30)).ShouldBeFalse();
        calendar.IsOpen(Cn(3, 14, 12, 30)).ShouldBeTrue();
        calendar.BusinessTimeBetween(Cn(3, 13, 0), Cn(3, 16, 0)).ShouldBe(WorkingDay + TimeSpan.FromHours(5));
    }

    [Fact]
    public void PeriodEndingAtMidnight_FollowedByEarlyPeriod_CountsAcrossMidnightWithoutAGap()
    {
        var nights = new BusinessCalendar("Asia/Shanghai", EveryDay(WorkingPeriod.Parse("00:00-02:00"), WorkingPeriod.Parse("18:00-24:00")));

        nights.IsOpen(Cn(3, 10, 0)).ShouldBeTrue();
        nights.IsOpen(Cn(3, 9, 23, 59)).ShouldBeTrue();
        nights.IsOpen(Cn(3, 10, 2)).ShouldBeFalse();
        nights.AddBusinessTime(Cn(3, 9, 23), TimeSpan.FromHours(2)).ShouldBe(Cn(3, 10, 1));
        nights.AddBusinessTime(Cn(3, 9, 23), TimeSpan.FromHours(4)).ShouldBe(Cn(3, 10, 19));
        nights.BusinessTimeBetween(Cn(3, 9, 17), Cn(3, 10, 3)).ShouldBe(TimeSpan.FromHours(8));
        nights.NextOpening(Cn(3, 10, 2)).ShouldBe(Cn(3, 10, 18));
    }

    [Fact]
    public void PeriodEndingAtMidnight_NextDayClosed_EndsExactlyAtMidnight()
    {
        var lateMonday = new BusinessCalendar(
            "Asia/Shanghai",
            new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> { [DayOfWeek.Monday] = [WorkingPeriod.Parse("22:00-24:00")] });

        lateMonday.IsOpen(Cn(3, 9, 23, 59)).ShouldBeTrue();
        lateMonday.IsOpen(Cn(3, 10, 0)).ShouldBeFalse();
        lateMonday.AddBusinessTime(Cn(3, 9, 23), TimeSpan.FromHours(1)).ShouldBe(Cn(3, 10, 0));
        lateMonday.AddBusinessTime(Cn(3, 9, 23), TimeSpan.FromMinutes(61)).ShouldBe(Cn(3, 16, 22, 1));
        lateMonday.BusinessTimeBetween(Cn(3, 1, 0), Cn(4, 1, 0)).ShouldBe(TimeSpan.FromHours(2 * 5));
    }

    [Fact]
    public void AlwaysOpen_AnyMoment_IsOpenAndCountsWallTime()
    {
        var always = BusinessCalendar.AlwaysOpen;
        var saturdayNight = Utc(2026, 3, 14, 23);

        always.IsOpen(saturdayNight).ShouldBeTrue();
        always.NextOpening(saturdayNight).ShouldBe(saturdayNight);
        always.AddBusinessTime(saturdayNight, TimeSpan.FromHours(4)).ShouldBe(Utc(2026, 3, 15, 3));
        always.AddBusinessTime(Utc(2026, 12, 31, 22), TimeSpan.FromDays(30)).ShouldBe(Utc(2027, 1, 30, 22));
        always.BusinessTimeBetween(Utc(2026, 1, 1, 0), Utc(2027, 1, 1, 0)).ShouldBe(TimeSpan.FromDays(365));
    }

    [Fact]
    public void SevenByTwentyFour_InADaylightSavingZone_CountsRealElapsedTime()
    {
        var always = new BusinessCalendar("Europe/Berlin", EveryDay(WorkingPeriod.Parse("00:00-12:00"), WorkingPeriod.Parse("12:00-24:00")));
        var from = new DateTimeOffset(2026, 3, 28, 0, 0, 0, Cet);
        var to = new DateTimeOffset(2026, 3, 30, 0, 0, 0, Cest);

        always.BusinessTimeBetween(from, to).ShouldBe(TimeSpan.FromHours(47));
        always.AddBusinessTime(from, TimeSpan.FromHours(47)).ShouldBe(to);
        always.BusinessTimeBetween(Utc(2026, 1, 1, 0), Utc(2027, 1, 1, 0)).ShouldBe(TimeSpan.FromDays(365));
    }

    [Fact]
    public void Constructor_OverlappingPeriods_Throws()
    {
        var ex = Should.Throw<ArgumentException>(() => new BusinessCalendar(
            "Asia/Shanghai", Weekdays([WorkingPeriod.Parse("09:00-12:00"), WorkingPeriod.Parse("11:00-13:00")])));

        ex.Message.ShouldContain("09:00-12:00 and 11:00-13:00");
    }

    [Fact]
    public void Constructor_PeriodsOutOfOrder_Throws()
    {
        Should.Throw<ArgumentException>(() => new BusinessCalendar(
            "Asia/Shanghai", Weekdays([WorkingPeriod.Parse("13:30-18:00"), WorkingPeriod.Parse("09:00-12:00")])));
    }

    [Fact]
    public void Constructor_DefaultPeriod_Throws()
    {
        Should.Throw<ArgumentException>(() => new BusinessCalendar("Asia/Shanghai", Weekdays([default])));
    }

    [Fact]
    public void Constructor_HolidayThatIsAlsoAMakeupDay_Throws()
    {
        var day = new DateOnly(2026, 10, 1);

        var ex = Should.Throw<ArgumentException>(() => ShanghaiOffice(holidays: [day], makeupDays: [new MakeupWorkday(day)]));

        ex.Message.ShouldContain("2026-10-01");
    }

    [Fact]
    public void Constructor_SameMakeupDayTwice_Throws()
    {
        var day = new DateOnly(2026, 10, 10);

        Should.Throw<ArgumentException>(() => ShanghaiOffice(makeupDays: [new MakeupWorkday(day), new MakeupWorkday(day)]));
    }

    [Fact]
    public void Constructor_UnknownTimeZone_Throws()
    {
        Should.Throw<TimeZoneNotFoundException>(() => new BusinessCalendar("Mars/Olympus_Mons", Weekdays(OfficeHours)));
    }

    [Theory]
    [InlineData("09:00-12:00", 9, 0, 12, 0)]
    [InlineData("13:30-18:00", 13, 30, 18, 0)]
    [InlineData("18:00-24:00", 18, 0, 24, 0)]
    [InlineData("00:00-24:00", 0, 0, 24, 0)]
    [InlineData(" 08:15 - 08:45 ", 8, 15, 8, 45)]
    public void WorkingPeriodParse_ValidText_ReadsBothBounds(string text, int startHour, int startMinute, int endHour, int endMinute)
    {
        var period = WorkingPeriod.Parse(text);

        period.Start.ShouldBe(new TimeSpan(startHour, startMinute, 0));
        period.End.ShouldBe(new TimeSpan(endHour, endMinute, 0));
    }

    [Theory]
    [InlineData("9:00-12:00")]
    [InlineData("09:00")]
    [InlineData("12:00-09:00")]
    [InlineData("09:00-09:00")]
    [InlineData("24:00-24:00")]
    [InlineData("09:00-24:01")]
    [InlineData("09:60-10:00")]
    [InlineData("25:00-26:00")]
    [InlineData("-09:00-10:00")]
    [InlineData("abc")]
    [InlineData("")]
    public void WorkingPeriodParse_InvalidText_ThrowsFormatException(string text)
    {
        Should.Throw<FormatException>(() => WorkingPeriod.Parse(text)).Message.ShouldContain($"'{text}'");
    }

    [Fact]
    public void WorkingPeriod_BoundsOutOfRange_Throw()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new WorkingPeriod(TimeSpan.FromHours(-1), TimeSpan.FromHours(2)));
        Should.Throw<ArgumentOutOfRangeException>(() => new WorkingPeriod(TimeSpan.FromHours(10), TimeSpan.FromHours(9)));
        Should.Throw<ArgumentOutOfRangeException>(() => new WorkingPeriod(TimeSpan.FromHours(10), TimeSpan.FromHours(25)));
    }
}
