namespace Kefu.Domain.Routing;

/// <summary>One waiting item's place in its team's queue (1 = next) and its expected wait.</summary>
public sealed record QueuePosition(WorkItem Item, int Position, WaitEstimate Estimate);

/// <summary>
/// Live queue positions and expected waits. The estimate, deliberately simple and stated here so it can be checked:
/// <list type="bullet">
/// <item>S = the slots of the team's online members for the item's kind (the sum of their capacities), F = the slots of
/// those free now, H = the recent average handle time. With every slot busy, an item finishes about every H / S.</item>
/// <item>The item at position p (1 = next, counted among items of its kind in <see cref="QueueOrder"/>) waits
/// max(0, p − F) × H / S of the team's working time: the first F take the free slots, the rest wait their turn.</item>
/// <item>When the team is off duty: nobody serves before its next opening X, so the answer is "after X", with
/// max(0, p − R) × H / R after it, where R is the slots of all members (all of them coming on duty, every slot free).</item>
/// <item>When the team is on duty but nobody is online, or it never opens again: unknown.</item>
/// </list>
/// It assumes handle times vary like independent random durations (then H / S is exact on average), nobody joins or
/// leaves, and nothing jumps the queue; an urgent or VIP arrival moves everyone behind it back one place.
/// </summary>
public static class QueueEstimate
{
    /// <summary>The mean of recent handle times (e.g. the last hour's finished chats), or <paramref name="fallback"/> when there are none.</summary>
    public static TimeSpan RecentAverageHandleTime(IEnumerable<TimeSpan> recent, TimeSpan fallback)
    {
        ArgumentNullException.ThrowIfNull(recent);
        long total = 0, count = 0;
        foreach (var duration in recent)
        {
            total += duration.Ticks;
            count++;
        }

        return count == 0 ? fallback : TimeSpan.FromTicks(total / count);
    }

    /// <summary>Every waiting item of the team in serving order, numbered per kind, with its expected wait.</summary>
    public static IReadOnlyList<QueuePosition> Positions(
        TeamRouting team, IEnumerable<WorkItem> waiting, AgentBoard board, TimeSpan averageHandleTime, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(team);
        var sorted = QueueOrder.Sort(waiting);
        var positions = new List<QueuePosition>(sorted.Count);
        var perKind = new Dictionary<WorkKind, int>();
        foreach (var item in sorted)
        {
            var position = perKind[item.Kind] = perKind.GetValueOrDefault(item.Kind) + 1;
            positions.Add(new QueuePosition(item, position, ForPosition(team, item.Kind, position, board, averageHandleTime, now)));
        }

        return positions;
    }

    /// <summary>The expected wait of the item at <paramref name="position"/> (1 = next) among the team's waiting items of <paramref name="kind"/>.</summary>
    public static WaitEstimate ForPosition(
        TeamRouting team, WorkKind kind, int position, AgentBoard board, TimeSpan averageHandleTime, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(board);
        ArgumentOutOfRangeException.ThrowIfLessThan(position, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(averageHandleTime, TimeSpan.Zero);

        int serving = 0, free = 0, rostered = 0;
        foreach (var memberId in team.MemberIds)
        {
            if (board.Find(memberId) is not { } agent)
            {
                continue;
            }

            var capacity = agent.Capacity.For(kind);
            rostered += capacity;
            if (agent.Availability == AgentAvailability.Online)
            {
                serving += capacity;
                free += Math.Max(0, capacity - agent.Load.For(kind));
            }
        }

        var calendar = team.Calendar;
        if (calendar.IsOpen(now))
        {
            return serving == 0 ? WaitEstimate.Unknown : KnownWait(Turns(position, free, serving, averageHandleTime));
        }

        if (calendar.NextOpening(now) is not { } opensAt)
        {
            return WaitEstimate.Unknown;
        }

        if (rostered == 0)
        {
            return WaitEstimate.AfterOpening(opensAt, null, null);
        }

        var afterOpening = Turns(position, rostered, rostered, averageHandleTime);
        return WaitEstimate.AfterOpening(opensAt, afterOpening, WorkingTimeFrom(opensAt, afterOpening));

        WaitEstimate KnownWait(TimeSpan wait) => WorkingTimeFrom(now, wait) is { } expected ? WaitEstimate.Known(wait, expected) : WaitEstimate.Unknown;

        DateTimeOffset? WorkingTimeFrom(DateTimeOffset start, TimeSpan wait)
        {
            try
            {
                return calendar.AddBusinessTime(start, wait);
            }
            catch (InvalidOperationException)
            {
                // The calendar's hours run out (a calendar of dated makeup days only): there is no moment to promise.
                return null;
            }
        }
    }

    private static TimeSpan Turns(int position, int freeSlots, int slots, TimeSpan averageHandleTime) =>
        TimeSpan.FromTicks(averageHandleTime.Ticks * Math.Max(0, position - freeSlots) / slots);
}
