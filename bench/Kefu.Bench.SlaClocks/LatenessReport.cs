using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Kefu.Bench.SlaClocks;

/// <summary>One fired SLA event as the engine put it on the ticket's timeline.</summary>
internal readonly record struct FiredEvent(long Number, string Kind, DateTimeOffset DueAt, double LateMs);

/// <summary>
/// Reads back from the timeline (AuditEvents of kind sla.warning / sla.breached, whose data the engine writes with
/// dueAt, firedAt and lateMs) which of the loaded clocks fired, whether any fired twice or at the wrong due time, and
/// how late.
/// </summary>
public static class LatenessReport
{
    private static readonly TimeSpan DueTolerance = TimeSpan.FromMilliseconds(1);

    /// <param name="backAt">When the server was started again after the restart gap; splits the restart slice into
    /// events due while it was down and events due after.</param>
    public static JsonObject Build(string database, BenchManifest manifest, DateTimeOffset? backAt)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var events = Read(database);
        var measured = events.Where(e => manifest.Measured.Holds(e.Number)).ToList();
        var restart = events.Where(e => manifest.Restart.Holds(e.Number)).ToList();
        var report = new JsonObject
        {
            ["measured"] = Slice(manifest.Measured, measured),
            ["restart"] = Slice(manifest.Restart, restart),
            ["unexpected"] = events.Count - measured.Count - restart.Count,
            ["escalations"] = Count(database, "SELECT count(*) FROM AuditEvents WHERE Kind = 'ticket.escalated'"),
            ["notifications"] = Count(database, "SELECT count(*) FROM Notifications"),
        };
        if (backAt is { } back)
        {
            report["restartDueWhileDown"] = Lateness(restart.Where(e => e.DueAt < back).Select(e => e.LateMs));
            report["restartDueAfterwards"] = Lateness(restart.Where(e => e.DueAt >= back).Select(e => e.LateMs));
        }

        return report;
    }

    private static JsonObject Slice(ClockSlice slice, List<FiredEvent> events)
    {
        var fired = events.Select(e => e.Number).Distinct().Count();
        var report = Lateness(events.Select(e => e.LateMs));
        report["expected"] = slice.Count;
        report["clocksFired"] = fired;
        report["firedTwice"] = events.Count - fired;
        report["missing"] = slice.Count - fired;
        report["wrongDueTime"] = events.Count(e => (e.DueAt - slice.DueTime((int)(e.Number - slice.FirstNumber))).Duration() > DueTolerance);
        report["warnings"] = events.Count(e => e.Kind == "sla.warning");
        report["breaches"] = events.Count(e => e.Kind == "sla.breached");
        return report;
    }

    /// <summary>Nearest-rank percentiles, as the intake benchmark reports them.</summary>
    private static JsonObject Lateness(IEnumerable<double> lateMs)
    {
        var sorted = lateMs.Order().ToArray();
        double? Rank(double p) => sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new JsonObject
        {
            ["events"] = sorted.Length,
            ["p50"] = Rank(0.50),
            ["p90"] = Rank(0.90),
            ["p99"] = Rank(0.99),
            ["max"] = sorted.Length == 0 ? null : sorted[^1],
            ["min"] = sorted.Length == 0 ? null : sorted[0],
            ["overOneSecond"] = sorted.Count(ms => ms >= 1000),
        };
    }

    private static List<FiredEvent> Read(string database)
    {
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT t.Number, a.Kind, a.Data FROM AuditEvents a JOIN Tickets t ON t.Id = a.TicketId
            WHERE a.Kind IN ('sla.warning', 'sla.breached')
            """;
        using var reader = command.ExecuteReader();
        var events = new List<FiredEvent>();
        while (reader.Read())
        {
            using var data = JsonDocument.Parse(reader.GetString(2));
            events.Add(new FiredEvent(
                reader.GetInt64(0), reader.GetString(1), data.RootElement.GetProperty("dueAt").GetDateTimeOffset(), data.RootElement.GetProperty("lateMs").GetDouble()));
        }

        return events;
    }

    private static long Count(string database, string sql)
    {
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }
}
