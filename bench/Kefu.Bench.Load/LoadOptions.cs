using System.Globalization;
using System.Security.Cryptography;

namespace Kefu.Bench.Load;

/// <summary>What one load run does. Parsed by hand: the client has no dependencies to keep it lean.</summary>
public sealed record LoadOptions(
    Uri BaseUrl,
    string Key,
    int Concurrency,
    TimeSpan Duration,
    long? Requests,
    TimeSpan Warmup,
    TimeSpan Timeout,
    string Tag,
    int ReuseEvery)
{
    public const string Usage = """
        kefu-bench-load: drives POST /api/v1/tickets and reports throughput and latency.

          --url URL            server base address (default http://127.0.0.1:5080)
          --key KEY            integration key, sent as "Authorization: Bearer KEY" (required)
          --concurrency N      requests in flight at once, one connection each (default 16)
          --duration S         measured seconds after warm-up (default 15)
          --requests N         measure exactly N requests instead of a duration
          --warmup S           seconds of load before measuring starts (default 3)
          --timeout S          per-request timeout (default 30)
          --tag TEXT           makes customer ids unique across runs on one database (default random)
          --reuse-every N      every Nth request reuses an earlier customer's externalId (default 10; 0 = never)

        The last line printed is one JSON object with every figure, for scripts.
        Exit code: 0 all requests got 201, 1 some failed, 2 none succeeded or bad arguments.
        """;

    public static LoadOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value', got '{name}'.");
            }

            values[name[2..]] = args[++i];
        }

        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            "url", "key", "concurrency", "duration", "requests", "warmup", "timeout", "tag", "reuse-every",
        };
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new ArgumentException($"Unknown option --{unknown}.");
        }

        var key = values.GetValueOrDefault("key") is { Length: > 0 } k ? k : throw new ArgumentException("--key is required.");
        var url = new Uri(values.GetValueOrDefault("url") ?? "http://127.0.0.1:5080", UriKind.Absolute);
        var concurrency = Number(values, "concurrency", 16, 1, 10_000);
        var requests = values.ContainsKey("requests") ? Number(values, "requests", 0, 1, long.MaxValue) : (long?)null;
        return new LoadOptions(
            url,
            key,
            (int)concurrency,
            TimeSpan.FromSeconds(Number(values, "duration", 15, 1, 86_400)),
            requests,
            TimeSpan.FromSeconds(Number(values, "warmup", 3, 0, 3_600)),
            TimeSpan.FromSeconds(Number(values, "timeout", 30, 1, 3_600)),
            values.GetValueOrDefault("tag") ?? RandomNumberGenerator.GetHexString(6, lowercase: true),
            (int)Number(values, "reuse-every", 10, 0, 1_000_000));
    }

    private static long Number(Dictionary<string, string> values, string name, long fallback, long min, long max)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"--{name} must be a whole number from {min} to {max}.");
    }
}
