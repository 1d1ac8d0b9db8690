using Kefu.Domain.Bot;
using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Kefu.Server.Features.Bot;

/// <summary>Each workspace's bot settings, cached briefly: the bot's follower asks for them in every batch with a chat message.</summary>
public sealed class BotSettingsBook(IDbContextFactory<KefuDbContext> contextFactory, IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);

    public async Task<BotSettings> GetAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        (await cache.GetOrCreateAsync($"bot-settings:{workspaceId:N}", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            return await db.BotSettings.AsNoTracking().FirstOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken) ?? BotSettings.Off(workspaceId);
        }))!;

    public void Invalidate(Guid workspaceId) => cache.Remove($"bot-settings:{workspaceId:N}");
}
