using System.Data.Common;
using Kefu.Domain.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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
            .SqlQueryRaw<long>(
                """UPDATE "TicketCounters" SET "LastNumber" = "LastNumber" + @count WHERE "WorkspaceId" = @workspace RETURNING "LastNumber" AS "Value" """,
                Parameter(db, "@count", nameof(TicketCounter.LastNumber), (long)count),
                Parameter(db, "@workspace", nameof(TicketCounter.WorkspaceId), workspaceId))
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
        var changed = await db.Database.ExecuteSqlRawAsync(
            """UPDATE "TicketCounters" SET "LastNumber" = @lastUsed WHERE "WorkspaceId" = @workspace AND "LastNumber" = @reservedLast""",
            [
                Parameter(db, "@lastUsed", nameof(TicketCounter.LastNumber), lastUsed),
                Parameter(db, "@workspace", nameof(TicketCounter.WorkspaceId), workspaceId),
                Parameter(db, "@reservedLast", nameof(TicketCounter.LastNumber), reservedLast),
            ],
            cancellationToken);
        if (changed != 1)
        {
            throw new InvalidOperationException($"The ticket counter of workspace {workspaceId} moved while this transaction held it.");
        }
    }

    /// <summary>A parameter typed exactly like the column, so stores that convert values (Guids as bytes on SQLite) match.</summary>
    private static DbParameter Parameter(KefuDbContext db, string name, string property, object value)
    {
        var mapping = (RelationalTypeMapping)db.Model.FindEntityType(typeof(TicketCounter))!.FindProperty(property)!.GetRelationalTypeMapping();
        using var command = db.Database.GetDbConnection().CreateCommand();
        return mapping.CreateParameter(command, name, value, nullable: false);
    }
}
