using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

// kefu-bench-queries: the agent-facing reads (inbox views, ticket view, brief, queue position, a customer's
// history, search, agent assist) or, with --set analytics, the dashboard's reports, against a running server on the
// demo workspace, each shape measured on its own.
//   kefu-bench-queries --url URL --key INTEGRATION_KEY [--set agent|analytics] [--requests N] [--concurrency C]
// Prints a table to stderr and one JSON object on the last line of stdout.
var options = Args.Parse(args);
var url = new Uri(options.GetValueOrDefault("url", "http://127.0.0.1:5080"));
var key = options.GetValueOrDefault("key") ?? throw new ArgumentException("--key is required");
var requests = int.Parse(options.GetValueOrDefault("requests", "200"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(options.GetValueOrDefault("concurrency", "4"), CultureInfo.InvariantCulture);
var set = options.GetValueOrDefault("set", "agent");

using var agent = await SignedInAsync(url, "1003");
using var supervisor = await SignedInAsync(url, "1002");
using var platform = new HttpClient { BaseAddress = url };
platform.DefaultRequestHeaders.Authorization = new("Bearer", key);

var first = await agent.GetFromJsonAsync<JsonObject>("/api/v1/tickets?pageSize=1") ?? throw new InvalidOperationException("no tickets");
var total = first["total"]!.GetValue<int>();
var newest = first["items"]![0]!["number"]!.GetValue<long>();
var oldest = newest - total + 1;
var customers = await platform.GetFromJsonAsync<JsonObject>($"/api/v1/tickets/{newest}");
var someCustomer = customers?["customer"]?["externalId"]?.GetValue<string>() ?? "u-20231001";
var newestCreated = first["items"]![0]!["createdAt"]!.GetValue<DateTimeOffset>();
var monthAgo = Uri.EscapeDataString(newestCreated.AddDays(-30).ToString("O", CultureInfo.InvariantCulture));
await Console.Error.WriteLineAsync($"{total:N0} tickets (#{oldest}..#{newest}); {requests} requests per shape at concurrency {concurrency}");

var agentShapes = new (string Name, HttpClient Client, Func<Random, string> Path)[]
{
    ("inbox: all, newest first", supervisor, _ => "/api/v1/tickets"),
    ("inbox: unassigned new/open", supervisor, _ => "/api/v1/tickets?status=new,open&assignee=none"),
    ("inbox: mine, open/waiting", agent, _ => "/api/v1/tickets?assignee=me&status=open,waitingOnCustomer"),
    ("inbox: category refund", supervisor, _ => "/api/v1/tickets?category=refund"),
    ("inbox: page 200", supervisor, _ => "/api/v1/tickets?page=200"),
    ("ticket view", supervisor, r => $"/api/v1/tickets/{oldest + r.NextInt64(total)}"),
    ("ticket brief", supervisor, r => $"/api/v1/tickets/{oldest + r.NextInt64(total)}/brief"),
    ("customer history", platform, _ => $"/api/v1/customers/{someCustomer}/tickets"),
    ("search: 退款 (zh 2-char)", supervisor, _ => "/api/v1/search?q=" + Uri.EscapeDataString("退款")),
    ("search: 卡密 / 结算", supervisor, r => "/api/v1/search?q=" + Uri.EscapeDataString(r.Next(2) == 0 ? "卡密" : "结算")),
    ("search: mixed 扣款129", supervisor, _ => "/api/v1/search?q=" + Uri.EscapeDataString("扣款129")),
    ("search: phrase 退款一直是处理中", supervisor, _ => "/api/v1/search?q=" + Uri.EscapeDataString("退款一直是处理中")),
    ("search: en refund + solved", supervisor, _ => "/api/v1/search?q=refund&status=solved,closed"),
    ("search: 退款 + merchant, 30 days", supervisor, _ => "/api/v1/search?q=" + Uri.EscapeDataString("退款") + "&merchant=m-1001&from=" + monthAgo),
    ("search: ticket number", supervisor, r => $"/api/v1/search?q={oldest + r.NextInt64(total)}"),
    ("ticket assist", supervisor, r => $"/api/v1/tickets/{oldest + r.NextInt64(total)}/assist"),
};

// The dashboard's reads: the seeded year, its last 30 days (the default range) and single days, sliced every way.
string Day(Random r) => DateOnly.FromDayNumber(DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).DayNumber - 1 - r.Next(300)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
string Year() => $"from={DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(-360):yyyy-MM-dd}";
var analyticsShapes = new (string Name, HttpClient Client, Func<Random, string> Path)[]
{
    ("summary: last 30 days", supervisor, _ => "/api/v1/analytics/summary"),
    ("summary: a year", supervisor, _ => $"/api/v1/analytics/summary?{Year()}"),
    ("summary: one day", supervisor, r => Day(r) is var d ? $"/api/v1/analytics/summary?from={d}&to={d}" : ""),
    ("summary: my own (agent)", agent, _ => "/api/v1/analytics/summary"),
    ("breakdown: agent, 30 days", supervisor, _ => "/api/v1/analytics/breakdown?by=agent"),
    ("breakdown: category, a year", supervisor, _ => $"/api/v1/analytics/breakdown?by=category&{Year()}"),
    ("breakdown: day, a year", supervisor, _ => $"/api/v1/analytics/breakdown?by=day&{Year()}"),
    ("breakdown: hour, a year (CSV)", supervisor, _ => $"/api/v1/analytics/breakdown?by=hour&format=csv&{Year()}"),
    ("backlog", supervisor, _ => "/api/v1/analytics/backlog"),
    ("heatmap: 8 weeks", supervisor, _ => $"/api/v1/analytics/heatmap?from={DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(-56):yyyy-MM-dd}"),
    ("staffing advice", supervisor, _ => "/api/v1/analytics/staffing"),
    ("merchant warnings", supervisor, _ => "/api/v1/analytics/merchant-warnings"),
    ("recurring issues", supervisor, _ => "/api/v1/analytics/recurring-issues"),
    ("best time (public)", platform, _ => "/api/v1/public/demo/best-time"),
};
var shapes = set == "analytics" ? analyticsShapes : agentShapes;

var results = new JsonArray();
await Console.Error.WriteLineAsync($"{"shape",-30} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}");
foreach (var (name, client, path) in shapes)
{
    var latencies = await MeasureAsync(client, path, Math.Max(10, requests / 10), requests, concurrency);
    latencies.Sort();
    double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{name,-30} {At(0.50),8:F1} {At(0.95),8:F1} {At(0.99),8:F1} {latencies[^1],8:F1}"));
    results.Add(new JsonObject { ["shape"] = name, ["p50"] = At(0.50), ["p95"] = At(0.95), ["p99"] = At(0.99), ["max"] = latencies[^1], ["requests"] = latencies.Count });
}

Console.WriteLine(new JsonObject { ["tickets"] = total, ["concurrency"] = concurrency, ["shapes"] = results }.ToJsonString());
return 0;

static async Task<List<double>> MeasureAsync(HttpClient client, Func<Random, string> path, int warmup, int count, int concurrency)
{
    var latencies = new List<double>(count);
    var next = -warmup;
    var gate = new object();
    var workers = Enumerable.Range(0, concurrency).Select(async worker =>
    {
        var random = new Random(worker * 7919 + 17);
        while (true)
        {
            int mine;
            lock (gate)
            {
                if (next >= count)
                {
                    return;
                }

                mine = next++;
            }

            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path(random));
            await response.Content.LoadIntoBufferAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{response.RequestMessage!.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            if (mine >= 0)
            {
                lock (gate)
                {
                    latencies.Add(elapsed);
                }
            }
        }
    });
    await Task.WhenAll(workers);
    return latencies;
}

static async Task<HttpClient> SignedInAsync(Uri url, string agentNumber)
{
    var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = url };
    client.DefaultRequestHeaders.Add("X-Kefu-Request", "1");
    var response = await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { workspace = "demo", login = agentNumber, password = "Kefu@2026" });
    response.EnsureSuccessStatusCode();
    return client;
}

internal static class Args
{
    public static Dictionary<string, string> Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return values;
    }
}
