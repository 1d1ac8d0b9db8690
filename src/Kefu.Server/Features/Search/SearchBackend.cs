using System.Data.Common;
using System.Globalization;
using System.Text;
using Kefu.Domain.Customers;
using Kefu.Domain.Search;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kefu.Server.Features.Search;

/// <summary>An entry the full-text index matched, with its token string for ranking.</summary>
public sealed record SearchCandidate(long EntryId, string Kind, Guid SourceId, Guid? TicketId, string Terms);

/// <summary>Which tickets a search may return: the caller's visibility and the filters asked for.</summary>
public sealed record TicketScope(Guid WorkspaceId, Guid? VisibleMerchantId)
{
    public IReadOnlyList<TicketStatus> Statuses { get; init; } = [];
    public Guid? TeamId { get; init; }
    public Guid? MerchantId { get; init; }
    public Channel? Channel { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public Guid? ExcludeTicketId { get; init; }
}

/// <summary>
/// The seam between search and the database's full-text engine: SQLite FTS5 or PostgreSQL tsvector over the same
/// token strings. Candidates come newest first, filters applied while the index is read, and stop at the cap, so
/// a common word costs a bounded amount of work however many tickets hold it; ranking happens afterwards
/// (<see cref="SearchRanking"/>) the same way on both engines.
/// </summary>
public abstract class SearchBackend
{
    private static readonly SearchBackend Sqlite = new SqliteSearchBackend();
    private static readonly SearchBackend Postgres = new PostgresSearchBackend();

    public static SearchBackend For(KefuDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Provider == DatabaseProvider.Sqlite ? Sqlite : Postgres;
    }

    /// <summary>The FROM clause joining the index to SearchEntries as <c>e</c>.</summary>
    protected abstract string From { get; }

    /// <summary>The condition that the index matches the parameter <c>@match</c>.</summary>
    protected abstract string Matches { get; }

    /// <summary>The newest-first order the index can produce without sorting.</summary>
    protected abstract string NewestFirst { get; }

    /// <summary>The query in the engine's own syntax. Tokens hold only letters and digits, so they need no escaping.</summary>
    public abstract string Render(SearchQuery query);

    /// <summary>Ticket and message entries of tickets in scope, newest first.</summary>
    public async Task<List<SearchCandidate>> TicketCandidatesAsync(KefuDbContext db, SearchQuery query, TicketScope scope, int cap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(scope);
        var command = new CandidateCommand(db);
        var sql = new StringBuilder(From).Append(" JOIN \"Tickets\" t ON t.\"Id\" = e.\"TicketId\" WHERE ").Append(Matches)
            .Append(" AND e.\"WorkspaceId\" = ").Append(command.Add<Ticket>(nameof(Ticket.WorkspaceId), scope.WorkspaceId))
            .Append(" AND e.\"Kind\" IN ('").Append(SearchKinds.Ticket).Append("', '").Append(SearchKinds.Message).Append("')");
        if (scope.VisibleMerchantId is { } visible)
        {
            sql.Append(" AND t.\"MerchantId\" = ").Append(command.Add<Ticket>(nameof(Ticket.MerchantId), visible)).Append(" AND NOT t.\"InArbitration\"");
        }

        if (scope.Statuses.Count > 0)
        {
            sql.Append(" AND t.\"Status\" IN (").AppendJoin(", ", scope.Statuses.Select(s => command.Add<Ticket>(nameof(Ticket.Status), s))).Append(')');
        }

        AppendEqual<Ticket>(sql, command, "t", nameof(Ticket.TeamId), scope.TeamId);
        AppendEqual<Ticket>(sql, command, "t", nameof(Ticket.MerchantId), scope.MerchantId);
        AppendEqual<Ticket>(sql, command, "t", nameof(Ticket.Channel), scope.Channel);
        if (scope.From is { } from)
        {
            sql.Append(" AND t.\"CreatedAt\" >= ").Append(command.Add<Ticket>(nameof(Ticket.CreatedAt), from));
        }

        if (scope.To is { } to)
        {
            sql.Append(" AND t.\"CreatedAt\" < ").Append(command.Add<Ticket>(nameof(Ticket.CreatedAt), to));
        }

        if (scope.ExcludeTicketId is { } excluded)
        {
            sql.Append(" AND t.\"Id\" <> ").Append(command.Add<Ticket>(nameof(Ticket.Id), excluded));
        }

        return await command.RunAsync(Render(query), sql, NewestFirst, cap, cancellationToken);
    }

