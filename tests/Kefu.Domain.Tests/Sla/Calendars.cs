using Kefu.Domain.Sla;

namespace Kefu.Domain.Tests.Sla;

/// <summary>Calendars and local-time helpers shared by the SLA tests.</summary>
internal static class Calendars
{
    public static readonly TimeSpan China = TimeSpan.FromHours(8);
    public static readonly TimeSpan Cet = TimeSpan.FromHours(1);
    public static readonly TimeSpan Cest = TimeSpan.FromHours(2);
    public static readonly TimeSpan Est = TimeSpan.FromHours(-5);
    public static readonly TimeSpan Edt = TimeSpan.FromHours(-4);

    /// <summary>One working day in the China office: 09:00–12:00 and 13:30–18:00.</summary>
    public static readonly TimeSpan WorkingDay = TimeSpan.FromHours(7.5);

    public static readonly WorkingPeriod[] OfficeHours = [WorkingPeriod.Parse("09:00-12:00"), WorkingPeriod.Parse("13:30-18:00")];

    /// <summary>Monday to Friday office hours in Shanghai, no holidays.</summary>
    public static BusinessCalendar ShanghaiOffice(IEnumerable<DateOnly>? holidays = null, IEnumerable<MakeupWorkday>? makeupDays = null) =>
        new("Asia/Shanghai", Weekdays(OfficeHours), holidays, makeupDays);

    /// <summary>The shipped 2026 China calendar.</summary>
    public static BusinessCalendar China2026 { get; } = BusinessCalendarData.LoadBuiltIn("cn-2026").Calendar;

    /// <summary>The shipped 7×24 calendar.</summary>
    public static BusinessCalendar SevenByTwentyFour { get; } = BusinessCalendarData.LoadBuiltIn("24x7").Calendar;

    /// <summary>
    /// A New York office read from calendar data: weekdays 09:00–12:00 and 13:00–17:00, and a Sunday night shift 01:00–04:00
    /// that spans the clock change (2026-03-08 it lasts 2 hours, 2026-11-01 4 hours); two holidays and a makeup Saturday.
    /// </summary>
    public static BusinessCalendar NewYork { get; } = BusinessCalendarData.Parse(
        """
        {
          "name": "New York office",
          "timeZone": "America/New_York",
          "weeklyHours": {
            "monday": ["09:00-12:00", "13:00-17:00"],
            "tuesday": ["09:00-12:00", "13:00-17:00"],
            "wednesday": ["09:00-12:00", "13:00-17:00"],
            "thursday": ["09:00-12:00", "13:00-17:00"],
            "friday": ["09:00-12:00", "13:00-17:00"],
            "sunday": ["01:00-04:00"]
          },
          "holidays": [
            { "name": "Independence Day (observed)", "date": "2026-07-03" },
            { "name": "Thanksgiving", "from": "2026-11-26", "to": "2026-11-27" }
          ],
          "makeupWorkdays": [{ "name": "Stock-taking", "date": "2026-11-28" }]
        }
        """).Calendar;

    /// <summary>Monday to Friday 09:00–17:00, and all of Sunday, in Berlin: Sundays are where the clocks change.</summary>
    public static BusinessCalendar Berlin { get; } = new(
        "Europe/Berlin",
        new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>(Weekdays([WorkingPeriod.Parse("09:00-17:00")]))
        {
            [DayOfWeek.Sunday] = [WorkingPeriod.AllDay],
        });

    public static Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> Weekdays(IReadOnlyList<WorkingPeriod> periods) => new()
    {
        [DayOfWeek.Monday] = periods,
        [DayOfWeek.Tuesday] = periods,
        [DayOfWeek.Wednesday] = periods,
        [DayOfWeek.Thursday] = periods,
        [DayOfWeek.Friday] = periods,
    };

    public static Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> EveryDay(params WorkingPeriod[] periods) =>
        Enum.GetValues<DayOfWeek>().ToDictionary(day => day, IReadOnlyList<WorkingPeriod> (_) => periods);

    /// <summary>A moment on the China wall clock (UTC+8 all year).</summary>
    public static DateTimeOffset Cn(int month, int day, int hour, int minute = 0, int year = 2026) =>
        new(year, month, day, hour, minute, 0, China);

    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
