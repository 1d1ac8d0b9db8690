using Kefu.Domain.Sla;

using static Kefu.Domain.Tests.Sla.Calendars;

namespace Kefu.Domain.Tests.Sla;

/// <summary>
/// The shipped cn-2026 calendar against the State Council General Office notice on the 2026 holidays
/// (国务院办公厅关于2026年部分节假日安排的通知, 4 November 2025), dates written out here independently of the JSON file.
/// </summary>
public sealed class China2026CalendarTests
{
    private static readonly string[] OfficialHolidays =
    [
        "2026-01-01", "2026-01-02", "2026-01-03",
        "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23",
        "2026-04-04", "2026-04-05", "2026-04-06",
        "2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05",
        "2026-06-19", "2026-06-20", "2026-06-21",
        "2026-09-25", "2026-09-26", "2026-09-27",
        "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07",
    ];

    private static readonly string[] OfficialMakeupDays = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"];

    private readonly BusinessCalendar _calendar = China2026;

    public static TheoryData<string> Holidays() => new(OfficialHolidays);

    public static TheoryData<string> MakeupDays() => new(OfficialMakeupDays);

    [Fact]
    public void LoadBuiltIn_Cn2026_DescribesItsSourceAndZone()
    {
        var data = BusinessCalendarData.LoadBuiltIn("cn-2026");

        BusinessCalendarData.BuiltInNames.ShouldContain("cn-2026");
        data.Name.ShouldNotBeNullOrWhiteSpace();
        data.Source.ShouldNotBeNull().ShouldContain("2026年部分节假日安排");
        data.Calendar.TimeZone.Id.ShouldBe("Asia/Shanghai");
        data.DayNames[new DateOnly(2026, 2, 17)].ShouldBe("春节");
        data.DayNames[new DateOnly(2026, 10, 10)].ShouldBe("国庆节调休");
    }

    [Fact]
    public void Cn2026_HolidaysAndMakeupDays_AreExactlyTheOfficialOnes()
    {
        _calendar.Holidays.Order().Select(Iso).ShouldBe(OfficialHolidays);
        _calendar.MakeupWorkdays.Order().Select(Iso).ShouldBe(OfficialMakeupDays);
    }

