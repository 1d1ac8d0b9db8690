using Kefu.Domain.Analytics;
using Kefu.Persistence;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Analytics;

/// <summary>
/// Folds new facts into <see cref="MetricRollup"/> every <see cref="Every"/>, so the write path pays one insert per fact
/// and reports read sums. Each round is one write through the group committer: it marks the facts rolled up only where
/// they were not already (so two nodes cannot count a fact twice) and adds their sums to the rows; two nodes creating the
/// same new row collide on its key, and the loser's round is rolled back and retried.
/// </summary>
public sealed partial class RollupJob(GroupCommitter writer, TimeProvider time, ILogger<RollupJob> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);
    public const int MaxFactsPerRound = 5000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var folded = await writer.ExecuteAsync(scope => FoldAsync(scope.Db, MaxFactsPerRound, scope.CancellationToken), stoppingToken);
                if (folded < MaxFactsPerRound)
                {
                    await Task.Delay(Every, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRoundFailed(logger, ex);
                await Task.Delay(Every, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <returns>How many facts were folded in.</returns>
    public static async Task<int> FoldAsync(KefuDbContext db, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var facts = await db.TicketFacts.AsNoTracking().Where(f => !f.RolledUp).OrderBy(f => f.Id).Take(take).ToListAsync(cancellationToken);
        if (facts.Count == 0)
        {
            return 0;
        }

        var ids = facts.Select(f => f.Id).ToList();
        var marked = await db.TicketFacts.Where(f => ids.Contains(f.Id) && !f.RolledUp).ExecuteUpdateAsync(s => s.SetProperty(f => f.RolledUp, true), cancellationToken);
        if (marked != facts.Count)
        {
            throw new DbUpdateConcurrencyException("Another node folded some of these facts in the meantime; the next round starts afresh.");
        }

        var sums = new Dictionary<RollupKey, RollupSums>();
        foreach (var fact in facts)
        {
            MetricRollup.Accumulate(sums, fact);
        }

        // The rows these sums go into, read with two range queries (days, and hours) over the round's workspaces.
        var workspaces = sums.Keys.Select(k => k.WorkspaceId).Distinct().ToList();
        var days = sums.Keys.Where(k => k.Dimension != Dimensions.Hourly).Select(k => k.Bucket).DefaultIfEmpty().ToList();
        var hours = sums.Keys.Where(k => k.Dimension == Dimensions.Hourly).Select(k => k.Bucket).DefaultIfEmpty().ToList();
        var (firstDay, lastDay, firstHour, lastHour) = (days.Min(), days.Max(), hours.Min(), hours.Max());
        var existing = await db.MetricRollups
            .Where(r => workspaces.Contains(r.WorkspaceId) && (r.Dimension == Dimensions.Hourly
                ? r.Bucket >= firstHour && r.Bucket <= lastHour
                : r.Bucket >= firstDay && r.Bucket <= lastDay))
            .ToDictionaryAsync(r => new RollupKey(r.WorkspaceId, r.Dimension, r.Key, r.Kind, r.Bucket), cancellationToken);
        foreach (var (key, add) in sums)
        {
            if (!existing.TryGetValue(key, out var row))
            {
                row = new MetricRollup { WorkspaceId = key.WorkspaceId, Dimension = key.Dimension, Key = key.Key, Kind = key.Kind, Bucket = key.Bucket };
                db.MetricRollups.Add(row);
            }

            row.Count += add.Count;
            row.Timed += add.Timed;
            row.WallSeconds += add.WallSeconds;
            row.BusinessSeconds += add.BusinessSeconds;
            row.Targeted += add.Targeted;
            row.Met += add.Met;
            row.Flagged += add.Flagged;
            row.ValueSum += add.ValueSum;
        }

        return facts.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A metric rollup round failed; retrying shortly")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
