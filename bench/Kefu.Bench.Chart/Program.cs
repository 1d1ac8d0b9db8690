using System.Globalization;
using System.Text.Json;
using ScottPlot;

// Draws the benchmark suite's figures from the results directory bench/run-all.sh fills (one file per bench script,
// see bench/README.md) into one PNG per measurement, so docs/benchmarks.md can show how each figure grows.
// Usage: kefu-bench-chart RESULTS_DIR OUTPUT_DIR
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: kefu-bench-chart RESULTS_DIR OUTPUT_DIR");
    return 2;
}

var results = new DirectoryInfo(args[0]);
var output = Directory.CreateDirectory(args[1]);
var written = new List<string>();

if (QueryRuns(results) is { Count: > 0 } queryRuns)
{
    written.Add(Charts.Queries(queryRuns, Path.Combine(output.FullName, "queries-p95.png")));
}

if (IntakeRuns(results) is { Count: > 0 } intakeRuns)
{
    written.Add(Charts.Intake(intakeRuns, Path.Combine(output.FullName, "intake.png")));
}

if (ChatRuns(results) is { Count: > 0 } chatRuns)
{
    written.Add(Charts.Chat(chatRuns, Path.Combine(output.FullName, "chat-latency.png")));
}

if (File.Exists(Path.Combine(results.FullName, "sla.json")))
{
    using var sla = JsonDocument.Parse(File.ReadAllText(Path.Combine(results.FullName, "sla.json")));
    written.Add(Charts.SlaLateness(sla.RootElement, Path.Combine(output.FullName, "sla-lateness.png")));
}

foreach (var path in written)
{
    Console.WriteLine(path);
}

return written.Count == 0 ? 1 : 0;

static List<QueryRun> QueryRuns(DirectoryInfo results) =>
    [.. results.EnumerateFiles("queries-*.json")
        .Select(file =>
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file.FullName));
            var root = json.RootElement;
            return new QueryRun(
                root.GetProperty("tickets").GetInt64(),
                [.. root.GetProperty("shapes").EnumerateArray().Select(s => new QueryShape(s.GetProperty("shape").GetString()!, s.GetProperty("p95").GetDouble()))]);
        })
        .OrderBy(run => run.Tickets)];

// intake-<mode>.rows: one line per concurrency, "concurrency tickets/s p50 p90 p99 ..." as bench/run-intake.sh records it.
static List<IntakeRun> IntakeRuns(DirectoryInfo results) =>
    [.. results.EnumerateFiles("intake-*.rows")
        .OrderBy(file => file.Name, StringComparer.Ordinal)
        .Select(file => new IntakeRun(
            Path.GetFileNameWithoutExtension(file.Name)["intake-".Length..],
            [.. File.ReadAllLines(file.FullName)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(fields => fields.Length >= 5)
                .Select(fields => new IntakePoint(Number(fields[0]), Number(fields[1]), Number(fields[4])))]))];

static List<ChatRun> ChatRuns(DirectoryInfo results) =>
    [.. results.EnumerateFiles("chat-*.json")
        .OrderBy(file => file.Name, StringComparer.Ordinal)
        .Select(file =>
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file.FullName));
            var root = json.RootElement;
            return new ChatRun(
                Path.GetFileNameWithoutExtension(file.Name)["chat-".Length..],
                root.GetProperty("connections").GetInt32(),
                root.GetProperty("achievedPerSecond").GetDouble(),
                root.GetProperty("latencyMs").GetProperty("p50").GetDouble(),
                root.GetProperty("latencyMs").GetProperty("p99").GetDouble());
        })];

static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

internal sealed record QueryShape(string Name, double P95);

internal sealed record QueryRun(long Tickets, IReadOnlyList<QueryShape> Shapes);

internal sealed record IntakePoint(double Concurrency, double PerSecond, double P99);

internal sealed record IntakeRun(string Mode, IReadOnlyList<IntakePoint> Points);

internal sealed record ChatRun(string Mode, int Connections, double AchievedPerSecond, double P50, double P99);

internal static class Charts
{
    private const int Width = 900;
    private const int Height = 520;

