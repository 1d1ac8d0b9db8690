using System.Globalization;
using Kefu.Bench.SlaClocks;

const string usage = """
    kefu-bench-sla-clocks: fills a seeded Kefu SQLite database with open SLA clocks, and reports how punctually the
    server's clock engine fired them. bench/run-sla-engine.sh drives both.

      load --db FILE --manifest FILE [options]
          --clocks N          open tickets, one running clock each (default 1000000), of which load writes all but
                              the measured and restart slices; their ticket numbers are kept for schedule
          --measured N        clocks due evenly over the measured window (default 30000)
          --restart-clocks N  clocks due in the restart slice (default 5000)
          --far-days D        the other clocks fall due between 1 h and D days ahead (default 30)
          --batch N           rows per transaction (default 50000)
          --seed N            random seed for the far clocks (default 1)

      schedule --db FILE --manifest FILE [options]   (while the server runs)
          --window-lead S     the measured window opens S seconds from now (default 20)
          --window S          length of the measured window (default 60)
          --restart-gap S     the restart slice starts S seconds after the window closes (default 15)
          --restart-span S    length of the restart slice (default 20)

      report --db FILE --manifest FILE [--back-at ISO-TIME]
          prints one JSON object: fired vs expected, clocks fired twice, lateness percentiles (ms) per slice;
          --back-at (when the server was started again) splits the restart slice at that moment.
    """;

try
{
    if (args.Length == 0 || args[0] is not ("load" or "schedule" or "report"))
    {
        throw new ArgumentException("Expected a verb: load, schedule or report.");
    }

    var values = Options(args.AsSpan(1));
    var database = Required(values, "db");
    var manifestPath = Required(values, "manifest");
    if (args[0] is "load" or "schedule")
    {
        var options = new LoadOptions(
            database, manifestPath,
            Int(values, "clocks", 1_000_000), Int(values, "measured", 30_000),
            Seconds(values, "window-lead", 20), Seconds(values, "window", 60),
            Int(values, "restart-clocks", 5_000), Seconds(values, "restart-gap", 15), Seconds(values, "restart-span", 20),
            TimeSpan.FromDays(Int(values, "far-days", 30)), Int(values, "batch", 50_000), Int(values, "seed", 1));
        var loader = new ClockLoader(options, Console.Error);
        _ = args[0] == "load" ? loader.Load() : loader.Schedule();
        return 0;
    }

    DateTimeOffset? backAt = values.TryGetValue("back-at", out var back) ? DateTimeOffset.Parse(back, CultureInfo.InvariantCulture) : null;
    var report = LatenessReport.Build(database, BenchManifest.Load(manifestPath), backAt);
    Console.WriteLine(report.ToJsonString());
    return 0;
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync(ex.Message);
    await Console.Error.WriteLineAsync();
    await Console.Error.WriteLineAsync(usage);
    return 2;
}

static Dictionary<string, string> Options(ReadOnlySpan<string> args)
{
    var values = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        values[args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : throw new ArgumentException($"Unexpected '{args[i]}'.")] = args[i + 1];
    }

    return args.Length % 2 == 0 ? values : throw new ArgumentException($"'{args[^1]}' has no value.");
}

static string Required(Dictionary<string, string> values, string name) =>
    values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

static int Int(Dictionary<string, string> values, string name, int fallback) =>
    values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

static TimeSpan Seconds(Dictionary<string, string> values, string name, int fallback) => TimeSpan.FromSeconds(Int(values, name, fallback));