    [Theory]
    [MemberData(nameof(Holidays))]
    public void Cn2026_OfficialHoliday_IsClosedAllDay(string date)
    {
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

        _calendar.PeriodsOn(day).ShouldBeEmpty();
        _calendar.IsOpen(Cn(day.Month, day.Day, 10)).ShouldBeFalse();
        _calendar.IsOpen(Cn(day.Month, day.Day, 15)).ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(MakeupDays))]
    public void Cn2026_OfficialMakeupDay_IsAWeekendWorkedWithOfficeHours(string date)
    {
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

        day.DayOfWeek.ShouldBeOneOf(DayOfWeek.Saturday, DayOfWeek.Sunday);
        _calendar.PeriodsOn(day).ShouldBe(OfficeHours);
        _calendar.IsOpen(Cn(day.Month, day.Day, 10)).ShouldBeTrue();
        _calendar.IsOpen(Cn(day.Month, day.Day, 12, 30)).ShouldBeFalse();
        _calendar.BusinessTimeBetween(Cn(day.Month, day.Day, 0), Cn(day.Month, day.Day, 23)).ShouldBe(WorkingDay);
    }

    [Fact]
    public void Cn2026_WeeklyHours_AreNineToSixWithLunchOnWeekdays()
    {
        foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })
        {
            _calendar.WeeklyPeriods(day).ShouldBe(OfficeHours);
        }

        _calendar.WeeklyPeriods(DayOfWeek.Saturday).ShouldBeEmpty();
        _calendar.WeeklyPeriods(DayOfWeek.Sunday).ShouldBeEmpty();
    }

    [Fact]
    public void Cn2026_WholeYear_Has248WorkingDays()
    {
        // 261 weekdays, 19 of them holidays, plus 6 makeup weekend days.
        _calendar.BusinessTimeBetween(Cn(1, 1, 0), Cn(1, 1, 0, year: 2027)).ShouldBe(248 * WorkingDay);
    }

    [Fact]
    public void AddBusinessTime_FridayTenToSixOnANormalWeekend_DueMondayTenToEleven()
    {
        _calendar.AddBusinessTime(Cn(3, 13, 17, 50), TimeSpan.FromHours(2)).ShouldBe(Cn(3, 16, 10, 50));
    }

    [Fact]
    public void AddBusinessTime_NewYearsEve2025_SkipsNewYearAndWorksTheMakeupSunday()
    {
        _calendar.AddBusinessTime(Cn(12, 31, 17, year: 2025), TimeSpan.FromHours(2)).ShouldBe(Cn(1, 4, 10));
        _calendar.BusinessTimeBetween(Cn(12, 31, 17, year: 2025), Cn(1, 5, 0)).ShouldBe(TimeSpan.FromHours(1) + WorkingDay);
    }

    [Fact]
    public void AddBusinessTime_FridayBeforeSpringFestival_DueOnTheMakeupSaturday()
    {
        _calendar.AddBusinessTime(Cn(2, 13, 17), TimeSpan.FromHours(2)).ShouldBe(Cn(2, 14, 10));
    }

    [Fact]
    public void AddBusinessTime_MakeupSaturdayEvening_SkipsTheWholeSpringFestival()
    {
        _calendar.AddBusinessTime(Cn(2, 14, 17), TimeSpan.FromHours(2)).ShouldBe(Cn(2, 24, 10));
        _calendar.NextOpening(Cn(2, 15, 10)).ShouldBe(Cn(2, 24, 9));
        _calendar.IsOpen(Cn(2, 23, 10)).ShouldBeFalse();
    }

    [Fact]
    public void BusinessTimeBetween_AcrossSpringFestival_CountsFridayMakeupSaturdayAndTuesday()
    {
        _calendar.BusinessTimeBetween(Cn(2, 13, 9), Cn(2, 25, 9)).ShouldBe(3 * WorkingDay);
    }

    [Fact]
    public void AddBusinessTime_FridayBeforeSecondMakeupSaturday_DueSaturdayMorning()
    {
        _calendar.AddBusinessTime(Cn(2, 27, 17, 30), TimeSpan.FromHours(1)).ShouldBe(Cn(2, 28, 9, 30));
    }

    [Fact]
    public void AddBusinessTime_EveOfLabourDay_DueAfterTheFiveDayBreak()
    {
        _calendar.AddBusinessTime(Cn(4, 30, 17, 50), TimeSpan.FromHours(2)).ShouldBe(Cn(5, 6, 10, 50));
        _calendar.AddBusinessTime(Cn(5, 8, 17), TimeSpan.FromHours(2)).ShouldBe(Cn(5, 9, 10));
    }

    [Fact]
    public void AddBusinessTime_FridayBeforeNationalDayMakeupSunday_DueSunday()
    {
        _calendar.AddBusinessTime(Cn(9, 18, 17), TimeSpan.FromHours(2)).ShouldBe(Cn(9, 20, 10));
    }

    [Fact]
    public void AddBusinessTime_BeforeMidAutumn_SkipsFridayToSunday()
    {
        _calendar.AddBusinessTime(Cn(9, 24, 17), TimeSpan.FromHours(2)).ShouldBe(Cn(9, 28, 10));
    }

    [Fact]
    public void AddBusinessTime_EveOfNationalDay_DueTheDayAfterGoldenWeek()
    {
        _calendar.AddBusinessTime(Cn(9, 30, 17), TimeSpan.FromHours(2)).ShouldBe(Cn(10, 8, 10));
    }

    [Fact]
    public void AddBusinessTime_FridayAfterGoldenWeek_DueOnTheMakeupSaturday()
    {
        _calendar.AddBusinessTime(Cn(10, 9, 17), TimeSpan.FromHours(2)).ShouldBe(Cn(10, 10, 10));
        _calendar.AddBusinessTime(Cn(10, 10, 17), TimeSpan.FromHours(2)).ShouldBe(Cn(10, 12, 10));
    }

    [Fact]
    public void BusinessTimeBetween_AroundNationalDay_CountsSixWorkingDaysInTwoWeeks()
    {
        // Mon 28, Tue 29, Wed 30 September, then Thu 8, Fri 9 and the makeup Saturday 10 October.
        _calendar.BusinessTimeBetween(Cn(9, 28, 9), Cn(10, 12, 9)).ShouldBe(6 * WorkingDay);
    }

    [Fact]
    public void AddBusinessTime_ThirtyBusinessDaysOverQingming_EndsAMondayLater()
    {
        // Without Qingming this ends on Friday 10 April; Monday 6 April is a holiday, so one more working day follows.
        _calendar.AddBusinessTime(Cn(3, 2, 9), 30 * WorkingDay).ShouldBe(Cn(4, 13, 18));
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
