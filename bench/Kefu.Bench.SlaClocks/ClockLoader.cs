using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kefu.Domain.Sla;
using Microsoft.Data.Sqlite;

namespace Kefu.Bench.SlaClocks;

/// <summary>What <c>load</c> puts into a seeded demo database.</summary>
public sealed record LoadOptions(
    string Database,
    string Manifest,
    int Clocks,
    int Measured,
    TimeSpan WindowLead,
    TimeSpan Window,
    int Restart,
    TimeSpan RestartGap,
    TimeSpan RestartSpan,
    TimeSpan FarSpread,
    int BatchSize,
    int Seed);

/// <summary>
/// Writes one open ticket per clock straight into the SQLite file the server uses, through prepared statements in
/// large transactions. The clocks are built by the domain's <see cref="TicketClock"/> on the 24x7 calendar, so their
/// stored moments (warn, due, next event) are the ones the server itself would have stored; only the rows are
/// written by hand, in the server's storage conventions (UTC ticks, big-endian Guid bytes, enum names).
/// </summary>
public sealed class ClockLoader(LoadOptions options, TextWriter progress)
{
    private const string CalendarKey = "24x7";
    private static readonly TimeSpan FarEarliest = TimeSpan.FromHours(1);

    private readonly TimeProvider _time = TimeProvider.System;
    private readonly BusinessCalendar _calendar = BusinessCalendarData.LoadBuiltIn(CalendarKey).Calendar;

    public BenchManifest Load()
    {
        var far = options.Clocks - options.Measured - options.Restart;
        if (far < 0)
        {
            throw new ArgumentException("--clocks must be at least --measured plus --restart-clocks.");
        }

        using var connection = new SqliteConnection($"Data Source={options.Database};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-524288;");
        var demo = DemoWorkspace.Read(connection, CalendarKey);
        var writer = new RowWriter(connection, demo);

        var started = Stopwatch.StartNew();
        var loadStart = _time.GetUtcNow();
        var farFrom = loadStart + FarEarliest;
        var farTo = loadStart + options.FarSpread;
        var random = new Random(options.Seed);
        var number = demo.LastNumber + 1;
        progress.WriteLine($"loading {far:N0} clocks due between {farFrom:u} and {farTo:u} in transactions of {options.BatchSize:N0}");
        for (var done = 0; done < far;)
        {
            var count = Math.Min(options.BatchSize, far - done);
            writer.InTransaction(() =>
            {
                for (var i = 0; i < count; i++)
                {
                    writer.Write(number++, FarClock(demo, random, loadStart, farFrom, farTo));
                }
            });
            done += count;
            progress.WriteLine($"  {done,10:N0} / {far:N0}  ({done / started.Elapsed.TotalSeconds:N0} clocks/s)");
        }

        var farRate = far / Math.Max(started.Elapsed.TotalSeconds, 0.001);
        progress.WriteLine("checkpointing the WAL");
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        progress.WriteLine($"loaded {far:N0} clocks in {started.Elapsed.TotalSeconds:N1} s");

        var manifest = new BenchManifest(
            options.Clocks, demo.LastNumber + 1, loadStart, started.Elapsed.TotalSeconds, farRate, farFrom, farTo,
            new ClockSlice(number, options.Measured, default, default),
            new ClockSlice(number + options.Measured, options.Restart, default, default));
        writer.SetLastNumber(manifest.Restart.FirstNumber + options.Restart - 1);
        manifest.Save(options.Manifest);
        return manifest;
    }

    /// <summary>
    /// Adds the timed slices to a loaded database, with due times counted from now: run while the server is up, so
    /// that the window opens a known time after it is ready (the engine finds new clocks with its next scan).
    /// </summary>
    public BenchManifest Schedule()
    {
        var loaded = BenchManifest.Load(options.Manifest);
        using var connection = new SqliteConnection($"Data Source={options.Database};Pooling=False;Default Timeout=30");
        connection.Open();
        var demo = DemoWorkspace.Read(connection, CalendarKey);
        var writer = new RowWriter(connection, demo);
        var windowStart = _time.GetUtcNow() + options.WindowLead;
        var measured = loaded.Measured with { From = windowStart, To = windowStart + options.Window };
        var restartFrom = measured.To + options.RestartGap;
        var restart = loaded.Restart with { From = restartFrom, To = restartFrom + options.RestartSpan };
        writer.InTransaction(() =>
        {
            foreach (var slice in (ClockSlice[])[measured, restart])
            {
                for (var i = 0; i < slice.Count; i++)
                {
                    writer.Write(slice.FirstNumber + i, TimedClock(demo, slice, i));
                }
            }
        });
        progress.WriteLine($"scheduled {measured.Count:N0} clocks due {measured.From:HH:mm:ss.fff}–{measured.To:HH:mm:ss.fff} UTC and {restart.Count:N0} due {restart.From:HH:mm:ss.fff}–{restart.To:HH:mm:ss.fff} UTC");
        var manifest = loaded with { Measured = measured, Restart = restart };
        manifest.Save(options.Manifest);
        return manifest;
    }

