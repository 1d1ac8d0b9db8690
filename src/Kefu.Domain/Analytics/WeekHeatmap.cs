namespace Kefu.Domain.Analytics;

/// <summary>One weekday × hour cell: contacts per such hour on average, and the mean first/next response time of replies given in it.</summary>
public sealed record HeatCell(DayOfWeek Day, int Hour, double ContactsPerHour, double? AverageResponseSeconds, long Responses);

public enum ContactLevel
{
    Quiet,
    Normal,
    Busy,
}

/// <summary>A slot customers may see: how busy it usually is, nothing more.</summary>
public sealed record ContactSlot(DayOfWeek Day, int Hour, ContactLevel Level);

/// <summary>The weekly pattern of contact volume and response time (波峰波谷), built from hourly sums.</summary>
public static class WeekHeatmap
{
    /// <param name="hourly">Per local hour bucket (day number × 24 + hour): contacts created, and the summed response facts.</param>
    /// <param name="firstDay">The first local day of the range (day number).</param>
    /// <param name="lastDay">The last local day of the range, inclusive.</param>
    public static IReadOnlyList<HeatCell> Build(
        IReadOnlyDictionary<int, long> created, IReadOnlyDictionary<int, RollupSums> responses, int firstDay, int lastDay)
    {
        ArgumentNullException.ThrowIfNull(created);
        ArgumentNullException.ThrowIfNull(responses);
        var cells = new List<HeatCell>(7 * 24);
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var days = Enumerable.Range(firstDay, Math.Max(0, lastDay - firstDay + 1)).Where(d => DateOnly.FromDayNumber(d).DayOfWeek == day).ToList();
            for (var hour = 0; hour < 24; hour++)
            {
                long contacts = 0;
                RollupSums answered = default;
                foreach (var d in days)
                {
                    var bucket = (d * 24) + hour;
                    contacts += created.TryGetValue(bucket, out var c) ? c : 0;
                    answered += responses.TryGetValue(bucket, out var r) ? r : default;
                }

                cells.Add(new HeatCell(day, hour, days.Count == 0 ? 0 : (double)contacts / days.Count,
                    answered.Timed == 0 ? null : answered.WallSeconds / answered.Timed, answered.Count));
            }
        }

        return cells;
    }

    /// <summary>
    /// Levels customers may see: among the slots the service is open (<paramref name="isOpen"/>), the quietest third is
    /// "quiet" and the busiest third "busy"; slots the service is closed are left out. Only ranks leave the server.
    /// </summary>
    public static IReadOnlyList<ContactSlot> Levels(IReadOnlyList<HeatCell> cells, Func<DayOfWeek, int, bool> isOpen)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(isOpen);
        var open = cells.Where(c => isOpen(c.Day, c.Hour)).OrderBy(c => c.ContactsPerHour).ThenBy(c => c.Day).ThenBy(c => c.Hour).ToList();
        var third = open.Count / 3;
        return [.. open.Select((c, i) => new ContactSlot(c.Day, c.Hour,
                i < third ? ContactLevel.Quiet : i >= open.Count - third ? ContactLevel.Busy : ContactLevel.Normal))
            .OrderBy(s => s.Day).ThenBy(s => s.Hour)];
    }
}

/// <summary>One hour of staffing advice.</summary>
public sealed record StaffingHour(int Hour, double ArrivalsPerHour, double TrafficErlangs, int AgentsNeeded, int AgentsOnDuty, double? ServiceLevelOnDuty);

public static class StaffingAdvice
{
    /// <summary>Per hour of day: Erlang C agents for <paramref name="serviceLevel"/> of contacts answered within <paramref name="answerTarget"/>, against those on duty.</summary>
    public static IReadOnlyList<StaffingHour> Plan(
        IReadOnlyList<double> arrivalsPerHour, TimeSpan averageHandleTime, TimeSpan answerTarget, double serviceLevel, IReadOnlyList<int> onDuty)
    {
        ArgumentNullException.ThrowIfNull(arrivalsPerHour);
        ArgumentNullException.ThrowIfNull(onDuty);
        if (arrivalsPerHour.Count != 24 || onDuty.Count != 24)
        {
            throw new ArgumentException("Staffing is planned for the 24 hours of a day.");
        }

        return [.. Enumerable.Range(0, 24).Select(hour =>
        {
            var traffic = ErlangC.TrafficIntensity(arrivalsPerHour[hour], averageHandleTime);
            var needed = ErlangC.AgentsNeeded(traffic, averageHandleTime, answerTarget, serviceLevel);
            var duty = onDuty[hour];
            double? level = duty == 0 ? (traffic == 0 ? 1 : 0) : traffic == 0 ? 1 : ErlangC.ServiceLevel(traffic, duty, averageHandleTime, answerTarget);
            return new StaffingHour(hour, arrivalsPerHour[hour], traffic, needed, duty, level);
        })];
    }
}
