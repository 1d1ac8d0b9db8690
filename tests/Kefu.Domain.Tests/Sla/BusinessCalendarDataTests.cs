using Kefu.Domain.Sla;

using static Kefu.Domain.Tests.Sla.Calendars;

namespace Kefu.Domain.Tests.Sla;

public sealed class BusinessCalendarDataTests
{
    private const string Weekly = """{ "monday": ["09:00-12:00", "13:30-18:00"], "friday": ["09:00-12:00"] }""";

    public static TheoryData<string, string> BrokenData() => new()
    {
        { "not json at all", "not valid JSON" },
        { "[]", "(top level): must be a JSON object" },
        { """{ "weeklyHours": {} }""", "timeZone: is required" },
        { Json(zone: "\"Mars/Olympus_Mons\""), "timeZone: 'Mars/Olympus_Mons' is not a time zone" },
        { Json(zone: "8"), "timeZone: must be a string" },
        { """{ "timeZone": "Asia/Shanghai" }""", "weeklyHours: is required" },
        { Json(weekly: """{ "wendesday": [] }"""), "weeklyHours: unknown property 'wendesday'" },
        { Json(weekly: """{ "monday": "09:00-18:00" }"""), "weeklyHours.monday: must be a list" },
        { Json(weekly: """{ "monday": ["9:00-12:00"] }"""), "weeklyHours.monday: '9:00-12:00' is not a working period" },
        { Json(weekly: """{ "monday": ["18:00-09:00"] }"""), "weeklyHours.monday: '18:00-09:00' must end after it starts" },
        { Json(weekly: """{ "monday": ["09:00-12:00", "11:00-13:00"] }"""), "weeklyHours.monday: periods 09:00-12:00 and 11:00-13:00 overlap" },
        { Json(weekly: """{ "monday": [], "monday": [] }"""), "weeklyHours: property 'monday' appears twice" },
        { Json(holidays: """[{ "date": "2026-02-30" }]"""), "holidays[0].date: '2026-02-30' is not a date in yyyy-MM-dd form" },
        { Json(holidays: """[{ "date": "2026/10/01" }]"""), "holidays[0].date: '2026/10/01' is not a date" },
        { Json(holidays: """[20261001]"""), "holidays[0]: must be a date string or an object" },
        { Json(holidays: """{ "date": "2026-10-01" }"""), "holidays: must be a list" },
        { Json(holidays: """[{ "name": "国庆节" }]"""), "holidays[0]: needs \"date\", or \"from\" and \"to\"" },
        { Json(holidays: """[{ "from": "2026-10-01" }]"""), "holidays[0]: needs \"date\", or \"from\" and \"to\"" },
        { Json(holidays: """[{ "date": "2026-10-01", "to": "2026-10-07" }]"""), "holidays[0]: gives either" },
        { Json(holidays: """[{ "from": "2026-02-23", "to": "2026-02-15" }]"""), "holidays[0]: ends (2026-02-15) before it starts (2026-02-23)" },
        { Json(holidays: """[{ "from": "2026-10-01", "to": "2062-10-07" }]"""), "holidays[0]: runs from 2026-10-01 to 2062-10-07, more than a year" },
        { Json(holidays: """[{ "date": "2026-10-01", "nmae": "国庆节" }]"""), "holidays[0]: unknown property 'nmae'" },
        { Json(holidays: """[{ "date": "2026-10-01", "name": 1 }]"""), "holidays[0].name: must be a string" },
        { Json(holidays: """[{ "from": "2026-10-01", "to": "2026-10-07" }, "2026-10-03"]"""), "holidays[1]: 2026-10-03 is already a holiday in holidays[0]" },
        { Json(holidays: """["2026-10-01"]""", makeup: """["2026-10-01"]"""), "makeupWorkdays[0]: 2026-10-01 is also a holiday in holidays[0]" },
        { Json(makeup: """["2026-10-10", { "date": "2026-10-10" }]"""), "makeupWorkdays[1]: 2026-10-10 is already a makeup working day in makeupWorkdays[0]" },
        { Json(makeup: """[{ "name": "调休" }]"""), "makeupWorkdays[0]: needs \"date\"" },
        { Json(makeup: """[{ "date": "2026-10-10", "periods": [] }]"""), "makeupWorkdays[0].periods: is empty" },
        { Json(makeup: """[{ "date": "2026-10-10", "periods": ["10:00-09:00"] }]"""), "makeupWorkdays[0].periods: '10:00-09:00' must end after it starts" },
        { """{ "timeZone": "Asia/Shanghai", "weeklyHours": {}, "holiday": [] }""", "(top level): unknown property 'holiday'" },
        { """{ "timeZone": "Asia/Shanghai", "weeklyHours": {}, "makeupWorkdays": ["2026-10-10"] }""", "no working day to copy" },
    };

