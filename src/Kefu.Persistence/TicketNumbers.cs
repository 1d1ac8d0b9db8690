using Microsoft.EntityFrameworkCore;

namespace Kefu.Persistence;

public static class TicketNumbers
{
    /// <summary>
    /// Reserves <paramref name="count"/> consecutive ticket numbers and returns the first. One atomic
    /// UPDATE ... RETURNING on the counter row: the row lock serialises writers on PostgreSQL,
    /// SQLite has one writer anyway, and the numbers roll back with the caller's transaction.
    /// </summary>
    public static async Task<long> ReserveAsync(KefuDbContext db, Guid workspaceId, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var last = await db.Database
            .SqlQuery<long>($"""UPDATE "TicketCounters" SET "LastNumber" = "LastNumber" + {count} WHERE "WorkspaceId" = {workspaceId} RETURNING "LastNumber" AS "Value" """)
            .ToListAsync(cancellationToken);
        if (last.Count == 0)
        {
            throw new InvalidOperationException($"Workspace {workspaceId} has no ticket counter.");
        }

        return last[0] - count + 1;
    }

    /// <summary>
    /// Gives back the unused tail of a reserved block in the same transaction that reserved it. The
    /// reserving transaction still holds the counter (row lock on PostgreSQL, the single writer on
    /// SQLite), so the counter still ends at <paramref name="reservedLast"/> and can step back.
    /// </summary>
    public static async Task ReleaseAsync(KefuDbContext db, Guid workspaceId, long lastUsed, long reservedLast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var changed = await db.Database.ExecuteSqlAsync(
            $"""UPDATE "TicketCounters" SET "LastNumber" = {lastUsed} WHERE "WorkspaceId" = {workspaceId} AND "LastNumber" = {reservedLast}""",
            cancellationToken);
        if (changed != 1)
        {
            throw new InvalidOperationException($"The ticket counter of workspace {workspaceId} moved while this transaction held it.");
        }
    }
}
