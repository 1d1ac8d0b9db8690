using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Routing;
using Kefu.Server.Features.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Kefu.Server.Features.Workspaces;

/// <summary>
/// The slowly changing reference data intake checks against (categories, merchants, SLA policies and calendars), cached per
/// workspace so that thousands of intake requests a second do not each read it. Admin changes call
/// <see cref="Invalidate"/>; other nodes see them within <see cref="CacheFor"/>.
/// </summary>
public sealed class WorkspaceCatalog(IDbContextFactory<KefuDbContext> contextFactory, IMemoryCache cache, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);

    public async Task<CatalogSnapshot> GetAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var snapshot = await cache.GetOrCreateAsync(Key(workspaceId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var categories = await db.Categories.AsNoTracking().Where(c => c.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
            var merchants = await db.Merchants.AsNoTracking().Where(m => m.WorkspaceId == workspaceId).Select(m => m.Id).ToListAsync(cancellationToken);
            var zone = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.TimeZone).FirstAsync(cancellationToken);
            return new CatalogSnapshot(
                TimeZoneInfo.FindSystemTimeZoneById(zone),
                categories.ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase),
                categories.ToDictionary(c => c.Id),
                merchants.ToHashSet(),
                await SlaBook.LoadAsync(db, workspaceId, cancellationToken),
                await RoutingBook.LoadAsync(db, workspaceId, time.GetUtcNow(), cancellationToken));
        });
        return snapshot!;
    }

    public void Invalidate(Guid workspaceId) => cache.Remove(Key(workspaceId));

    private static string Key(Guid workspaceId) => "catalog:" + workspaceId;
}

public sealed record CatalogSnapshot(
    TimeZoneInfo TimeZone,
    IReadOnlyDictionary<string, Category> CategoriesByCode,
    IReadOnlyDictionary<Guid, Category> CategoriesById,
    IReadOnlySet<Guid> MerchantIds,
    SlaBook Sla,
    RoutingBook Routing)
{
    public bool IsActiveCategory(string code) => CategoriesByCode.TryGetValue(code, out var c) && c.IsActive;

    public string? CategoryCode(Guid? id) => id is { } value && CategoriesById.TryGetValue(value, out var c) ? c.Code : null;
}
