namespace Kefu.Domain.Routing;

/// <summary>
/// Who is served first: approved urgent (加急) items, then higher VIP levels, then whoever has waited longest. The item id
/// breaks exact ties so every node sorts a queue the same way.
/// </summary>
public sealed class QueueOrder : IComparer<WorkItem>
{
    public static QueueOrder Instance { get; } = new();

    private QueueOrder()
    {
    }

    public int Compare(WorkItem? x, WorkItem? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? 1 : -1;
        }

        var byUrgency = y.Urgent.CompareTo(x.Urgent);
        if (byUrgency != 0)
        {
            return byUrgency;
        }

        var byVip = y.VipLevel.CompareTo(x.VipLevel);
        if (byVip != 0)
        {
            return byVip;
        }

        var byWait = x.WaitingSince.CompareTo(y.WaitingSince);
        return byWait != 0 ? byWait : x.Id.CompareTo(y.Id);
    }

    /// <summary>The items in serving order.</summary>
    public static IReadOnlyList<WorkItem> Sort(IEnumerable<WorkItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var sorted = items.ToList();
        sorted.Sort(Instance);
        return sorted;
    }
}
