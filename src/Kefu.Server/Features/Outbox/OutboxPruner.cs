using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Outbox;

/// <summary>How long delivered outbox rows are kept and how the pruner deletes them, from the "Outbox" configuration section.</summary>
public sealed record OutboxRetention(TimeSpan KeepDelivered, TimeSpan Interval, int BatchSize)
{
    public static OutboxRetention From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Outbox");
        return new OutboxRetention(
            TimeSpan.FromDays(section.GetValue("RetentionDays", 30)),
            section.GetValue("PruneInterval", TimeSpan.FromHours(1)),
            section.GetValue("PruneBatchSize", 1_000));
    }
}

/// <summary>
/// Deletes delivered outbox rows, and the webhook attempts logged for them, once they are older than the retention, a
/// batch per statement so no statement holds many locks for long. Rows not delivered (still due, or dead-lettered)
/// and their attempts are kept for an admin to look at. Deleting is idempotent, so every node may run this: two nodes
/// deleting the same rows at once only find fewer to delete.
/// </summary>
public sealed partial class OutboxPruner(
    IDbContextFactory<KefuDbContext> contextFactory,
    OutboxRetention retention,
    TimeProvider time,
    ILogger<OutboxPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pruned = await PruneOnceAsync(stoppingToken);
                if (pruned > 0)
                {
                    LogPruned(logger, pruned);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be restarting; what was not deleted now is deleted on the next round.
                LogPruneFailed(logger, ex);
            }

            await Task.Delay(retention.Interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <returns>How many outbox rows were deleted.</returns>
    internal async Task<int> PruneOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - retention.KeepDelivered;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        // An attempt stays while its delivery is still in the outbox undelivered (due again, or dead-lettered).
        int deleted;
        do
        {
            var attempts = db.WebhookAttempts
                .Where(a => a.AttemptedAt < cutoff && !db.OutboxMessages.Any(m => m.Id == a.DeliveryId && m.DeliveredAt == null))
                .Select(a => a.Id)
                .Take(retention.BatchSize);
            deleted = await db.WebhookAttempts.Where(a => attempts.Contains(a.Id)).ExecuteDeleteAsync(cancellationToken);
        }
        while (deleted == retention.BatchSize);

        var total = 0;
        do
        {
            var delivered = db.OutboxMessages
                .Where(m => m.DeliveredAt != null && m.DeliveredAt < cutoff)
                .Select(m => m.Id)
                .Take(retention.BatchSize);
            deleted = await db.OutboxMessages.Where(m => delivered.Contains(m.Id) && m.DeliveredAt != null).ExecuteDeleteAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == retention.BatchSize);

        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Count} delivered outbox rows past their retention")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning the outbox failed; trying again on the next round")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
