using System.Collections.ObjectModel;
using System.Globalization;

namespace Kefu.Domain.Sla;

/// <summary>
/// When a team works: weekly hours in one time zone, minus dated holidays, plus makeup working days (调休).
/// Every instant going in or out is an absolute moment (a <see cref="DateTimeOffset"/>, returned in UTC);
/// local dates and wall-clock hours exist only inside.
/// </summary>
/// <remarks>
/// Around a daylight-saving change a period's bounds are read as a person at the office would: a start that the clock
/// shows twice is its first showing and an end its last, so a period spanning the repeated hour lasts an hour longer;
/// a bound the clock skips moves on by the length of the jump (02:30, when clocks go from 02:00 to 03:00, is 03:30).
/// </remarks>
public sealed class BusinessCalendar
{
    private static readonly WorkingPeriod[] Closed = [];
    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);

    private readonly TimeZoneInfo _zone;
    private readonly WorkingPeriod[][] _weekly = new WorkingPeriod[7][];
    private readonly HashSet<DateOnly> _holidays;
    private readonly ReadOnlySet<DateOnly> _holidaysView;
    private readonly Dictionary<DateOnly, WorkingPeriod[]> _makeupDays;

    /// <summary>Every date whose hours differ from its weekday's, earliest first, so whole weeks without one can be skipped.</summary>
    private readonly DateOnly[] _exceptionDates;

    private readonly TimeSpan _weeklyTotal;
    private readonly bool _alwaysOpen;

    /// <param name="timeZoneId">An IANA time zone id such as <c>Asia/Shanghai</c>.</param>
    /// <param name="weeklyHours">Each weekday's periods, earliest first; a weekday left out or empty is a day off.</param>
    /// <param name="holidays">Whole local days off.</param>
    /// <param name="makeupWorkdays">Normally-off days that are worked (调休).</param>
    public BusinessCalendar(
        string timeZoneId,
        IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> weeklyHours,
        IEnumerable<DateOnly>? holidays = null,
        IEnumerable<MakeupWorkday>? makeupWorkdays = null)
        : this(FindZone(timeZoneId), weeklyHours, holidays, makeupWorkdays)
    {
    }

    public BusinessCalendar(
        TimeZoneInfo timeZone,
        IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> weeklyHours,
        IEnumerable<DateOnly>? holidays = null,
        IEnumerable<MakeupWorkday>? makeupWorkdays = null)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        ArgumentNullException.ThrowIfNull(weeklyHours);
        _zone = timeZone;

        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var periods = weeklyHours.TryGetValue(day, out var given) && given is not null ? given.ToArray() : Closed;
            if (WorkingPeriod.FindProblem(periods) is { } problem)
            {
                throw new ArgumentException($"{day}: {problem}", nameof(weeklyHours));
            }

            _weekly[(int)day] = periods;
            _weeklyTotal += Sum(periods);
        }

        _holidays = holidays is null ? [] : [.. holidays];
        _holidaysView = new ReadOnlySet<DateOnly>(_holidays);
        _makeupDays = [];
        foreach (var makeup in makeupWorkdays ?? [])
        {
            ArgumentNullException.ThrowIfNull(makeup, nameof(makeupWorkdays));
            if (_holidays.Contains(makeup.Date))
            {
                throw new ArgumentException($"{Iso(makeup.Date)} is both a holiday and a makeup working day.", nameof(makeupWorkdays));
            }

            var periods = makeup.Periods?.ToArray() ?? StandardDay()
                ?? throw new ArgumentException(
                    $"Makeup working day {Iso(makeup.Date)} has no periods of its own and the week has no working day to copy.",
                    nameof(makeupWorkdays));
            if (WorkingPeriod.FindProblem(periods) is { } problem)
            {
                throw new ArgumentException($"Makeup working day {Iso(makeup.Date)}: {problem}", nameof(makeupWorkdays));
            }

            if (!_makeupDays.TryAdd(makeup.Date, periods))
            {
                throw new ArgumentException($"Makeup working day {Iso(makeup.Date)} is listed twice.", nameof(makeupWorkdays));
            }
        }

        _exceptionDates = [.. _holidays.Concat(_makeupDays.Keys).Order()];
        _alwaysOpen = _weekly.All(IsAllDay) && _holidays.Count == 0 && _makeupDays.Values.All(IsAllDay);
    }

    /// <summary>Open around the clock, every day of the year (7×24).</summary>
    public static BusinessCalendar AlwaysOpen { get; } = new(
        TimeZoneInfo.Utc,
        Enum.GetValues<DayOfWeek>().ToDictionary(day => day, IReadOnlyList<WorkingPeriod> (_) => [WorkingPeriod.AllDay]));

    public TimeZoneInfo TimeZone => _zone;

    public IReadOnlySet<DateOnly> Holidays => _holidaysView;

    public IReadOnlyCollection<DateOnly> MakeupWorkdays => _makeupDays.Keys;

    public IReadOnlyList<WorkingPeriod> WeeklyPeriods(DayOfWeek day) => Array.AsReadOnly(_weekly[(int)day]);

    /// <summary>The working periods of one local date, holidays and makeup days applied.</summary>
    public IReadOnlyList<WorkingPeriod> PeriodsOn(DateOnly date) => Array.AsReadOnly(PeriodsFor(date));

    public bool IsOpen(DateTimeOffset at)
    {
        if (_alwaysOpen)
        {
            return true;
        }

        var intervals = new List<Interval>(4);
        FillIntervals(DayOf(at), intervals);
        return intervals.Exists(interval => interval.Start <= at && at < interval.End);
    }

    /// <summary>The first moment at or after <paramref name="at"/> when the calendar is open (so <paramref name="at"/> itself when open), or null when it never opens again.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset at)
    {
        at = at.ToUniversalTime();
        if (_alwaysOpen)
        {
            return at;
        }

        var intervals = new List<Interval>(4);
        for (DateOnly? day = DayOf(at); day is { } current; day = NextDayToVisit(current))
        {
            FillIntervals(current, intervals);
            foreach (var interval in intervals)
            {
                if (interval.End > at)
                {
                    return Max(interval.Start, at);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The earliest moment by which <paramref name="amount"/> of working time has passed since <paramref name="start"/>;
    /// outside working hours the count starts at the next opening. An amount that runs out exactly at a closing time
    /// gives that closing time.
    /// </summary>
    /// <exception cref="InvalidOperationException">The calendar never opens long enough to cover the amount.</exception>
    public DateTimeOffset AddBusinessTime(DateTimeOffset start, TimeSpan amount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, TimeSpan.Zero);
        start = start.ToUniversalTime();
        if (amount == TimeSpan.Zero)
        {
            return start;
        }

        if (_alwaysOpen)
        {
            return start + amount;
        }

        var remaining = amount;
        var cursor = start;
        var intervals = new List<Interval>(4);
        for (DateOnly? day = DayOf(start); day is { } current; day = NextDayToVisit(current))
        {
            // Past the first day the cursor sits at a midnight, so a plain week can be taken whole. A week worth exactly
            // the remainder is walked instead: the answer is its last closing time, not the following midnight.
            while (cursor == DateTimeOffset.MinValue && remaining > _weeklyTotal && IsPlainWeek(current))
            {
                remaining -= _weeklyTotal;
                current = current.AddDays(7);
            }

            FillIntervals(current, intervals);
            foreach (var interval in intervals)
            {
                if (interval.End <= cursor)
                {
                    continue;
                }

                var from = Max(interval.Start, cursor);
                var available = interval.End - from;
                if (available >= remaining)
                {
                    return from + remaining;
                }

                remaining -= available;
            }

            cursor = DateTimeOffset.MinValue;
        }

        throw new InvalidOperationException(
            $"The calendar has no working hours after {start:O} to cover {amount}; {remaining} would remain.");
    }

    /// <summary>Working time between two moments; negative when <paramref name="to"/> is before <paramref name="from"/>.</summary>
    public TimeSpan BusinessTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            return -BusinessTimeBetween(to, from);
        }

        if (_alwaysOpen)
        {
            return to - from;
        }

        var total = TimeSpan.Zero;
        var firstDay = DayOf(from);
        var lastDay = DayOf(to);
        var intervals = new List<Interval>(4);
        for (DateOnly? day = firstDay; day is { } current && current <= lastDay; day = NextDayToVisit(current))
        {
            // A week after the first day and ending by the last one lies wholly inside the range.
            while (current > firstDay && lastDay.DayNumber - current.DayNumber >= 7 && IsPlainWeek(current))
            {
                total += _weeklyTotal;
                current = current.AddDays(7);
            }

            FillIntervals(current, intervals);
            foreach (var interval in intervals)
            {
                var start = Max(interval.Start, from);
                var end = Min(interval.End, to);
                if (end > start)
                {
                    total += end - start;
                }
            }
        }

        return total;
    }

    private static TimeZoneInfo FindZone(string timeZoneId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(timeZoneId);
        return TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
    }

    internal static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static TimeSpan Sum(WorkingPeriod[] periods)
    {
        var total = TimeSpan.Zero;
        foreach (var period in periods)
        {
            total += period.Length;
        }

        return total;
    }

    private static bool IsAllDay(WorkingPeriod[] periods) => periods is [var only] && only == WorkingPeriod.AllDay;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>What an unqualified makeup day works: the first weekday from Monday that has hours.</summary>
    private WorkingPeriod[]? StandardDay()
    {
        DayOfWeek[] order = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];
        return order.Select(day => _weekly[(int)day]).FirstOrDefault(periods => periods.Length > 0);
    }

    private WorkingPeriod[] PeriodsFor(DateOnly date)
    {
        if (_holidays.Contains(date))
        {
            return Closed;
        }

        return _makeupDays.TryGetValue(date, out var periods) ? periods : _weekly[(int)date.DayOfWeek];
    }

    /// <summary>The day after <paramref name="day"/> that can hold working time, or null when none can.</summary>
    private DateOnly? NextDayToVisit(DateOnly day)
    {
        if (_weeklyTotal > TimeSpan.Zero)
        {
            return day.AddDays(1);
        }

        // Without weekly hours only makeup days open; jump straight to the next one.
        var index = FirstExceptionIndexOnOrAfter(day.AddDays(1));
        for (; index < _exceptionDates.Length; index++)
        {
            if (_makeupDays.ContainsKey(_exceptionDates[index]))
            {
                return _exceptionDates[index];
            }
        }

        return null;
    }

    private int FirstExceptionIndexOnOrAfter(DateOnly date)
    {
        var index = Array.BinarySearch(_exceptionDates, date);
        return index >= 0 ? index : ~index;
    }

    /// <summary>
    /// Whether the seven days from <paramref name="day"/> are ordinary: no holiday or makeup day, and each exactly 24 hours
    /// long, so no clock change falls inside them (no zone changes its clocks twice within one day) and they hold exactly
    /// the weekly total. Comparing offsets at local midnights would not do: a midnight the clock shows twice reads as
    /// the later offset while the change is still to come.
    /// </summary>
    private bool IsPlainWeek(DateOnly day)
    {
        if (_weeklyTotal <= TimeSpan.Zero)
        {
            return false;
        }

        var index = FirstExceptionIndexOnOrAfter(day);
        if (index < _exceptionDates.Length && _exceptionDates[index] < day.AddDays(7))
        {
            return false;
        }

        var dayStart = StartOf(day);
        for (var i = 1; i <= 7; i++)
        {
            var nextStart = StartOf(day.AddDays(i));
            if (nextStart - dayStart != OneDay)
            {
                return false;
            }

            dayStart = nextStart;
        }

        return true;
    }

    /// <summary>The local date whose day (from its midnight to the next) holds <paramref name="at"/>.</summary>
    private DateOnly DayOf(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, _zone).DateTime);

        // Where midnight itself is repeated or skipped, the wall-clock date and the day's bounds can disagree.
        if (at < StartOf(day))
        {
            return day.AddDays(-1);
        }

        return at >= StartOf(day.AddDays(1)) ? day.AddDays(1) : day;
    }

    private DateTimeOffset StartOf(DateOnly day) => ToUtc(day.ToDateTime(TimeOnly.MinValue), earliest: true);

    /// <summary>The day's open intervals in UTC, in order, clipped to the day and to each other so they never overlap.</summary>
    private void FillIntervals(DateOnly day, List<Interval> into)
    {
        into.Clear();
        var periods = PeriodsFor(day);
        if (periods.Length == 0)
        {
            return;
        }

        var midnight = day.ToDateTime(TimeOnly.MinValue);
        var dayEnd = StartOf(day.AddDays(1));
        var floor = StartOf(day);
        foreach (var period in periods)
        {
            var start = Max(ToUtc(midnight + period.Start, earliest: true), floor);
            var end = period.End == WorkingPeriod.EndOfDay ? dayEnd : Min(ToUtc(midnight + period.End, earliest: false), dayEnd);
            if (end > start)
            {
                into.Add(new Interval(start, end));
                floor = end;
            }
        }
    }

    /// <param name="local">A wall-clock reading in this calendar's zone (unspecified kind).</param>
    /// <param name="earliest">For a reading the clock shows twice, the first showing; otherwise the last.</param>
    private DateTimeOffset ToUtc(DateTime local, bool earliest)
    {
        TimeSpan offset;
        if (_zone.IsInvalidTime(local))
        {
            // The clock jumped over this reading: keep the offset from before the jump, which lands as far past it.
            var before = local;
            do
            {
                before = before.AddMinutes(-15);
            }
            while (_zone.IsInvalidTime(before));

            offset = _zone.GetUtcOffset(before);
        }
        else if (_zone.IsAmbiguousTime(local))
        {
            var offsets = _zone.GetAmbiguousTimeOffsets(local);
            offset = earliest ? offsets.Max() : offsets.Min();
        }
        else
        {
            offset = _zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero);
    }

    private readonly record struct Interval(DateTimeOffset Start, DateTimeOffset End);
}
