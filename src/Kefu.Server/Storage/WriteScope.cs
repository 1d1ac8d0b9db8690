using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Storage;

/// <summary>
/// What one write sees while its batch is being committed: the shared context, a place to share what
/// earlier writes of the same batch found or created (a customer, say), and ticket numbers.
/// </summary>
public sealed class WriteScope
{
    private readonly Dictionary<Guid, NumberBlock> _numbers = [];
    private readonly Dictionary<(string Kind, Guid WorkspaceId, string Key), object> _shared = [];
    private readonly HashSet<(string Kind, Guid WorkspaceId, string Key)> _absent = [];
    private int _writesLeft;

    private readonly List<object> _inserts = [];

    internal WriteScope(KefuDbContext db, int writes, bool isolated)
    {
        Db = db;
        _writesLeft = writes;
        Isolated = isolated;
    }

    /// <summary>New rows handed to <see cref="Insert"/> that the batch writes itself at the end.</summary>
    internal IReadOnlyList<object> PendingInserts => _inserts;

    public KefuDbContext Db { get; }

    public CancellationToken CancellationToken => CancellationToken.None;

    /// <summary>
    /// True when every write runs in its own savepoint (the slow path after a batch failed). Nothing
    /// may then be carried from one write to the next, because a write's changes can be rolled back.
    /// </summary>
    internal bool Isolated { get; }

    /// <summary>
    /// Adds a new row, with the rows in its collections. On the fast path the row bypasses the change
    /// tracker and is written by the batch inserter with its values as they are at the end of the
    /// batch; in a replay it is simply added to the context. Either way a later write of the batch
    /// does not find it by querying, only through <see cref="Share"/>.
    /// </summary>
    public void Insert(object entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (Isolated)
        {
            Db.Add(entity);
        }
        else
        {
            _inserts.Add(entity);
        }
    }

    public bool TryGetShared<T>(string kind, Guid workspaceId, string key, out T value)
        where T : class
    {
        if (!Isolated && _shared.TryGetValue((kind, workspaceId, key), out var found) && found is T typed)
        {
            value = typed;
            return true;
        }

        value = null!;
        return false;
    }

    public void Share(string kind, Guid workspaceId, string key, object value)
    {
        if (!Isolated)
        {
            _shared[(kind, workspaceId, key)] = value;
            _absent.Remove((kind, workspaceId, key));
        }
    }

    /// <summary>True when a lookup made for the whole batch found no such row, so the write need not ask again.</summary>
    public bool IsKnownAbsent(string kind, Guid workspaceId, string key) => !Isolated && _absent.Contains((kind, workspaceId, key));

    /// <summary>
    /// Loads in one query per workspace the customers the batch's writes will look for, instead of one
    /// query per write: on PostgreSQL each query is a round trip the single committer waits for.
    /// </summary>
    internal async Task PrefetchCustomersAsync(IEnumerable<BatchKey> keys)
    {
        foreach (var workspace in keys.Where(k => k.Kind == BatchKey.Customer).GroupBy(k => k.WorkspaceId))
        {
            foreach (var chunk in workspace.Select(k => k.Key).Distinct().Chunk(500))
            {
                var found = await Db.Customers.Where(c => c.WorkspaceId == workspace.Key && chunk.Contains(c.ExternalId)).ToListAsync(CancellationToken);
                foreach (var externalId in chunk)
                {
                    _absent.Add((BatchKey.Customer, workspace.Key, externalId));
                }

                foreach (var customer in found)
                {
                    Share(BatchKey.Customer, workspace.Key, customer.ExternalId, customer);
                }
            }
        }
    }

    /// <summary>
    /// The next ticket number of a workspace. A batch reserves a block with one UPDATE for as many
    /// tickets as it may still create, and gives back what it did not use before it commits, so
    /// numbers stay gap-free.
    /// </summary>
    public async Task<long> NextTicketNumberAsync(Guid workspaceId)
    {
        if (Isolated)
        {
            return await TicketNumbers.ReserveAsync(Db, workspaceId, 1, CancellationToken);
        }

        if (!_numbers.TryGetValue(workspaceId, out var block) || block.Next > block.Last)
        {
            var size = Math.Max(1, _writesLeft);
            var first = await TicketNumbers.ReserveAsync(Db, workspaceId, size, CancellationToken);
            block = new NumberBlock(first, first + size - 1);
            _numbers[workspaceId] = block;
        }

        return block.Next++;
    }

    internal void WriteDone() => _writesLeft--;

    internal async Task ReturnUnusedNumbersAsync()
    {
        foreach (var (workspaceId, block) in _numbers)
        {
            if (block.Next <= block.Last)
            {
                await TicketNumbers.ReleaseAsync(Db, workspaceId, block.Next - 1, block.Last, CancellationToken);
            }
        }
    }

    private sealed class NumberBlock(long next, long last)
    {
        public long Next { get; set; } = next;
        public long Last { get; } = last;
    }
}

/// <summary>A row a write will look up, declared up front so the batch can load all of them at once.</summary>
public readonly record struct BatchKey(string Kind, Guid WorkspaceId, string Key)
{
    public const string Customer = "customer";
}
