namespace Kefu.Domain.Intake.Facts;

/// <summary>"Now" as the workspace sees it: relative days (昨天, last Friday) count in the workspace's calendar, not UTC's.</summary>
internal sealed class WallClock(DateTimeOffset now, TimeZoneInfo zone)
{
    public DateTimeOffset Now { get; } = now;

    public DateOnly Today { get; } = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    /// <summary>Monday of this week: Chinese weeks (上周五, 本周三) start on Monday.</summary>
    public DateOnly WeekStart => Today.AddDays(-DaysSinceMonday(Today.DayOfWeek));

    public static int DaysSinceMonday(DayOfWeek day) => ((int)day + 6) % 7;

    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>
    /// The UTC moment of a wall-clock time. A time skipped by a daylight-saving jump (02:30 on the spring-forward night)
    /// is read with the offset before the jump, landing an hour later on the clock, as calendars do; a time that happens
    /// twice (the fall-back night) is the first of the two.
    /// </summary>
    public DateTimeOffset ToInstant(DateOnly date, int hour, int minute, int second = 0)
    {
        var local = date.ToDateTime(new TimeOnly(hour, minute, second), DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            offset = zone.GetUtcOffset(local.AddHours(-3));
        }
        else if (zone.IsAmbiguousTime(local))
        {
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local - offset, TimeSpan.Zero);
    }

    /// <summary>The latest date with this month and day that is not after today (a customer writing 12月25日 in June means last December).</summary>
    public DateOnly? MostRecent(int month, int day)
    {
        for (var year = Today.Year; year >= Today.Year - 8; year--)
        {
            if (Valid(year, month, day) is { } date && date <= Today)
            {
                return date;
            }
        }

        return null;
    }

    public static DateOnly? Valid(int year, int month, int day) =>
        year is >= 1900 and <= 2199 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    /// <summary>The latest such weekday not after today (周五, on Friday); with <paramref name="beforeToday"/> not today either (last Friday).</summary>
    public DateOnly MostRecent(DayOfWeek weekday, bool beforeToday)
    {
        var back = ((int)Today.DayOfWeek - (int)weekday + 7) % 7;
        if (beforeToday && back == 0)
        {
            back = 7;
        }

        return Today.AddDays(-back);
    }
}
