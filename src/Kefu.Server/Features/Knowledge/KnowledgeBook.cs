using Kefu.Domain.Knowledge;
using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Kefu.Server.Features.Knowledge;

/// <summary>A published public entry as customers may see it.</summary>
public sealed record PublicEntry(Guid Id, KnowledgeKind Kind, string Locale, Guid? CategoryId, string Title, IReadOnlyList<string> Phrasings, string Body, DateTimeOffset UpdatedAt);

/// <summary>What customers may see of one workspace's knowledge base in one locale, with a matcher over its FAQ and one over its articles.</summary>
public sealed record PublicShelf(IReadOnlyDictionary<Guid, PublicEntry> Entries, FaqMatcher Faqs, FaqMatcher Everything);

/// <summary>
/// Published public entries per workspace and locale, cached briefly: the bot matches every customer message of a held
/// ticket against them, so a read per message would be the bot's whole cost. A write on this node drops the cache at
/// once; other nodes see it within <see cref="CacheFor"/>.
/// </summary>
public sealed class KnowledgeBook(IDbContextFactory<KefuDbContext> contextFactory, IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);

    public async Task<PublicShelf> GetAsync(Guid workspaceId, string locale, CancellationToken cancellationToken) =>
        (await cache.GetOrCreateAsync(Key(workspaceId, locale), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var rows = await db.KnowledgeEntries.AsNoTracking()
                .Where(e => e.WorkspaceId == workspaceId && e.Locale == locale && e.Status == KnowledgeStatus.Published && e.Visibility == KnowledgeVisibility.Public)
                .ToListAsync(cancellationToken);
            var entries = rows.Select(e => new PublicEntry(e.Id, e.Kind, e.Locale, e.CategoryId, e.Title, e.Phrasings, e.Body, e.UpdatedAt)).ToDictionary(e => e.Id);
            return new PublicShelf(
                entries,
                new FaqMatcher(entries.Values.Where(e => e.Kind == KnowledgeKind.Faq).Select(e => new MatchableEntry(e.Id, e.Title, e.Phrasings))),
                new FaqMatcher(entries.Values.Select(e => new MatchableEntry(e.Id, e.Title, e.Phrasings, e.Body))));
        }))!;

    public void Invalidate(Guid workspaceId)
    {
        foreach (var locale in KnowledgeLocales.All)
        {
            cache.Remove(Key(workspaceId, locale));
        }
    }

    private static string Key(Guid workspaceId, string locale) => $"knowledge:{workspaceId:N}:{locale}";
}
