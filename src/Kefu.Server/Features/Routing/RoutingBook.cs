using Kefu.Domain.Routing;
using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Routing;

/// <summary>
/// A workspace's routing table as intake needs it, cached with the rest of the workspace catalog. Null rules mean the
/// workspace has not set up routing: work then stays with its category's team.
/// </summary>
/// <param name="MerchantTeams">Platform mode: the team each merchant staffs itself, which gets its customers' work first.</param>
public sealed record RoutingBook(RoutingRules? Rules, Guid? ArbitrationTeamId, IReadOnlyDictionary<Guid, Guid> MerchantTeams)
{
    public static async Task<RoutingBook> LoadAsync(KefuDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var settings = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId)
            .Select(w => new { w.DefaultTeamId, w.GeneralTeamId, w.ArbitrationTeamId }).FirstAsync(cancellationToken);
        var merchantTeams = (await db.Teams.AsNoTracking().Where(t => t.WorkspaceId == workspaceId && t.MerchantId != null)
                .OrderBy(t => t.Name).Select(t => new { MerchantId = t.MerchantId!.Value, t.Id }).ToListAsync(cancellationToken))
            .DistinctBy(t => t.MerchantId).ToDictionary(t => t.MerchantId, t => t.Id);
        if (settings.DefaultTeamId is not { } defaultTeam)
        {
            return new RoutingBook(null, settings.ArbitrationTeamId, merchantTeams);
        }

        var rules = await db.RoutingRules.AsNoTracking().Where(r => r.WorkspaceId == workspaceId).OrderBy(r => r.Position).Select(r => r.Rule).ToListAsync(cancellationToken);
        return new RoutingBook(new RoutingRules(rules, defaultTeam, settings.GeneralTeamId ?? defaultTeam), settings.ArbitrationTeamId, merchantTeams);
    }
}
