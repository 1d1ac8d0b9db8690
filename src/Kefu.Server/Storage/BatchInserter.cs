using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kefu.Server.Storage;

/// <summary>
/// Inserts a batch's new rows with one prepared INSERT per table, executed for each row, instead of
/// EF Core's freshly built and parsed statement per row. Column names, value conversions and
/// parameter types all come from the EF model, so the rows are exactly what SaveChanges would write.
/// Where the provider can batch commands (PostgreSQL), each table's rows go to the server together in
/// one round trip; SQLite runs in-process, so a prepared statement per row costs no round trip.
/// </summary>
internal static class BatchInserter
{
    /// <param name="untracked">
    /// New rows the writes handed over without EF tracking them (<see cref="WriteScope.Insert"/>), with
    /// the rows in their collections; they skip the change tracker's cost entirely.
    /// </param>
    public static async Task InsertAsync(KefuDbContext db, IReadOnlyList<object> untracked)
    {
        db.ChangeTracker.DetectChanges();
        var tracked = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).ToList();
        var rows = new Dictionary<IEntityType, List<Row>>();
        foreach (var entry in tracked)
        {
            RowsOf(rows, entry.Metadata).Add(new Row(entry.Entity, entry));
        }

        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var entity in untracked)
        {
            AddUntracked(db.Model, rows, seen, entity);
        }

        if (rows.Count == 0)
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Batch inserts run inside the batch transaction.");
        var sql = db.GetService<ISqlGenerationHelper>();
        foreach (var entityType in InsertOrder(db.Model).Where(rows.ContainsKey))
        {
            var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
            var storeGeneratedKey = HasStoreGeneratedKey(entityType);
            var columns = entityType.GetProperties()
                .Where(p => p.GetColumnName(table) is not null && !(storeGeneratedKey && p.IsPrimaryKey()))
                .ToList();
            var mappings = columns.Select(p => (RelationalTypeMapping)p.GetRelationalTypeMapping()).ToArray();
            var getters = columns.Select(p => p.IsShadowProperty() ? null : p.GetGetter()).ToArray();

            var text = BuildInsert(sql, table, columns);
            if (connection.CanCreateBatch)
            {
                await InsertBatchedAsync(connection, transaction, text, columns, mappings, getters, rows[entityType]);
            }
            else
            {
                await InsertPreparedAsync(connection, transaction, text, columns, mappings, getters, rows[entityType]);
            }

            // Tracked rows are stored: SaveChanges must not insert them again. Rows whose key the database
            // made (timeline entries) are let go instead, as nothing in the batch reads them back.
            foreach (var row in rows[entityType])
            {
                if (row.Entry is { } entry)
                {
                    entry.State = storeGeneratedKey ? EntityState.Detached : EntityState.Unchanged;
                }
            }
        }
    }

    /// <summary>One statement, prepared once and executed for every row: the parse is paid once per batch.</summary>
    private static async Task InsertPreparedAsync(
        DbConnection connection, DbTransaction transaction, string text, List<IProperty> columns, RelationalTypeMapping[] mappings, IClrPropertyGetter?[] getters, List<Row> rows)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        var parameters = new DbParameter[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            parameters[i] = mappings[i].CreateParameter(command, "@p" + i, null, columns[i].IsNullable);
            command.Parameters.Add(parameters[i]);
        }

        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i].Value = ValueOf(row, columns[i], mappings[i], getters[i]);
            }

            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>All rows of a table in one round trip.</summary>
    private static async Task InsertBatchedAsync(
        DbConnection connection, DbTransaction transaction, string text, List<IProperty> columns, RelationalTypeMapping[] mappings, IClrPropertyGetter?[] getters, List<Row> rows)
    {
        await using var parameterFactory = connection.CreateCommand();
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var row in rows)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = text;
            for (var i = 0; i < columns.Count; i++)
            {
                var parameter = mappings[i].CreateParameter(parameterFactory, "@p" + i, null, columns[i].IsNullable);
                parameter.Value = ValueOf(row, columns[i], mappings[i], getters[i]);
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync();
    }

    private static object ValueOf(Row row, IProperty column, RelationalTypeMapping mapping, IClrPropertyGetter? getter)
    {
        var value = row.Entry is { } entry ? entry.CurrentValues[column] : getter!.GetClrValue(row.Entity);
        if (mapping.Converter is { } converter && value is not null)
        {
            value = converter.ConvertToProvider(value);
        }

        return value ?? DBNull.Value;
    }

    private static void AddUntracked(IModel model, Dictionary<IEntityType, List<Row>> rows, HashSet<object> seen, object entity)
    {
        if (!seen.Add(entity))
        {
            return;
        }

        var entityType = model.FindEntityType(entity.GetType())
            ?? throw new InvalidOperationException($"{entity.GetType().Name} is not part of the model.");
        if (entityType.GetProperties().Any(p => p.IsShadowProperty()))
        {
            throw new InvalidOperationException($"{entityType.DisplayName()} has shadow properties; add it through the context instead.");
        }

        RowsOf(rows, entityType).Add(new Row(entity, null));
        foreach (var navigation in entityType.GetNavigations().Where(n => n.IsCollection && !n.IsOnDependent))
        {
            if (navigation.GetGetter().GetClrValue(entity) is System.Collections.IEnumerable children)
            {
                foreach (var child in children)
                {
                    AddUntracked(model, rows, seen, child);
                }
            }
        }
    }

    private static List<Row> RowsOf(Dictionary<IEntityType, List<Row>> rows, IEntityType entityType)
    {
        if (!rows.TryGetValue(entityType, out var list))
        {
            list = [];
            rows[entityType] = list;
        }

        return list;
    }

    private readonly record struct Row(object Entity, Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry? Entry);

    private static string BuildInsert(ISqlGenerationHelper sql, StoreObjectIdentifier table, List<IProperty> columns) =>
        new StringBuilder("INSERT INTO ")
            .Append(sql.DelimitIdentifier(table.Name, table.Schema))
            .Append(" (")
            .AppendJoin(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))
            .Append(") VALUES (")
            .AppendJoin(", ", columns.Select((_, i) => "@p" + i))
            .Append(')')
            .ToString();

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
