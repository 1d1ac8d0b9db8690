using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

// Live chat load: N customer connections held idle, then M messages/s customer → agent over the hub.
// Latency is from the customer's send to the watching agent's receipt of the push; the send itself is
// answered only after the message is durable, so every measured message was stored first.
// The agent may sit on another node than the customers (scale-out: the push then crosses the Redis backplane).
// Usage: kefu-bench-chat SERVER WIDGET_KEY AGENT_TOKEN CONNECTIONS RATE SECONDS [SERVER_PID [AGENT_SERVER]]
// The last line printed is the result as JSON.
var server = new Uri(args[0]);
var widgetKey = args[1];
var agentToken = args[2];
var connections = int.Parse(args[3], CultureInfo.InvariantCulture);
var rate = int.Parse(args[4], CultureInfo.InvariantCulture);
var seconds = int.Parse(args[5], CultureInfo.InvariantCulture);
int? serverPid = args.Length > 6 && args[6] != "-" ? int.Parse(args[6], CultureInfo.InvariantCulture) : null;
var agentServer = args.Length > 7 ? new Uri(args[7]) : server;

using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(2) };
var clock = Stopwatch.StartNew();
long rssBefore = Rss(serverPid);

var customers = new (HubConnection Hub, long Ticket)[connections];
using (var gate = new SemaphoreSlim(32))
{
    await Task.WhenAll(Enumerable.Range(0, connections).Select(async i =>
    {
        await gate.WaitAsync();
        try
        {
            var session = await (await http.PostAsJsonAsync("/api/v1/widget/sessions", new { widgetKey })).Content.ReadFromJsonAsync<JsonElement>();
            var token = session.GetProperty("token").GetString()!;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/widget/tickets")
            {
                Content = JsonContent.Create(new { description = $"压测会话 {i}：想问一下退款进度", clientMessageId = $"bench-open-{i:D8}" }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var created = await (await http.SendAsync(request)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(server, "/hubs/chat"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                .Build();
            await hub.StartAsync();
            customers[i] = (hub, created.GetProperty("number").GetInt64());
        }
        finally
        {
            gate.Release();
        }
    }));
}

Console.WriteLine($"{connections} customer connections open after {clock.Elapsed.TotalSeconds:F1} s");
var latencies = new ConcurrentBag<double>();
var agent = new HubConnectionBuilder()
    .WithUrl(new Uri(agentServer, "/hubs/chat"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(agentToken))
    .Build();
agent.On<JsonElement>("Message", pushed =>
{
    var body = pushed.GetProperty("message").GetProperty("body").GetString()!;
    if (body.StartsWith("bench@", StringComparison.Ordinal))
    {
        var sentTicks = long.Parse(body.AsSpan(6, body.IndexOf(' ', StringComparison.Ordinal) - 6), CultureInfo.InvariantCulture);
        latencies.Add((clock.ElapsedTicks - sentTicks) * 1000.0 / Stopwatch.Frequency);
    }
});
await agent.StartAsync();
foreach (var chunk in customers.Chunk(200))
{
    await Task.WhenAll(chunk.Select(c => agent.InvokeAsync<JsonElement>("WatchTicket", c.Ticket)));
}

await Task.Delay(TimeSpan.FromSeconds(5));
long rssIdle = Rss(serverPid);
if (serverPid is not null)
{
    Console.WriteLine($"server RSS: {rssBefore / 1048576} MiB before, {rssIdle / 1048576} MiB with {connections} idle connections " +
        $"(≈ {(rssIdle - rssBefore) / (double)connections / 1024:F1} KiB per connection, including its ticket's session)");
}

var sent = 0;
var failed = 0;
var sends = new List<Task>();
var acks = new ConcurrentBag<double>();
var interval = TimeSpan.FromSeconds(1.0 / rate);
var start = clock.Elapsed;
for (var n = 0; n < rate * seconds; n++)
{
    var due = start + interval * n;
    var wait = due - clock.Elapsed;
    if (wait > TimeSpan.FromMilliseconds(1))
    {
        await Task.Delay(wait);
    }

    var (hub, ticket) = customers[n % connections];
    var body = $"bench@{clock.ElapsedTicks} 第{n}条消息";
    var sentAt = clock.ElapsedTicks;
    sends.Add(hub.InvokeAsync<JsonElement>("SendMessage", ticket, $"bench-{n:D10}", body, null)
        .ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    acks.Add((clock.ElapsedTicks - sentAt) * 1000.0 / Stopwatch.Frequency);
                }

                Interlocked.Increment(ref t.IsCompletedSuccessfully ? ref sent : ref failed);
            },
            TaskScheduler.Default));
}

await Task.WhenAll(sends);
var offered = clock.Elapsed - start;
await Task.Delay(TimeSpan.FromSeconds(3));
var sorted = latencies.OrderBy(l => l).ToArray();
var ackSorted = acks.OrderBy(l => l).ToArray();
double P(double q) => Quantile(sorted, q);
Console.WriteLine($"sent {sent} ok, {failed} failed in {offered.TotalSeconds:F1} s (offered {rate}/s, achieved {sent / offered.TotalSeconds:F0}/s)");
Console.WriteLine($"delivered to agent: {sorted.Length}; latency ms p50 {P(0.5):F1}, p90 {P(0.9):F1}, p99 {P(0.99):F1}, max {(sorted.Length == 0 ? double.NaN : sorted[^1]):F1}");
Console.WriteLine($"acknowledged (durable) after ms p50 {Quantile(ackSorted, 0.5):F1}, p99 {Quantile(ackSorted, 0.99):F1}");
Console.WriteLine(JsonSerializer.Serialize(new
{
    connections,
    offeredPerSecond = rate,
    seconds,
    sent,
    failed,
    delivered = sorted.Length,
    achievedPerSecond = Math.Round(sent / offered.TotalSeconds, 1),
    latencyMs = new { p50 = Rounded(P(0.5)), p90 = Rounded(P(0.9)), p99 = Rounded(P(0.99)), max = Rounded(sorted.Length == 0 ? double.NaN : sorted[^1]) },
    ackMs = new { p50 = Rounded(Quantile(ackSorted, 0.5)), p99 = Rounded(Quantile(ackSorted, 0.99)) },
    serverRssIdleMiB = rssIdle / 1048576,
    serverRssBeforeMiB = rssBefore / 1048576,
    agentOnOtherNode = agentServer != server,
}));

await agent.DisposeAsync();
foreach (var (hub, _) in customers)
{
    await hub.DisposeAsync();
}

static double Quantile(double[] sorted, double q) =>
    sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

static double? Rounded(double value) => double.IsNaN(value) ? null : Math.Round(value, 1);

static long Rss(int? pid)
{
    if (pid is null)
    {
        return 0;
    }

    var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
