using System.Collections.Frozen;
using Kefu.Domain.Sla;
using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Sla;

/// <summary>
/// A workspace's SLA setup as the write path needs it: policies in the order they are tried, the escalation ladder,
/// and every calendar a policy or clock may name. Cached with the rest of the workspace catalog.
/// </summary>
public sealed record SlaBook(
    IReadOnlyList<SlaPolicy> Policies,
    IReadOnlyList<EscalationRule> Ladder,
    IReadOnlyDictionary<string, BusinessCalendar> WorkspaceCalendars)
{
    public const string DefaultCalendarKey = "cn-2026";

    private static readonly FrozenDictionary<string, BusinessCalendar> BuiltIns = BusinessCalendarData.BuiltInNames
        .ToDictionary(name => name, name => BusinessCalendarData.LoadBuiltIn(name).Calendar, StringComparer.Ordinal)
        .Append(KeyValuePair.Create(TicketClock.WallClockKey, BusinessCalendar.AlwaysOpen))
        .ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsBuiltIn(string key) => BuiltIns.ContainsKey(key);

    public static IReadOnlyCollection<string> BuiltInKeys => BusinessCalendarData.BuiltInNames;

    public bool HasCalendar(string key) => BuiltIns.ContainsKey(key) || WorkspaceCalendars.ContainsKey(key);

    /// <summary>
    /// The calendar a clock counts on. A clock outlives edits of its calendar, but never its deletion: the admin API
    /// refuses to delete a calendar a policy uses, and a clock whose calendar vanished anyway counts on the wall clock,
    /// which can only make a deadline earlier, never silently later.
    /// </summary>
    public BusinessCalendar Calendar(string? key) =>
        key is not null && (WorkspaceCalendars.TryGetValue(key, out var own) || BuiltIns.TryGetValue(key, out own))
            ? own
            : BusinessCalendar.AlwaysOpen;

    public static async Task<SlaBook> LoadAsync(KefuDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var policies = await db.SlaPolicies.AsNoTracking().Where(p => p.WorkspaceId == workspaceId && p.IsActive)
            .OrderBy(p => p.Position).ToListAsync(cancellationToken);
        var ladder = await db.EscalationRules.AsNoTracking().Where(r => r.WorkspaceId == workspaceId)
            .OrderBy(r => r.Position).ToListAsync(cancellationToken);
        var calendars = await db.WorkspaceCalendars.AsNoTracking().Where(c => c.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        return new SlaBook(
            policies,
            ladder.Count == 0 ? EscalationLadder.Defaults(workspaceId) : ladder,
            calendars.ToDictionary(c => c.Key, c => BusinessCalendarData.Parse(c.Definition).Calendar, StringComparer.Ordinal));
    }
}
