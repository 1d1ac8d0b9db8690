using Kefu.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Kefu.Server.Features.Webhooks;

/// <summary>An active endpoint and the events it wants.</summary>
public sealed record Subscription(Guid EndpointId, IReadOnlyList<string> Events);

/// <summary>
/// Which endpoints of a workspace want which events, cached per node like the workspace catalog, so the write path
/// asks the database at most once per workspace per <see cref="CacheFor"/>. A change on this node is seen at once;
/// another node sees it within the cache time.
/// </summary>
public sealed class WebhookSubscriptions(IDbContextFactory<KefuDbContext> contextFactory, IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);

    public async Task<IReadOnlyList<Subscription>> GetAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(Key(workspaceId), out IReadOnlyList<Subscription>? known) && known is not null)
        {
            return known;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.WebhookEndpoints.AsNoTracking().Where(e => e.WorkspaceId == workspaceId && e.IsActive)
            .Select(e => new { e.Id, e.Events }).ToListAsync(cancellationToken);
        IReadOnlyList<Subscription> found = [.. rows.Select(r => new Subscription(r.Id, r.Events))];
        cache.Set(Key(workspaceId), found, CacheFor);
        return found;
    }

    public void Invalidate(Guid workspaceId) => cache.Remove(Key(workspaceId));

    private static string Key(Guid workspaceId) => "webhook-subscriptions:" + workspaceId;
}

/// <summary>Endpoint secrets: random, shown once, kept protected by the host's data-protection key ring because signing needs them back.</summary>
public sealed class WebhookSecrets(IDataProtectionProvider protection)
{
    public const string Prefix = "whsec_";
    private const string Purpose = "Kefu.Webhooks.Secret.v1";

    private IDataProtector Protector => protection.CreateProtector(Purpose);

    public (string Secret, string Protected, string DisplayPrefix) Create()
    {
        var secret = Auth.Secrets.NewSecret(Prefix);
        return (secret, Protector.Protect(secret), secret[..12]);
    }

    public string Reveal(string protectedSecret) => Protector.Unprotect(protectedSecret);
}
