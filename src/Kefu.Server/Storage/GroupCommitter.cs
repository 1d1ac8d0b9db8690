using System.Threading.Channels;
using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Storage;

/// <summary>
/// The write path. Concurrent writes queue here and are committed together in one transaction
/// (group commit): every caller is answered only after the commit that holds its data is durable,
/// but many callers share one fsync. Each write runs inside its own savepoint, so one failing write
/// is rolled back alone and the rest of its batch still commits.
/// </summary>
public sealed partial class GroupCommitter(
    IDbContextFactory<KefuDbContext> contextFactory,
    ILogger<GroupCommitter> logger) : BackgroundService
{
    private const int MaxBatch = 512;
    private const string Savepoint = "kefu_write";

    private readonly Channel<PendingWrite> _queue = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(20_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>
    /// Runs <paramref name="write"/> in the next batch and returns its result once that batch is committed.
    /// The write adds or changes entities on the given context; it must not call SaveChanges or open transactions.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<KefuDbContext, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite<T>(write);
        await _queue.Writer.WriteAsync(pending, cancellationToken);

        // Once queued the write is committed or failed as a whole, whether or not the caller still waits.
        return await pending.Completion.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingWrite>(MaxBatch);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                await CommitBatchAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown: finish what was already accepted so no caller is left hanging.
            while (reader.TryRead(out var item))
            {
                batch.Add(item);
                if (batch.Count == MaxBatch)
                {
                    await CommitBatchAsync(batch);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await CommitBatchAsync(batch);
            }
        }
    }

    private async Task CommitBatchAsync(List<PendingWrite> batch)
    {
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync();
            db.Database.AutoSavepointsEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync();
            foreach (var write in batch)
            {
                await RunOneAsync(db, transaction, write);
            }

            await transaction.CommitAsync();
        }
        catch (Exception ex)
        {
            LogBatchFailed(logger, ex, batch.Count);
            foreach (var write in batch)
            {
                write.Fail(ex);
            }

            return;
        }

        foreach (var write in batch)
        {
            write.Publish();
        }
    }

    private static async Task RunOneAsync(KefuDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, PendingWrite write)
    {
        // A unique-key race (another node created the same customer, or the same idempotency key) is
        // resolved by running the write once more: it then finds the row the other writer committed.
        for (var attempt = 1; ; attempt++)
        {
            await transaction.CreateSavepointAsync(Savepoint);
            try
            {
                if (await write.RunAsync(db))
                {
                    await db.SaveChangesAsync();
                    await transaction.ReleaseSavepointAsync(Savepoint);
                }
                else
                {
                    await transaction.RollbackToSavepointAsync(Savepoint);
                    await transaction.ReleaseSavepointAsync(Savepoint);
                }

                return;
            }
            catch (DbUpdateException ex) when (attempt == 1 && ex is not DbUpdateConcurrencyException)
            {
                await transaction.RollbackToSavepointAsync(Savepoint);
                await transaction.ReleaseSavepointAsync(Savepoint);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await transaction.RollbackToSavepointAsync(Savepoint);
                await transaction.ReleaseSavepointAsync(Savepoint);
                write.SetError(ex);
                return;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A write batch of {Count} failed to commit; every write in it was rejected")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    private abstract class PendingWrite
    {
        /// <returns>Whether the write's changes are to be kept.</returns>
        public abstract Task<bool> RunAsync(KefuDbContext db);

        public abstract void SetError(Exception error);

        public abstract void Fail(Exception error);

        public abstract void Publish();
    }

    private sealed class PendingWrite<T>(Func<KefuDbContext, CancellationToken, Task<T>> write) : PendingWrite
    {
        private T? _result;
        private Exception? _error;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<bool> RunAsync(KefuDbContext db)
        {
            _error = null;
            _result = await write(db, CancellationToken.None);
            return _result is not IWriteOutcome { KeepsChanges: false };
        }

        public override void SetError(Exception error) => _error = error;

        public override void Fail(Exception error) => Completion.TrySetException(_error ?? error);

        public override void Publish()
        {
            if (_error is not null)
            {
                Completion.TrySetException(_error);
            }
            else
            {
                Completion.TrySetResult(_result!);
            }
        }
    }
}

/// <summary>A write result that can say "rejected": whatever the write changed before deciding so is then discarded.</summary>
public interface IWriteOutcome
{
    bool KeepsChanges { get; }
}
