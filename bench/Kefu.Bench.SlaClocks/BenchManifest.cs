using System.Text.Json;

namespace Kefu.Bench.SlaClocks;

/// <summary>
/// Tickets numbered <see cref="FirstNumber"/> onwards whose clocks' next events fall due evenly between
/// <see cref="From"/> and <see cref="To"/>, one event per clock.
/// </summary>
public sealed record ClockSlice(long FirstNumber, int Count, DateTimeOffset From, DateTimeOffset To)
{
    public bool Holds(long number) => number >= FirstNumber && number < FirstNumber + Count;

    /// <summary>The due time of the <paramref name="index"/>th clock: the middle of its equal share of the slice.</summary>
    public DateTimeOffset DueTime(int index) => From + ((To - From) * ((index + 0.5) / Count));
}

/// <summary>What the loader put into the database, for the script to time the run and for the report to check it.</summary>
public sealed record BenchManifest(
    int Clocks,
    long FirstNumber,
    DateTimeOffset LoadedAt,
    double LoadSeconds,
    double FarClocksPerSecond,
    DateTimeOffset FarFrom,
    DateTimeOffset FarTo,
    ClockSlice Measured,
    ClockSlice Restart)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public static BenchManifest Load(string path) =>
        JsonSerializer.Deserialize<BenchManifest>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path} holds no manifest.");
}
