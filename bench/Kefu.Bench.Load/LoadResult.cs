using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kefu.Bench.Load;

/// <summary>The figures of one run. <see cref="CreatedTotal"/> includes warm-up, so it can be checked against the database.</summary>
public sealed record LoadResult(
    string Url,
    string Tag,
    int Concurrency,
    double WarmupSeconds,
    double MeasuredSeconds,
    long MeasuredRequests,
    long Created,
    long WarmupCreated,
    long CreatedTotal,
    double TicketsPerSecond,
    LatencySummary LatencyMs,
    long Failed,
    IReadOnlyDictionary<string, long> Failures,
    double ClientCpuSeconds)
{
    public static LoadResult From(LoadOptions options, IReadOnlyList<LoadRun.Worker> workers, TimeSpan measured)
    {
        var latencies = workers.SelectMany(w => w.CreatedLatencyTicks).ToArray();
        Array.Sort(latencies);
        var failures = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (what, count) in workers.SelectMany(w => w.Failures))
        {
            failures[what] = failures.GetValueOrDefault(what) + count;
        }

        var created = latencies.LongLength;
        var warmupCreated = workers.Sum(w => w.WarmupCreated);
        return new LoadResult(
            options.BaseUrl.ToString(),
            options.Tag,
            options.Concurrency,
            options.Warmup.TotalSeconds,
            Math.Round(measured.TotalSeconds, 3),
            workers.Sum(w => w.MeasuredRequests),
            created,
            warmupCreated,
            created + warmupCreated,
            measured > TimeSpan.Zero ? Math.Round(created / measured.TotalSeconds, 1) : 0,
            LatencySummary.From(latencies),
            failures.Values.Sum(),
            failures,
            Math.Round(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, 2));
    }

    public void WriteTo(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"concurrency {Concurrency}: {Created:N0} tickets in {MeasuredSeconds:F1} s after {WarmupSeconds:F0} s warm-up"));
        output.WriteLine(string.Create(c, $"  tickets/s   {TicketsPerSecond,10:N1}"));
        output.WriteLine(string.Create(c, $"  latency ms  mean {LatencyMs.Mean:F2}  p50 {LatencyMs.P50:F2}  p90 {LatencyMs.P90:F2}  p99 {LatencyMs.P99:F2}  max {LatencyMs.Max:F2}"));
        output.WriteLine(string.Create(c, $"  201s        {CreatedTotal:N0} in all ({WarmupCreated:N0} during warm-up)"));
        output.WriteLine(Failed == 0
            ? "  errors      none"
            : "  errors      " + string.Join(", ", Failures.Select(f => string.Create(c, $"{f.Key}: {f.Value:N0}"))));
        output.WriteLine(string.Create(c, $"  client CPU  {ClientCpuSeconds:F1} s"));
        output.WriteLine(JsonSerializer.Serialize(this, ResultJson.Default.LoadResult));
    }
}

public sealed record LatencySummary(double Mean, double P50, double P90, double P99, double Max)
{
    /// <param name="sortedTicks">Stopwatch ticks, ascending.</param>
    public static LatencySummary From(long[] sortedTicks)
    {
        ArgumentNullException.ThrowIfNull(sortedTicks);
        if (sortedTicks.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0);
        }

        return new LatencySummary(
            Ms(sortedTicks.Average(t => (double)t)),
            Ms(Percentile(sortedTicks, 50)),
            Ms(Percentile(sortedTicks, 90)),
            Ms(Percentile(sortedTicks, 99)),
            Ms(sortedTicks[^1]));
    }

    /// <summary>Nearest rank: the smallest value that at least <paramref name="percent"/>% of samples do not exceed.</summary>
    private static long Percentile(long[] sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Ms(double ticks) => Math.Round(ticks * 1000 / Stopwatch.Frequency, 3);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LoadResult))]
internal sealed partial class ResultJson : JsonSerializerContext;
