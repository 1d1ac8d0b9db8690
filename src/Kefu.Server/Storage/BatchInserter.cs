using System.Runtime.CompilerServices;
using System.Text;
using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kefu.Server.Storage;

/// <summary>
/// Inserts a batch's new rows with a few multi-row INSERT statements per table instead of EF Core's
/// one statement per row (the SQLite provider cannot batch). Column names, value conversions and
/// parameter types all come from the EF model, so the rows are exactly what SaveChanges would write.
/// Rows whose key the database generates are left to SaveChanges, which must read the key back.
/// </summary>
internal static class BatchInserter
{
    /// <summary>Stays well below SQLite's and PostgreSQL's limits on parameters per statement.</summary>
    private const int MaxParametersPerStatement = 2000;

    public static async Task InsertAddedAsync(KefuDbContext db)
    {
        db.ChangeTracker.DetectChanges();
        var added = db.ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Added && !HasStoreGeneratedKey(e.Metadata))
            .GroupBy(e => e.Metadata)
            .ToDictionary(g => g.Key, g => g.ToList());
        if (added.Count == 0)
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Batch inserts run inside the batch transaction.");
        var sql = db.GetService<ISqlGenerationHelper>();
        foreach (var entityType in InsertOrder(db.Model).Where(added.ContainsKey))
        {
            var rows = added[entityType];
            var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
            var columns = entityType.GetProperties().Where(p => p.GetColumnName(table) is not null).ToList();
            var rowsPerStatement = Math.Max(1, MaxParametersPerStatement / columns.Count);
            foreach (var chunk in rows.Chunk(rowsPerStatement))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = BuildInsert(sql, table, columns, chunk.Length);
                var index = 0;
                foreach (var row in chunk)
                {
                    foreach (var property in columns)
                    {
                        var mapping = (RelationalTypeMapping)property.GetRelationalTypeMapping();
                        command.Parameters.Add(mapping.CreateParameter(command, "@p" + index++, row.CurrentValues[property], property.IsNullable));
                    }
                }

                await command.ExecuteNonQueryAsync();
            }

            // The rows are stored: SaveChanges must not insert them again.
            foreach (var row in rows)
            {
                row.State = EntityState.Unchanged;
            }
        }
    }

    private static string BuildInsert(ISqlGenerationHelper sql, StoreObjectIdentifier table, List<IProperty> columns, int rowCount)
    {
        var text = new StringBuilder("INSERT INTO ")
            .Append(sql.DelimitIdentifier(table.Name, table.Schema))
            .Append(" (")
            .AppendJoin(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))
            .Append(") VALUES ");
        var index = 0;
        for (var row = 0; row < rowCount; row++)
        {
            text.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < columns.Count; column++)
            {
                text.Append(column == 0 ? "@p" : ", @p").Append(index++);
            }

            text.Append(')');
        }

        return text.ToString();
    }

    private static bool HasStoreGeneratedKey(IEntityType entityType) =>
        entityType.FindPrimaryKey()!.Properties.Any(p => p.ValueGenerated != ValueGenerated.Never);

    private static readonly ConditionalWeakTable<IModel, List<IEntityType>> Orders = [];

    /// <summary>Principals before dependents, so foreign keys hold after every statement (PostgreSQL checks them at once).</summary>
    private static List<IEntityType> InsertOrder(IModel model) => Orders.GetValue(model, static m =>
    {
        var order = new List<IEntityType>();
        var visiting = new HashSet<IEntityType>();
        void Visit(IEntityType type)
        {
            if (order.Contains(type) || !visiting.Add(type))
            {
                return;
            }

            foreach (var foreignKey in type.GetForeignKeys())
            {
                if (foreignKey.PrincipalEntityType != type)
                {
                    Visit(foreignKey.PrincipalEntityType);
                }
            }

            order.Add(type);
        }

        foreach (var type in m.GetEntityTypes())
        {
            Visit(type);
        }

        return order;
    });
}
