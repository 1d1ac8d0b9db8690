using Kefu.Domain.Sla;
using Microsoft.Data.Sqlite;

namespace Kefu.Bench.SlaClocks;

/// <summary>
/// An open ticket and its clock as two prepared INSERTs, bound anew for every row. Values are stored as the server's
/// SQLite context stores them: DateTimeOffset as UTC ticks, Guid as 16 big-endian bytes, enums by name, TimeSpan as
/// Microsoft.Data.Sqlite writes it (invariant "c" text).
/// </summary>
internal sealed class RowWriter
{
    private readonly SqliteConnection _connection;
    private readonly DemoWorkspace _demo;
    private readonly SqliteCommand _ticket;
    private readonly SqliteCommand _clock;

    public RowWriter(SqliteConnection connection, DemoWorkspace demo)
    {
        _connection = connection;
        _demo = demo;
        _ticket = Prepare("""
            INSERT INTO Tickets (Id, WorkspaceId, Number, Subject, Description, Priority, Status, CustomerId, TeamId, Channel,
                CreatedAt, UpdatedAt, Version, EscalationLevel, NudgeCount,
                SlaPolicyId, SlaCalendarKey, SlaFirstResponse, SlaNextResponse, SlaResolution, SlaWarnAtPercent)
            VALUES ($id, $ws, $number, $subject, '', 'Normal', 'Open', $customer, $team, 'Web',
                $created, $created, 0, 0, 0,
                $policy, $calendar, $firstResponse, $nextResponse, $resolution, $warnAt)
            """);
        _clock = Prepare("""
            INSERT INTO TicketClocks (Id, WorkspaceId, TicketId, Metric, Target, WarnAtPercent, CalendarKey, StartedAt, Pauses,
                StoppedAt, DueAt, WarnAt, WarnedAt, BreachedAt, NextEventAt, Version)
            VALUES ($id, $ws, $ticket, $metric, $target, $warnAtPercent, $calendar, $started, '[]',
                NULL, $due, $warn, $warned, NULL, $next, $version)
            """);
    }

    public void InTransaction(Action write)
    {
        using var transaction = _connection.BeginTransaction();
        _ticket.Transaction = transaction;
        _clock.Transaction = transaction;
        write();
        transaction.Commit();
    }

    public void Write(long number, TicketClock clock)
    {
        // The ticket snapshots the policy's targets, with the clock's own target for its metric.
        Bind(_ticket, "$id", Bytes(clock.TicketId));
        Bind(_ticket, "$ws", Bytes(_demo.WorkspaceId));
        Bind(_ticket, "$number", number);
        Bind(_ticket, "$subject", $"SLA 基准工单 #{number}");
        Bind(_ticket, "$customer", Bytes(_demo.Customers[(int)(number % _demo.Customers.Count)]));
        Bind(_ticket, "$team", _demo.Teams.Count == 0 ? DBNull.Value : Bytes(_demo.Teams[(int)(number % _demo.Teams.Count)]));
        Bind(_ticket, "$created", clock.StartedAt.UtcTicks);
        Bind(_ticket, "$policy", Bytes(_demo.PolicyId));
        Bind(_ticket, "$calendar", clock.CalendarKey);
        Bind(_ticket, "$firstResponse", clock.Metric == SlaMetric.FirstResponse ? clock.Target : _demo.Targets.FirstResponse);
        Bind(_ticket, "$nextResponse", _demo.Targets.NextResponse);
        Bind(_ticket, "$resolution", clock.Metric == SlaMetric.Resolution ? clock.Target : _demo.Targets.Resolution);
        Bind(_ticket, "$warnAt", clock.WarnAtPercent);
        _ticket.ExecuteNonQuery();

        Bind(_clock, "$id", Bytes(clock.Id));
        Bind(_clock, "$ws", Bytes(clock.WorkspaceId));
        Bind(_clock, "$ticket", Bytes(clock.TicketId));
        Bind(_clock, "$metric", clock.Metric.ToString());
        Bind(_clock, "$target", clock.Target);
        Bind(_clock, "$warnAtPercent", clock.WarnAtPercent);
        Bind(_clock, "$calendar", clock.CalendarKey);
        Bind(_clock, "$started", clock.StartedAt.UtcTicks);
        Bind(_clock, "$due", clock.DueAt?.UtcTicks);
        Bind(_clock, "$warn", clock.WarnAt?.UtcTicks);
        Bind(_clock, "$warned", clock.WarnedAt?.UtcTicks);
        Bind(_clock, "$next", clock.NextEventAt?.UtcTicks);
        Bind(_clock, "$version", clock.Version);
        _clock.ExecuteNonQuery();
    }

    public void SetLastNumber(long lastNumber)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "UPDATE TicketCounters SET LastNumber = $last WHERE WorkspaceId = $ws";
        command.Parameters.AddWithValue("$last", lastNumber);
        command.Parameters.AddWithValue("$ws", Bytes(_demo.WorkspaceId));
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in sql.Split([' ', ',', '(', ')', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Where(t => t.StartsWith('$')).Distinct())
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        command.Prepare();
        return command;
    }

    private static byte[] Bytes(Guid id) => id.ToByteArray(true);

    private static void Bind(SqliteCommand command, string name, object? value) => command.Parameters[name].Value = value ?? DBNull.Value;
}
