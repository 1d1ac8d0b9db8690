using System.Security.Cryptography;
using Kefu.Domain.Outbox;
using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Outbox;

/// <summary>
/// Sends what the outbox holds, after the writes that put it there committed. Rows are claimed with a conditional
/// UPDATE that names this run and a lease: on PostgreSQL a second node's UPDATE re-checks the condition on the row
/// the first one changed and skips it, so several nodes share the backlog and each row goes out once per lease; a
/// node that dies mid-delivery loses its lease and another node sends the row again (at least once).
/// Failures are retried with exponential back-off and jitter, then dead-lettered for an admin to look at.
/// </summary>
public sealed partial class OutboxDeliverer(
    IDbContextFactory<KefuDbContext> contextFactory,
    IEnumerable<IOutboxDelivery> deliveries,
    OutboxSignal signal,
    OutboxSettings settings,
    TimeProvider time,
    ILogger<OutboxDeliverer> logger) : BackgroundService
{
    // A later registration for a kind replaces an earlier one (a host, or a test, may swap a channel's sender).
    private readonly Dictionary<string, IOutboxDelivery> _byKind = deliveries.GroupBy(d => d.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_byKind.Count == 0)
        {
            return;
        }

        var kinds = _byKind.Keys.ToArray();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var delivered = await RunOnceAsync(kinds, stoppingToken);
                if (delivered == 0)
                {
                    await signal.WaitAsync(settings.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be restarting; the rows are safe there, so try again shortly.
                LogDelivererFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <returns>How many rows this run claimed.</returns>
    internal async Task<int> RunOnceAsync(IReadOnlyCollection<string> kinds, CancellationToken cancellationToken)
    {
        var claim = Guid.CreateVersion7(time.GetUtcNow());
        var claimed = await ClaimAsync(claim, kinds, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        try
        {
            await Parallel.ForEachAsync(
                claimed,
                new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
                (message, ct) => new ValueTask(DeliverAsync(claim, message, ct)));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: hand back what was not sent yet, so the next start (or another node) need not wait out the lease.
            await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
            await db.OutboxMessages.Where(m => m.ClaimedBy == claim && m.DeliveredAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
            throw;
        }

        return claimed.Count;
    }

    private async Task<List<OutboxMessage>> ClaimAsync(Guid claim, IReadOnlyCollection<string> kinds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + settings.ClaimFor;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var due = db.OutboxMessages
            .Where(m => m.DeliveredAt == null && m.DeadLetteredAt == null && m.NextAttemptAt <= now && kinds.Contains(m.Kind)
                && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.NextAttemptAt)
            .Take(settings.BatchSize)
            .Select(m => m.Id);

        // The claim condition is repeated on the updated rows themselves (not only in the sub-query): that is what
        // PostgreSQL re-checks when another node changed a row first.
        var count = await db.OutboxMessages
            .Where(m => due.Contains(m.Id) && m.DeliveredAt == null && m.DeadLetteredAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, claim).SetProperty(m => m.ClaimedUntil, until), cancellationToken);
        return count == 0 ? [] : await db.OutboxMessages.AsNoTracking().Where(m => m.ClaimedBy == claim).ToListAsync(cancellationToken);
    }

    private async Task DeliverAsync(Guid claim, OutboxMessage message, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            await _byKind[message.Kind].DeliverAsync(message, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        var now = time.GetUtcNow();
        var attempts = message.Attempts + 1;
        await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
        var mine = db.OutboxMessages.Where(m => m.Id == message.Id && m.ClaimedBy == claim);
        if (failure is null)
        {
            await mine.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.DeliveredAt, now).SetProperty(m => m.Attempts, attempts).SetProperty(m => m.LastError, (string?)null)
                .SetProperty(m => m.ClaimedBy, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
            return;
        }

        var error = Describe(failure);
        var next = failure is PermanentDeliveryException ? null : settings.Retry.NextAttempt(attempts, now, Jitter());
        if (next is { } at)
        {
            LogDeliveryFailed(logger, message.Kind, message.Id, attempts, at, error);
            await mine.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts).SetProperty(m => m.NextAttemptAt, at).SetProperty(m => m.LastError, error)
                .SetProperty(m => m.ClaimedBy, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
        }
        else
        {
            LogDeadLettered(logger, message.Kind, message.Id, attempts, error);
            await mine.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts).SetProperty(m => m.DeadLetteredAt, now).SetProperty(m => m.LastError, error)
                .SetProperty(m => m.ClaimedBy, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
        }
    }

    private static string Describe(Exception failure)
    {
        var text = failure.GetType().Name + ": " + failure.Message;
        return text.Length <= OutboxMessage.MaxErrorLength ? text : text[..OutboxMessage.MaxErrorLength];
    }

    private static double Jitter() => RandomNumberGenerator.GetInt32(1_000_000) / 1_000_000d;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox deliverer failed; retrying shortly")]
    private static partial void LogDelivererFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox {Kind} message {Id} failed (attempt {Attempts}); next attempt at {NextAttemptAt}: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string kind, Guid id, int attempts, DateTimeOffset nextAttemptAt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox {Kind} message {Id} dead-lettered after {Attempts} attempts: {Error}")]
    private static partial void LogDeadLettered(ILogger logger, string kind, Guid id, int attempts, string error);
}
