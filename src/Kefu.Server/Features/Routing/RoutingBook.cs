using Kefu.Domain.Csat;
using Kefu.Domain.Routing;
using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Routing;

/// <summary>
/// A workspace's routing table as intake needs it, cached with the rest of the workspace catalog. Null rules mean the
/// workspace has not set up routing: work then stays with its category's team.
/// </summary>
/// <param name="MerchantTeams">Platform mode: the team each merchant staffs itself, which gets its customers' work first.</param>
/// <param name="UrgentLane">Which urgent requests are approved without a supervisor: the workspace's own rules, else the defaults.</param>
/// <param name="HandleTimes">Measured handle times of recently solved tickets, for queue estimates.</param>
public sealed record RoutingBook(
    RoutingRules? Rules, Guid? ArbitrationTeamId, IReadOnlyDictionary<Guid, Guid> MerchantTeams, UrgentLanePolicy UrgentLane, HandleTimes HandleTimes)
{
    /// <summary>Handle times are averaged over tickets solved this long ago at most ...</summary>
    public static readonly TimeSpan HandleTimeWindow = TimeSpan.FromDays(7);

    /// <summary>... and over this many of the latest at most, which keeps the catalog's reload cheap.</summary>
    public const int MaxHandleTimeSamples = 2000;

    /// <summary>The recent handle times of a workspace; what too few samples fall back to is the admin's assumed figure.</summary>
    public static async Task<HandleTimes> MeasureHandleTimesAsync(
        KefuDbContext db, Guid workspaceId, DateTimeOffset since, int maxSamples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var assumedMinutes = await db.QualitySettings.AsNoTracking().Where(q => q.WorkspaceId == workspaceId)
            .Select(q => (double?)q.AverageHandleMinutes).FirstOrDefaultAsync(cancellationToken) ?? QualitySettings.DefaultHandleMinutes;
        var samples = await db.Tickets.AsNoTracking()
            .Where(t => t.WorkspaceId == workspaceId && t.HandleTime != null && t.SolvedAt >= since)
            .OrderByDescending(t => t.SolvedAt).Take(maxSamples)
            .Select(t => new { t.TeamId, t.CategoryId, t.AssigneeId, t.HandleTime })
            .ToListAsync(cancellationToken);
        // The setting only has to be above zero; a figure too small to be a TimeSpan tick is taken as the default.
        var assumed = TimeSpan.FromMinutes(assumedMinutes);
        if (assumed < TimeSpan.FromSeconds(1))
        {
            assumed = TimeSpan.FromMinutes(QualitySettings.DefaultHandleMinutes);
        }

        return new HandleTimes(samples.Select(s => new HandleTimeSample(s.TeamId, s.CategoryId, s.AssigneeId, s.HandleTime!.Value)), assumed);
    }

    public static async Task<RoutingBook> LoadAsync(KefuDbContext db, Guid workspaceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var handleTimes = await MeasureHandleTimesAsync(db, workspaceId, now - HandleTimeWindow, MaxHandleTimeSamples, cancellationToken);
        var settings = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId)
            .Select(w => new { w.DefaultTeamId, w.GeneralTeamId, w.ArbitrationTeamId }).FirstAsync(cancellationToken);
        var merchantTeams = (await db.Teams.AsNoTracking().Where(t => t.WorkspaceId == workspaceId && t.MerchantId != null)
                .OrderBy(t => t.Name).Select(t => new { MerchantId = t.MerchantId!.Value, t.Id }).ToListAsync(cancellationToken))
            .DistinctBy(t => t.MerchantId).ToDictionary(t => t.MerchantId, t => t.Id);
        var lane = await db.UrgentLanes.AsNoTracking().FirstOrDefaultAsync(l => l.WorkspaceId == workspaceId, cancellationToken);
        var urgentLane = lane is null ? UrgentLanePolicy.Defaults : new UrgentLanePolicy(lane.Rules);
        if (settings.DefaultTeamId is not { } defaultTeam)
        {
            return new RoutingBook(null, settings.ArbitrationTeamId, merchantTeams, urgentLane, handleTimes);
        }

        var rules = await db.RoutingRules.AsNoTracking().Where(r => r.WorkspaceId == workspaceId).OrderBy(r => r.Position).Select(r => r.Rule).ToListAsync(cancellationToken);
        return new RoutingBook(new RoutingRules(rules, defaultTeam, settings.GeneralTeamId ?? defaultTeam), settings.ArbitrationTeamId, merchantTeams, urgentLane, handleTimes);
    }
}