    [Theory]
    [MemberData(nameof(BrokenData))]
    public void Parse_BrokenData_SaysWhereAndWhat(string json, string expected)
    {
        Should.Throw<FormatException>(() => BusinessCalendarData.Parse(json)).Message.ShouldContain(expected);
    }

    [Fact]
    public void Parse_AllEntryForms_BuildsTheCalendar()
    {
        var data = BusinessCalendarData.Parse("""
            {
              // Comments and trailing commas are allowed: people edit these files by hand.
              "name": "Test office",
              "timeZone": "Asia/Shanghai",
              "weeklyHours": { "monday": ["09:00-12:00", "13:30-18:00"], "tuesday": ["09:00-18:00"], "sunday": [] },
              "holidays": [
                { "name": "Long break", "from": "2026-03-02", "to": "2026-03-03" },
                { "date": "2026-03-09" },
                "2026-03-10",
              ],
              "makeupWorkdays": [
                { "name": "Saturday shift", "date": "2026-03-07", "periods": ["10:00-12:00"] },
                "2026-03-08",
              ],
            }
            """);

        var calendar = data.Calendar;
        data.Name.ShouldBe("Test office");
        data.Source.ShouldBeNull();
        data.DayNames.ShouldBe(new Dictionary<DateOnly, string>
        {
            [new DateOnly(2026, 3, 2)] = "Long break",
            [new DateOnly(2026, 3, 3)] = "Long break",
            [new DateOnly(2026, 3, 7)] = "Saturday shift",
        }, ignoreOrder: true);
        calendar.Holidays.Order().ShouldBe(new[] { new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 3), new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 10) });
        calendar.PeriodsOn(new DateOnly(2026, 3, 7)).ShouldBe(new[] { WorkingPeriod.Parse("10:00-12:00") });
        calendar.PeriodsOn(new DateOnly(2026, 3, 8)).ShouldBe(OfficeHours, "a makeup day without periods works Monday's hours");
        calendar.PeriodsOn(new DateOnly(2026, 3, 17)).ShouldBe(new[] { WorkingPeriod.Parse("09:00-18:00") });
        calendar.PeriodsOn(new DateOnly(2026, 3, 18)).ShouldBeEmpty("a weekday left out is a day off");
        calendar.BusinessTimeBetween(Cn(3, 1, 0), Cn(3, 15, 0)).ShouldBe(TimeSpan.FromHours(2) + WorkingDay);
    }

    [Fact]
    public void Parse_EmptyOptionalLists_GivesAPlainWeek()
    {
        var data = BusinessCalendarData.Parse(Json(holidays: "null", makeup: "[]"));

        data.Calendar.Holidays.ShouldBeEmpty();
        data.Calendar.IsOpen(Cn(3, 13, 11)).ShouldBeTrue();
        data.Calendar.IsOpen(Cn(3, 13, 14)).ShouldBeFalse();
    }

    [Fact]
    public void LoadBuiltIn_UnknownName_ListsTheKnownOnes()
    {
        var ex = Should.Throw<ArgumentException>(() => BusinessCalendarData.LoadBuiltIn("cn-2099"));

        ex.Message.ShouldContain("cn-2099");
        ex.Message.ShouldContain("cn-2026");
    }

    private static string Json(string zone = "\"Asia/Shanghai\"", string weekly = Weekly, string holidays = "[]", string makeup = "[]") =>
        $$"""{ "timeZone": {{zone}}, "weeklyHours": {{weekly}}, "holidays": {{holidays}}, "makeupWorkdays": {{makeup}} }""";
}
