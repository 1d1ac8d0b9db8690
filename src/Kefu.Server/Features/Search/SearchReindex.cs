using System.Linq.Expressions;
using Kefu.Domain.Search;
using Kefu.Persistence;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Search;

/// <summary>
/// `kefu search reindex`: rebuilds the search entries of every ticket, message and customer from the data, for a
/// database written before the index existed (or after a bulk import that bypassed the write path). Runs in pages
/// by key with one transaction each, so memory stays flat and a large database shows steady progress.
/// </summary>
public sealed class SearchReindex(IDbContextFactory<KefuDbContext> contexts, TimeProvider time)
{
    public const int PageSize = 2_000;

    public sealed record Totals(int Tickets, int Messages, int Customers)
    {
        public int All => Tickets + Messages + Customers;
    }

    public async Task<Totals> CountAsync(Guid? workspaceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return new Totals(
            await db.Tickets.CountAsync(t => workspaceId == null || t.WorkspaceId == workspaceId, cancellationToken),
            await db.Messages.CountAsync(m => m.TicketId != null && (workspaceId == null || m.WorkspaceId == workspaceId), cancellationToken),
            await db.Customers.CountAsync(c => workspaceId == null || c.WorkspaceId == workspaceId, cancellationToken));
    }

    /// <summary>Replaces the entries of tickets, messages and customers; articles and other kinds are left alone.</summary>
    public async Task RunAsync(Guid? workspaceId, IProgress<int> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var now = time.GetUtcNow();
        string[] kinds = [SearchKinds.Ticket, SearchKinds.Message, SearchKinds.Customer];
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await db.SearchEntries.Where(e => kinds.Contains(e.Kind) && (workspaceId == null || e.WorkspaceId == workspaceId)).ExecuteDeleteAsync(cancellationToken);
        }

        var done = 0;
        await PagesAsync(db => db.Tickets.Where(t => workspaceId == null || t.WorkspaceId == workspaceId), t => t.Id,
            (_, page) => Task.FromResult(page.Select(t => SearchIndexer.ForTicket(t, now))), Report, cancellationToken);
        await PagesAsync(db => db.Messages.Where(m => m.TicketId != null && (workspaceId == null || m.WorkspaceId == workspaceId)), m => m.Id,
            (_, page) => Task.FromResult(page.Select(m => SearchIndexer.ForMessage(m, now))), Report, cancellationToken);
        await PagesAsync(db => db.Customers.Where(c => workspaceId == null || c.WorkspaceId == workspaceId), c => c.Id,
            async (db, page) =>
            {
                var ids = page.Select(c => c.Id).ToList();
                var identities = await db.CustomerIdentities.AsNoTracking().Where(i => ids.Contains(i.CustomerId)).ToListAsync(cancellationToken);
                return page.Select(c => SearchIndexer.ForCustomer(c, identities.Where(i => i.CustomerId == c.Id).Select(i => (i.Kind, i.Handle)), now));
            }, Report, cancellationToken);

        void Report(int count) => progress.Report(done += count);
    }

    private async Task PagesAsync<T>(
        Func<KefuDbContext, IQueryable<T>> source, Expression<Func<T, Guid>> key,
        Func<KefuDbContext, List<T>, Task<IEnumerable<SearchEntry>>> entries, Action<int> report, CancellationToken cancellationToken)
        where T : class
    {
        var keyOf = key.Compile();
        Guid? after = null;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var query = source(db).AsNoTracking();
            if (after is { } last)
            {
                query = query.Where(AfterKey(key, last));
            }

            var page = await query.OrderBy(key).Take(PageSize).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                return;
            }

            var rows = (await entries(db, page)).ToList<object>();
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                await BatchInserter.InsertAsync(db, rows);
                await transaction.CommitAsync(cancellationToken);
            }

            after = keyOf(page[^1]);
            report(page.Count);
        }
    }

    /// <summary>key(x).CompareTo(last) &gt; 0, which EF translates to key &gt; last on both providers.</summary>
    private static Expression<Func<T, bool>> AfterKey<T>(Expression<Func<T, Guid>> key, Guid last)
    {
        var compare = Expression.Call(key.Body, typeof(Guid).GetMethod(nameof(Guid.CompareTo), [typeof(Guid)])!, Expression.Constant(last));
        return Expression.Lambda<Func<T, bool>>(Expression.GreaterThan(compare, Expression.Constant(0)), key.Parameters);
    }
}