    public static string Queries(IReadOnlyList<QueryRun> runs, string path)
    {
        var plot = new Plot();
        // Ticket counts span decades, so they sit at equal steps with their counts as labels.
        var positions = runs.Select((_, i) => (double)i).ToArray();
        foreach (var shape in runs.SelectMany(r => r.Shapes).Select(s => s.Name).Distinct(StringComparer.Ordinal))
        {
            Line(plot, positions, [.. runs.Select(r => r.Shapes.FirstOrDefault(s => s.Name == shape)?.P95 ?? double.NaN)], shape);
        }

        Target(plot, 100, "target p95 100 ms");
        plot.Axes.Bottom.SetTicks(positions, [.. runs.Select(r => r.Tickets.ToString("N0", CultureInfo.InvariantCulture))]);
        plot.Title("Agent-facing queries: p95 by data-set size (embedded SQLite)");
        plot.XLabel("tickets in the workspace");
        plot.YLabel("p95 latency (ms)");
        plot.Axes.SetLimitsY(0, Math.Max(120, runs.SelectMany(r => r.Shapes).Max(s => s.P95) * 1.1));
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
        return path;
    }

    public static string Intake(IReadOnlyList<IntakeRun> runs, string path)
    {
        var plot = new Plot();
        foreach (var run in runs)
        {
            Line(plot, [.. run.Points.Select(p => Math.Log2(p.Concurrency))], [.. run.Points.Select(p => p.PerSecond)], run.Mode);
        }

        Target(plot, 5000, "target 5,000/s (embedded)");
        var concurrencies = runs.SelectMany(r => r.Points).Select(p => p.Concurrency).Distinct().Order().ToArray();
        plot.Axes.Bottom.SetTicks([.. concurrencies.Select(Math.Log2)], [.. concurrencies.Select(c => c.ToString(CultureInfo.InvariantCulture))]);
        plot.Title("Ticket intake over HTTP: tickets/s by client concurrency");
        plot.XLabel("concurrent clients");
        plot.YLabel("tickets/s (all durable, rows checked)");
        plot.Axes.SetLimitsY(0, Math.Max(5500, runs.SelectMany(r => r.Points).Max(p => p.PerSecond) * 1.1));
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
        return path;
    }

    public static string Chat(IReadOnlyList<ChatRun> runs, string path)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < runs.Count; i++)
        {
            bars.Add(new Bar { Position = i * 3, Value = runs[i].P50, FillColor = Colors.SteelBlue });
            bars.Add(new Bar { Position = (i * 3) + 1, Value = runs[i].P99, FillColor = Colors.OrangeRed });
        }

        plot.Add.Bars(bars);
        Target(plot, 50, "target p99 50 ms");
        plot.Axes.Bottom.SetTicks(
            [.. runs.Select((_, i) => (i * 3) + 0.5)],
            [.. runs.Select(r => $"{r.Mode}\n{r.Connections:N0} conns, {r.AchievedPerSecond:N0} msg/s")]);
        plot.Title("Live chat: customer send -> agent push (blue p50, red p99)");
        plot.YLabel("latency (ms)");
        plot.Axes.Margins(bottom: 0);
        plot.SavePng(path, Width, Height);
        return path;
    }

    public static string SlaLateness(JsonElement report, string path)
    {
        var slices = new[] { ("running", "measured"), ("due while down", "restartDueWhileDown"), ("after restart", "restartDueAfterwards") }
            .Where(s => report.TryGetProperty(s.Item2, out var slice) && slice.ValueKind == JsonValueKind.Object && slice.TryGetProperty("p99", out _))
            .ToArray();
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < slices.Length; i++)
        {
            var slice = report.GetProperty(slices[i].Item2);
            bars.Add(new Bar { Position = i * 3, Value = Value(slice, "p50"), FillColor = Colors.SteelBlue });
            bars.Add(new Bar { Position = (i * 3) + 1, Value = Value(slice, "p99"), FillColor = Colors.OrangeRed });
        }

        plot.Add.Bars(bars);
        Target(plot, 1000, "target < 1 s late");
        plot.Axes.Bottom.SetTicks([.. slices.Select((_, i) => (i * 3) + 0.5)], [.. slices.Select(s => s.Item1)]);
        plot.Title("SLA engine: how late events fire (blue p50, red p99)");
        plot.YLabel("ms after the due time");
        plot.Axes.Margins(bottom: 0);
        plot.SavePng(path, Width, Height);
        return path;
    }

    private static void Line(Plot plot, double[] xs, double[] ys, string label)
    {
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = label;
        line.LineWidth = 2;
        line.MarkerSize = 7;
    }

    private static double Value(JsonElement slice, string name) =>
        slice.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0;

    private static void Target(Plot plot, double y, string label)
    {
        var line = plot.Add.HorizontalLine(y);
        line.LinePattern = LinePattern.Dashed;
        line.LineWidth = 2;
        line.Color = Colors.Gray;
        line.LegendText = label;
    }
}
