using Kefu.Domain.Sla;

using static Kefu.Domain.Tests.Sla.Calendars;

namespace Kefu.Domain.Tests.Sla;

/// <summary>
/// Laws that hold for any start and amount, checked on many seeded random cases, and a plain day-by-day reference
/// (no week skipping, the framework's own time zone conversion) to compare the calendar's arithmetic against.
/// </summary>
public sealed class BusinessCalendarPropertyTests
{
    private const int Cases = 300;

    private static readonly DateTimeOffset Origin = Utc(2025, 12, 1, 0);

    public static TheoryData<string> CalendarNames() => new(Named.Keys.Order(StringComparer.Ordinal));

    /// <summary>Calendars whose period bounds never fall in a daylight-saving change, so the reference can convert them plainly.</summary>
    private static readonly Dictionary<string, BusinessCalendar> Named = new(StringComparer.Ordinal)
    {
        ["shanghai-office"] = ShanghaiOffice(),
        ["cn-2026"] = China2026,
        ["berlin-weekdays-and-sundays"] = Berlin,
        ["seven-by-24"] = BusinessCalendar.AlwaysOpen,
        ["new-york-split-shifts"] = new(
            "America/New_York",
            new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>(EveryDay(WorkingPeriod.Parse("06:00-10:00"), WorkingPeriod.Parse("18:00-24:00")))
            {
                [DayOfWeek.Saturday] = [],
            },
            holidays: [new DateOnly(2026, 7, 3), new DateOnly(2026, 12, 25)],
            makeupWorkdays: [new MakeupWorkday(new DateOnly(2026, 7, 11), [WorkingPeriod.Parse("12:00-13:00")])]),
    };

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void AddThenMeasure_RandomStartsAndAmounts_GivesBackTheAmount(string name)
    {
        var calendar = Named[name];
        var random = new Random(20260101);
        for (var i = 0; i < Cases; i++)
        {
            var start = RandomMoment(random);
            var amount = RandomAmount(random);

            var due = calendar.AddBusinessTime(start, amount);

            due.ShouldBeGreaterThanOrEqualTo(start);
            due.Offset.ShouldBe(TimeSpan.Zero);
            calendar.BusinessTimeBetween(start, due).ShouldBe(amount, $"{name}: {amount} from {start:O} gave {due:O}");
            calendar.BusinessTimeBetween(start, due.AddTicks(-1)).ShouldBeLessThan(amount, $"{name}: {due:O} is the earliest such moment");
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void BusinessTimeBetween_RandomRanges_MatchesDayByDayReference(string name)
    {
        var calendar = Named[name];
        var random = new Random(42);
        for (var i = 0; i < Cases; i++)
        {
            var from = RandomMoment(random);
            var to = from.AddMinutes(random.Next(0, i % 3 == 0 ? 90 * 24 * 60 : 3 * 24 * 60));

            calendar.BusinessTimeBetween(from, to).ShouldBe(Reference(calendar, from, to), $"{name}: {from:O} to {to:O}");
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void IsOpen_RandomMoments_MatchesTheLocalWallClock(string name)
    {
        var calendar = Named[name];
        var random = new Random(7);
        for (var i = 0; i < Cases * 3; i++)
        {
            var at = RandomMoment(random);
            var local = TimeZoneInfo.ConvertTime(at, calendar.TimeZone).DateTime;
            var time = local.TimeOfDay;
            var expected = calendar.PeriodsOn(DateOnly.FromDateTime(local)).Any(p => p.Start <= time && time < p.End);

            calendar.IsOpen(at).ShouldBe(expected, $"{name} at {at:O} ({local:yyyy-MM-dd HH:mm} local)");
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void NextOpening_RandomMoments_IsOpenAndNothingIsCountedBeforeIt(string name)
    {
        var calendar = Named[name];
        var random = new Random(99);
        for (var i = 0; i < Cases; i++)
        {
            var at = RandomMoment(random);

            var opening = calendar.NextOpening(at).ShouldNotBeNull();

            opening.ShouldBeGreaterThanOrEqualTo(at);
            calendar.IsOpen(opening).ShouldBeTrue($"{name}: open at {opening:O}");
            calendar.BusinessTimeBetween(at, opening).ShouldBe(TimeSpan.Zero);
            if (calendar.IsOpen(at))
            {
                opening.ShouldBe(at);
            }
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void BusinessTimeBetween_SplitAnywhere_AddsUp(string name)
    {
        var calendar = Named[name];
        var random = new Random(5);
        for (var i = 0; i < Cases; i++)
        {
            var moments = new[] { RandomMoment(random), RandomMoment(random), RandomMoment(random) }.Order().ToArray();

            (calendar.BusinessTimeBetween(moments[0], moments[1]) + calendar.BusinessTimeBetween(moments[1], moments[2]))
                .ShouldBe(calendar.BusinessTimeBetween(moments[0], moments[2]));
            calendar.BusinessTimeBetween(moments[2], moments[0]).ShouldBe(-calendar.BusinessTimeBetween(moments[0], moments[2]));
        }
    }

    [Theory]
    [MemberData(nameof(CalendarNames))]
    public void AddBusinessTime_InTwoSteps_EqualsOneStep(string name)
    {
        var calendar = Named[name];
        var random = new Random(11);
        for (var i = 0; i < Cases; i++)
        {
            var start = RandomMoment(random);
            var first = RandomAmount(random);
            var second = RandomAmount(random);

            calendar.AddBusinessTime(calendar.AddBusinessTime(start, first), second)
                .ShouldBe(calendar.AddBusinessTime(start, first + second), $"{name}: {first} then {second} from {start:O}");
        }
    }

    /// <summary>A moment in the 14 months around 2026, to the second.</summary>
    private static DateTimeOffset RandomMoment(Random random) => Origin.AddSeconds(random.Next(0, 425 * 24 * 60 * 60));

    /// <summary>Mostly under a day, sometimes weeks; to the second.</summary>
    private static TimeSpan RandomAmount(Random random) => random.Next(4) switch
    {
        0 => TimeSpan.FromSeconds(random.Next(1, 60 * 60)),
        1 => TimeSpan.FromSeconds(random.Next(1, 10 * 60 * 60)),
        2 => TimeSpan.FromSeconds(random.Next(1, 5 * 24 * 60 * 60)),
        _ => TimeSpan.FromSeconds(random.Next(1, 45 * 24 * 60 * 60)),
    };

    /// <summary>Walks every local date in the range and converts each period's bounds with the framework.</summary>
    private static TimeSpan Reference(BusinessCalendar calendar, DateTimeOffset from, DateTimeOffset to)
    {
        var zone = calendar.TimeZone;
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime).AddDays(-1);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, zone).DateTime).AddDays(1);
        var total = TimeSpan.Zero;
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var midnight = day.ToDateTime(TimeOnly.MinValue);
            foreach (var period in calendar.PeriodsOn(day))
            {
                DateTimeOffset start = TimeZoneInfo.ConvertTimeToUtc(midnight + period.Start, zone);
                DateTimeOffset end = TimeZoneInfo.ConvertTimeToUtc(midnight + period.End, zone);
                var overlap = (end < to ? end : to) - (start > from ? start : from);
                if (overlap > TimeSpan.Zero)
                {
                    total += overlap;
                }
            }
        }

        return total;
    }
}
