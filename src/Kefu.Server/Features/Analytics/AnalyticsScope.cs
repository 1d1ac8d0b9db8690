using System.Globalization;
using Kefu.Domain.Agents;
using Kefu.Domain.Analytics;
using Kefu.Server.Features.Auth;

namespace Kefu.Server.Features.Analytics;

/// <summary>
/// Whose figures a caller may read: admins and supervisors the whole workspace, or their merchant's if they work for one;
/// every other agent only their own. A restricted caller reads one slice and may not break figures down further.
/// </summary>
public sealed record AnalyticsScope(string Dimension, string Key)
{
    public bool IsWholeWorkspace => Dimension == Dimensions.All;

    public static AnalyticsScope Of(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var lead = caller.Role is AgentRole.Admin or AgentRole.Supervisor;
        return (lead, caller.MerchantId) switch
        {
            (true, null) => new AnalyticsScope(Dimensions.All, ""),
            (true, { } merchant) => new AnalyticsScope(Dimensions.Merchant, merchant.ToString()),
            _ => new AnalyticsScope(Dimensions.Agent, (caller.AgentId ?? Guid.Empty).ToString()),
        };
    }
}

/// <summary>A range of whole local days in the workspace's zone, as rollup buckets.</summary>
public readonly record struct DayRange(DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;

    public int FirstDay => From.DayNumber;
    public int LastDay => To.DayNumber;

    /// <returns>The range, or the problem with the given dates; the default is the 30 days ending today.</returns>
    public static (DayRange Range, string? Problem) Parse(string? from, string? to, DateOnly today)
    {
        static DateOnly? Read(string? text) => text is null ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : DateOnly.MinValue;
        var end = Read(to) ?? today;
        var start = end == DateOnly.MinValue ? DateOnly.MinValue : Read(from) ?? end.AddDays(-29);
        if (start == DateOnly.MinValue || end == DateOnly.MinValue)
        {
            return (default, "from and to are dates as yyyy-MM-dd");
        }

        return end < start || end.DayNumber - start.DayNumber >= MaxDays
            ? (default, $"to must not be before from, and the range at most {MaxDays} days")
            : (new DayRange(start, end), null);
    }
}