    /// <summary>
    /// Entries of one kind (customers, articles) in a workspace, newest first. With <paramref name="customersOfMerchant"/>
    /// only customers who have a ticket with that merchant (a merchant's agent sees no one else).
    /// </summary>
    public async Task<List<SearchCandidate>> EntryCandidatesAsync(
        KefuDbContext db, SearchQuery query, Guid workspaceId, string kind, Guid? customersOfMerchant, int cap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(query);
        var command = new CandidateCommand(db);
        var sql = new StringBuilder(From).Append(" WHERE ").Append(Matches)
            .Append(" AND e.\"WorkspaceId\" = ").Append(command.Add<Ticket>(nameof(Ticket.WorkspaceId), workspaceId))
            .Append(" AND e.\"Kind\" = ").Append(command.Add<SearchEntry>(nameof(SearchEntry.Kind), kind));
        if (customersOfMerchant is { } merchant)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM \"Tickets\" t WHERE t.\"CustomerId\" = e.\"SourceId\" AND t.\"MerchantId\" = ")
                .Append(command.Add<Ticket>(nameof(Ticket.MerchantId), merchant)).Append(" AND NOT t.\"InArbitration\")");
        }

        return await command.RunAsync(Render(query), sql, NewestFirst, cap, cancellationToken);
    }

    private static void AppendEqual<TEntity>(StringBuilder sql, CandidateCommand command, string alias, string property, object? value)
    {
        if (value is not null)
        {
            sql.Append(" AND ").Append(alias).Append(".\"").Append(property).Append("\" = ").Append(command.Add<TEntity>(property, value));
        }
    }

    /// <summary>Parameters typed and converted by the EF model (SQLite keeps Guids as big-endian blobs and times as ticks).</summary>
    private sealed class CandidateCommand(KefuDbContext db)
    {
        private readonly DbCommand _command = db.Database.GetDbConnection().CreateCommand();

        public string Add<TEntity>(string propertyName, object value)
        {
            var property = db.Model.FindEntityType(typeof(TEntity))!.FindProperty(propertyName)!;
            var name = "@p" + _command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
            // Created empty and filled after, as the batch inserter does, so the value is converted exactly once.
            var parameter = Mapping(property).CreateParameter(_command, name, null, property.IsNullable);
            parameter.Value = Convert(property, value);
            _command.Parameters.Add(parameter);
            return name;
        }

        public async Task<List<SearchCandidate>> RunAsync(string match, StringBuilder sql, string order, int cap, CancellationToken cancellationToken)
        {
            await using var command = _command;
            var matchParameter = command.CreateParameter();
            matchParameter.ParameterName = "@match";
            matchParameter.Value = match;
            command.Parameters.Add(matchParameter);
            command.CommandText = "SELECT e.\"Id\", e.\"Kind\", e.\"SourceId\", e.\"TicketId\", e.\"Terms\" " + sql
                + " ORDER BY " + order + " LIMIT " + cap.ToString(CultureInfo.InvariantCulture);
            var sourceId = db.Model.FindEntityType(typeof(SearchEntry))!.FindProperty(nameof(SearchEntry.SourceId))!;
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var found = new List<SearchCandidate>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    found.Add(new SearchCandidate(
                        reader.GetInt64(0), reader.GetString(1), ReadGuid(sourceId, reader.GetValue(2)),
                        reader.IsDBNull(3) ? null : ReadGuid(sourceId, reader.GetValue(3)), reader.GetString(4)));
                }

                return found;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        private static RelationalTypeMapping Mapping(IProperty property) => (RelationalTypeMapping)property.GetRelationalTypeMapping();

        private static object Convert(IProperty property, object value) => Mapping(property).Converter?.ConvertToProvider(value) ?? value;

        private static Guid ReadGuid(IProperty property, object raw) => (Guid)(Mapping(property).Converter?.ConvertFromProvider(raw) ?? raw);
    }
}

internal sealed class SqliteSearchBackend : SearchBackend
{
    protected override string From => "FROM \"SearchEntriesFts\" f JOIN \"SearchEntries\" e ON e.\"Id\" = f.rowid";

    protected override string Matches => "\"SearchEntriesFts\" MATCH @match";

    protected override string NewestFirst => "f.rowid DESC";

    public override string Render(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return string.Join(query.MatchAny ? " OR " : " AND ", query.Groups.Select(g => "\"" + string.Join(' ', g.Tokens) + "\"" + (g.Prefix ? "*" : "")));
    }
}

internal sealed class PostgresSearchBackend : SearchBackend
{
    protected override string From => "FROM \"SearchEntries\" e";

    protected override string Matches => "e.\"Vector\" @@ to_tsquery('simple'::regconfig, @match)";

    protected override string NewestFirst => "e.\"Id\" DESC";

    public override string Render(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return string.Join(query.MatchAny ? " | " : " & ", query.Groups.Select(g =>
            "(" + string.Join(" <-> ", g.Tokens.Select(t => "'" + t + "'")) + (g.Prefix ? ":*" : "") + ")"));
    }
}
