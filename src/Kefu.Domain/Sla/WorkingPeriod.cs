using System.Globalization;

namespace Kefu.Domain.Sla;

/// <summary>
/// One stretch of working hours within a local day, from <see cref="Start"/> up to (not including) <see cref="End"/>,
/// both measured from local midnight. <see cref="End"/> may be 24:00 so that work can run up to midnight.
/// </summary>
public readonly record struct WorkingPeriod
{
    public static readonly TimeSpan EndOfDay = TimeSpan.FromHours(24);

    public WorkingPeriod(TimeSpan start, TimeSpan end)
    {
        if (start < TimeSpan.Zero || start >= EndOfDay)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, "A working period starts between 00:00 and 23:59.");
        }

        if (end <= start || end > EndOfDay)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, "A working period ends after it starts and no later than 24:00.");
        }

        Start = start;
        End = end;
    }

    public TimeSpan Start { get; }
    public TimeSpan End { get; }
    public TimeSpan Length => End - Start;

    /// <summary>The whole day, 00:00–24:00.</summary>
    public static WorkingPeriod AllDay { get; } = new(TimeSpan.Zero, EndOfDay);

    /// <summary>Reads <c>HH:mm-HH:mm</c>, for example <c>09:00-12:00</c> or <c>18:00-24:00</c>.</summary>
    public static WorkingPeriod Parse(string text)
    {
        if (TryParse(text, out var period, out var problem))
        {
            return period;
        }

        throw new FormatException(problem);
    }

    internal static bool TryParse(string? text, out WorkingPeriod period, out string problem)
    {
        period = default;
        var parts = text?.Split('-') ?? [];
        if (parts.Length != 2
            || !TryParseClock(parts[0].Trim(), out var start)
            || !TryParseClock(parts[1].Trim(), out var end))
        {
            problem = $"'{text}' is not a working period of the form HH:mm-HH:mm (for example 09:00-12:00).";
            return false;
        }

        if (start >= EndOfDay || end <= start)
        {
            problem = $"'{text}' must end after it starts, and may end at 24:00 at the latest.";
            return false;
        }

        period = new WorkingPeriod(start, end);
        problem = string.Empty;
        return true;
    }

    /// <summary>Accepts 00:00 to 24:00; 24:00 only makes sense as an end and is rejected as a start by the caller.</summary>
    private static bool TryParseClock(string text, out TimeSpan time)
    {
        time = default;
        if (text.Length != 5 || text[2] != ':'
            || !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || minutes > 59 || hours > 24 || (hours == 24 && minutes != 0))
        {
            return false;
        }

        time = new TimeSpan(hours, minutes, 0);
        return true;
    }

    /// <summary>Why a day's periods cannot be used (out of order or overlapping), or null when they can.</summary>
    internal static string? FindProblem(IReadOnlyList<WorkingPeriod> periods)
    {
        for (var i = 0; i < periods.Count; i++)
        {
            if (periods[i].End <= periods[i].Start)
            {
                return "a period is empty; a working period ends after it starts.";
            }

            if (i > 0 && periods[i].Start < periods[i - 1].End)
            {
                return $"periods {periods[i - 1]} and {periods[i]} overlap or are out of order; list them earliest first.";
            }
        }

        return null;
    }

    public override string ToString() => $"{Format(Start)}-{Format(End)}";

    private static string Format(TimeSpan time) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours:00}:{time.Minutes:00}");
}
