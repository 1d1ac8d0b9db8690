using System.Threading.Channels;
using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kefu.Server.Storage;

/// <summary>
/// The write path. Concurrent writes queue here and are committed together (group commit): one
/// transaction, one SaveChanges and one fsync for the whole batch, and every caller is answered only
/// after the commit that holds its data is durable.
/// If anything in a batch fails or a write rejects its request, the batch is rolled back and replayed
/// with a savepoint per write, so one bad write fails alone and the others still commit.
/// </summary>
public sealed partial class GroupCommitter(
    IDbContextFactory<KefuDbContext> contextFactory,
    IEnumerable<IWriteFollower> followers,
    ILogger<GroupCommitter> logger,
    IEnumerable<ICommitObserver> observers) : BackgroundService
{
    private readonly IWriteFollower[] _followers = [.. followers];
    private readonly ICommitObserver[] _observers = [.. observers];

    private const int MaxBatch = 256;
    private const string Savepoint = "kefu_write";

    private readonly Channel<PendingWrite> _queue = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(20_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>
    /// Runs <paramref name="write"/> in the next batch and returns its result once that batch is committed.
    /// The write adds or changes entities on <see cref="WriteScope.Db"/>; it must not call SaveChanges
    /// or open transactions, and it may run twice (see the class remarks), so it must not have other side effects.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<WriteScope, Task<T>> write, CancellationToken cancellationToken, BatchKey? lookup = null)
    {
        var pending = new PendingWrite<T>(write) { Lookup = lookup };
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
        bool committed;
        var captured = new Captured(_observers);
        try
        {
            committed = await TryCommitTogetherAsync(batch, captured);
        }
        catch (Exception ex)
        {
            // The commit itself failed: its outcome may be unknown (a lost connection), so replaying could
            // store the batch twice. Every caller is told it failed; none was told it succeeded.
            Fail(batch, ex);
            return;
        }

        if (!committed)
        {
            captured.Clear();
            try
            {
                await CommitOneByOneAsync(batch, captured);
            }
            catch (Exception ex)
            {
                Fail(batch, ex);
                return;
            }
        }

        foreach (var follower in _followers)
        {
            follower.AfterCommit();
        }

        foreach (var write in batch)
        {
            write.Publish();
        }

        captured.Publish(logger);
    }

    private async Task FollowAsync(WriteScope scope)
    {
        foreach (var follower in _followers)
        {
            await follower.BeforeSaveAsync(scope);
        }
    }

    /// <returns>False when the batch must be replayed write by write; nothing of it was committed then.</returns>
    private async Task<bool> TryCommitTogetherAsync(List<PendingWrite> batch, Captured captured)
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync();
        try
        {
            var scope = new WriteScope(db, batch.Count, isolated: false);
            await scope.PrefetchCustomersAsync(batch.Where(w => w.Lookup is not null).Select(w => w.Lookup!.Value));
            foreach (var write in batch)
            {
                if (!await write.RunAsync(scope))
                {
                    return false;
                }

                scope.WriteDone();
            }

            await FollowAsync(scope);
            await scope.ReturnUnusedNumbersAsync();
            captured.Take(db, scope.PendingInserts);
            await BatchInserter.InsertAsync(db, scope.PendingInserts);

            await db.SaveChangesAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBatchReplayed(logger, ex, batch.Count);
            return false;
        }

        await transaction.CommitAsync();
        return true;
    }

    private async Task CommitOneByOneAsync(List<PendingWrite> batch, Captured captured)
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync();
        var scope = new WriteScope(db, 1, isolated: true);
        foreach (var write in batch)
        {
            await RunIsolatedAsync(db, transaction, scope, write, captured);
        }

        await transaction.CommitAsync();
    }

    private async Task RunIsolatedAsync(KefuDbContext db, IDbContextTransaction transaction, WriteScope scope, PendingWrite write, Captured captured)
    {
        // A unique-key race (another node created the same customer, or used the same idempotency key)
        // is resolved by running the write once more: it then finds the row the other writer committed.
        for (var attempt = 1; ; attempt++)
        {
            await transaction.CreateSavepointAsync(Savepoint);
            try
            {
                if (await write.RunAsync(scope))
                {
                    await FollowAsync(scope);
                    var mark = captured.Mark();
                    captured.Take(db, []);
                    try
                    {
                        await db.SaveChangesAsync();
                    }
                    catch
                    {
                        captured.Reset(mark);
                        throw;
                    }
                }
                else
                {
                    await transaction.RollbackToSavepointAsync(Savepoint);
                }

                await transaction.ReleaseSavepointAsync(Savepoint);
                return;
            }
            catch (DbUpdateException) when (attempt == 1)
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

    private static void Fail(List<PendingWrite> batch, Exception error)
    {
        foreach (var write in batch)
        {
            write.Fail(error);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A commit observer failed after a commit; the data is stored, its follow-up work is lost")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception);

    /// <summary>What the observers captured from the writes of one batch that are to be kept.</summary>
    private sealed class Captured(ICommitObserver[] observers)
    {
        private readonly List<(ICommitObserver Observer, object Value)> _values = [];

        public void Take(KefuDbContext db, IReadOnlyList<object> newRows)
        {
            foreach (var observer in observers)
            {
                if (observer.Capture(db, newRows) is { } value)
                {
                    _values.Add((observer, value));
                }
            }
        }

        public int Mark() => _values.Count;

        public void Reset(int mark) => _values.RemoveRange(mark, _values.Count - mark);

        public void Clear() => _values.Clear();

        public void Publish(ILogger logger)
        {
            foreach (var group in _values.GroupBy(v => v.Observer))
            {
                try
                {
                    group.Key.Committed([.. group.Select(v => v.Value)]);
                }
                catch (Exception ex)
                {
                    LogObserverFailed(logger, ex);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A write batch of {Count} could not commit as a whole and is replayed write by write")]
    private static partial void LogBatchReplayed(ILogger logger, Exception exception, int count);

    private abstract class PendingWrite
    {
        public BatchKey? Lookup { get; init; }

        /// <returns>Whether the write's changes are to be kept.</returns>
        public abstract Task<bool> RunAsync(WriteScope scope);

        public abstract void SetError(Exception error);

        public abstract void Fail(Exception error);

        public abstract void Publish();
    }

    private sealed class PendingWrite<T>(Func<WriteScope, Task<T>> write) : PendingWrite
    {
        private T? _result;
        private Exception? _error;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<bool> RunAsync(WriteScope scope)
        {
            _error = null;
            _result = await write(scope);
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

/// <summary>
/// Adds to a batch's transaction the rows that follow from what its writes recorded (outbox rows, metric facts of new
/// timeline entries), so they commit or roll back with it. Runs once per batch, or once per write when the batch is
/// replayed; like a write, it may run twice, so it must have no other side effects.
/// </summary>
public interface IWriteFollower
{
    /// <summary>Sees what the batch's writes added (<see cref="WriteScope.PendingInserts"/> and the context's tracked rows) and may add rows of its own.</summary>
    Task BeforeSaveAsync(WriteScope scope);

    /// <summary>Called after a batch committed, e.g. to wake whoever sends what was added.</summary>
    void AfterCommit()
    {
    }
}

/// <summary>A write result that can say "rejected": whatever the write changed before deciding so is then discarded.</summary>
public interface IWriteOutcome
{
    bool KeepsChanges { get; }
}
