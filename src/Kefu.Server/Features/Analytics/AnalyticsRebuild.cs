using Kefu.Domain.Analytics;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Analytics;

/// <summary>
/// <c>kefu analytics rebuild</c>: recomputes every metric fact, ledger and rollup from the stored timelines with the code
/// the live path uses (<see cref="LedgerReplay"/>, <see cref="RollupJob.FoldAsync"/>), so running it twice gives the same
/// figures as running it once. It empties the rollups, replaces each batch of tickets' facts and ledgers in one
/// transaction (the new facts unfolded), then folds them; folding is claimed fact by fact, so a running server's rollup
/// job may fold some of them too. Stop the servers for exact figures: an event written while its ticket's batch is being
/// replaced can be counted twice.
/// </summary>
public sealed class AnalyticsRebuild(IDbContextFactory<KefuDbContext> contextFactory, WorkspaceCatalog catalogs)
{
    public const int TicketsPerBatch = 500;

    /// <summary>Fold rounds in a row that may lose to a running server's rollup job before the rebuild gives up.</summary>
    public const int MaxCollisions = 20;

    public sealed record Result(long Tickets, long Facts, long Rollups);

    /// <param name="workspaceId">One workspace, or every workspace when null.</param>
    /// <param name="ticketsDone">Reports tickets replayed so far out of the total it was first given.</param>
    /// <param name="factsFolded">Reports facts folded so far out of the total it was first given.</param>
    public async Task<Result> RunAsync(Guid? workspaceId, IProgress<(long Done, long Total)>? ticketsDone, IProgress<(long Done, long Total)>? factsFolded, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var tickets = db.Tickets.AsNoTracking().Where(t => workspaceId == null || t.WorkspaceId == workspaceId);
        var total = await tickets.LongCountAsync(cancellationToken);
        // The old facts stay marked folded: they are replaced batch by batch below, and only their replacements are folded.
        await db.MetricRollups.Where(r => workspaceId == null || r.WorkspaceId == workspaceId).ExecuteDeleteAsync(cancellationToken);

        ticketsDone?.Report((0, total));
        long done = 0;
        foreach (var workspace in await tickets.Select(t => t.WorkspaceId).Distinct().ToListAsync(cancellationToken))
        {
            var after = 0L;
            while (true)
            {
                var batch = await tickets.Where(t => t.WorkspaceId == workspace && t.Number > after).OrderBy(t => t.Number).Take(TicketsPerBatch).ToListAsync(cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }

                await ReplaceAsync(db, batch, cancellationToken);
                after = batch[^1].Number;
                done += batch.Count;
                ticketsDone?.Report((done, total));
            }
        }

        var facts = await db.TicketFacts.LongCountAsync(f => !f.RolledUp, cancellationToken);
        factsFolded?.Report((0, facts));
        long folded = 0;
        var collisions = 0;
        while (true)
        {
            int round;
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                round = await RollupJob.FoldAsync(db, RollupJob.MaxFactsPerRound, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException) when (++collisions < MaxCollisions)
            {
                // A running server's rollup job folded some of these facts first; the next round starts afresh.
                continue;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }

            if (round == 0)
            {
                break;
            }

            collisions = 0;
            folded += round;
            factsFolded?.Report((Math.Min(folded, facts), facts));
        }

        var stored = await db.TicketFacts.LongCountAsync(f => workspaceId == null || f.WorkspaceId == workspaceId, cancellationToken);
        var rollups = await db.MetricRollups.LongCountAsync(r => workspaceId == null || r.WorkspaceId == workspaceId, cancellationToken);
        return new Result(done, stored, rollups);
    }

    private async Task ReplaceAsync(KefuDbContext db, List<Ticket> batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(t => t.Id).ToList();
        var timelines = (await db.AuditEvents.AsNoTracking().Where(e => ids.Contains(e.TicketId)).ToListAsync(cancellationToken))
            .ToLookup(e => e.TicketId);
        var customerIds = batch.Select(t => t.CustomerId).Distinct().ToList();
        var tiers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Tier, cancellationToken);
        var rows = new List<object>();
        foreach (var ticket in batch)
        {
            var (ledger, facts) = await LedgerReplay.ReplayAsync(
                catalogs, ticket, tiers.GetValueOrDefault(ticket.CustomerId), timelines[ticket.Id].OrderBy(e => e.Sequence), cancellationToken);
            rows.AddRange(facts);

            // As on the live path, a ledger is kept once something beyond the creation happened.
            if (ledger is not null && facts.Any(f => f.Kind != FactKind.Created))
            {
                rows.Add(ledger);
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.TicketFacts.Where(f => ids.Contains(f.TicketId)).ExecuteDeleteAsync(cancellationToken);
        await db.TicketLedgers.Where(l => ids.Contains(l.TicketId)).ExecuteDeleteAsync(cancellationToken);
        await BatchInserter.InsertAsync(db, rows);
        await transaction.CommitAsync(cancellationToken);
    }
}