    /// <summary>A clock started in the last two hours whose warning falls due anywhere in the far spread.</summary>
    private TicketClock FarClock(DemoWorkspace demo, Random random, DateTimeOffset now, DateTimeOffset from, DateTimeOffset to)
    {
        var startedAt = now - TimeSpan.FromHours(2 * random.NextDouble());
        var warnAt = from + ((to - from) * random.NextDouble());
        var target = TimeSpan.FromTicks((warnAt - startedAt).Ticks * 100 / demo.WarnAtPercent);
        var metric = random.Next(2) == 0 ? SlaMetric.FirstResponse : SlaMetric.Resolution;
        return TicketClock.Start(Guid.CreateVersion7(startedAt), demo.WorkspaceId, Guid.CreateVersion7(startedAt), metric, target, demo.WarnAtPercent, CalendarKey, _calendar, startedAt);
    }

    /// <summary>
    /// Every other clock owes its warning at the due time (a resolution clock: its breach is hours later), the others
    /// owe their breach (a first-response clock whose warning was fired already), so both kinds of event are measured.
    /// </summary>
    private TicketClock TimedClock(DemoWorkspace demo, ClockSlice slice, int index)
    {
        var due = slice.DueTime(index);
        var warning = index % 2 == 0;
        var metric = warning ? SlaMetric.Resolution : SlaMetric.FirstResponse;
        var target = demo.Target(metric);
        var startedAt = warning ? due - (target * demo.WarnAtPercent / 100) : due - target;
        var clock = TicketClock.Start(Guid.CreateVersion7(startedAt), demo.WorkspaceId, Guid.CreateVersion7(startedAt), metric, target, demo.WarnAtPercent, CalendarKey, _calendar, startedAt);
        if (!warning)
        {
            clock.FireDue(clock.WarnAt!.Value);
        }

        if (clock.NextEventAt is not { } next || (next - due).Duration() > TimeSpan.FromMilliseconds(1))
        {
            throw new InvalidOperationException($"The domain puts clock {index}'s next event at {clock.NextEventAt:O}, not at {due:O}.");
        }

        return clock;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>The seeded demo workspace's ids and the 7×24 policy whose targets the loaded tickets snapshot.</summary>
internal sealed record DemoWorkspace(
    Guid WorkspaceId, Guid PolicyId, SlaTargets Targets, IReadOnlyList<Guid> Customers, IReadOnlyList<Guid> Teams, long LastNumber)
{
    public int WarnAtPercent => Targets.WarnAtPercent;

    public TimeSpan Target(SlaMetric metric) =>
        Targets.For(metric) ?? throw new InvalidOperationException($"The demo policy has no {metric} target.");

    public static DemoWorkspace Read(SqliteConnection connection, string calendarKey)
    {
        var workspace = Guids(connection, "SELECT Id FROM Workspaces WHERE Slug = 'demo'").SingleOrDefault();
        if (workspace == Guid.Empty)
        {
            throw new InvalidOperationException("No demo workspace: run `kefu seed-demo` on the database first.");
        }

        using var policy = connection.CreateCommand();
        policy.CommandText = "SELECT Id, Targets FROM SlaPolicies WHERE WorkspaceId = $ws AND CalendarKey = $calendar AND IsActive ORDER BY Position LIMIT 1";
        policy.Parameters.AddWithValue("$ws", workspace.ToByteArray(true));
        policy.Parameters.AddWithValue("$calendar", calendarKey);
        using var reader = policy.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException($"The demo workspace has no active policy on the {calendarKey} calendar.");
        }

        var policyId = new Guid((byte[])reader[0], true);
        var targets = JsonSerializer.Deserialize<SlaTargets>(reader.GetString(1), JsonSerializerOptions.Web)
            ?? throw new InvalidDataException("The policy's targets are empty.");

        using var counter = connection.CreateCommand();
        counter.CommandText = "SELECT LastNumber FROM TicketCounters WHERE WorkspaceId = $ws";
        counter.Parameters.AddWithValue("$ws", workspace.ToByteArray(true));
        var lastNumber = Convert.ToInt64(counter.ExecuteScalar(), CultureInfo.InvariantCulture);
        return new DemoWorkspace(
            workspace, policyId, targets,
            Guids(connection, "SELECT Id FROM Customers ORDER BY Id"),
            Guids(connection, "SELECT Id FROM Teams ORDER BY Id"),
            lastNumber);
    }

    private static List<Guid> Guids(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var ids = new List<Guid>();
        while (reader.Read())
        {
            ids.Add(new Guid((byte[])reader[0], true));
        }

        return ids;
    }
}
