using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Kefu.Server.Tests.Storage;

/// <summary>
/// The real server as its own process on a SQLite file, killed with SIGKILL in the middle of a write
/// load: everything it acknowledged must be there after a restart, and retrying what was in flight
/// with the same Idempotency-Key must not duplicate anything.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private const string Key = "kfk_crash_test_key";
    private readonly string _directory = Directory.CreateTempSubdirectory("kefu-crash-").FullName;

    [Fact]
    public async Task KillDuringIntake_RestartKeepsEveryAcknowledgedTicketAndRetriesDoNotDuplicate()
    {
        var database = Path.Combine(_directory, "kefu.db");
        var acknowledged = new ConcurrentDictionary<string, long>();
        var sent = new ConcurrentDictionary<string, bool>();

        var port = FreePort();
        using (var server = StartServer(database, port))
        {
            using var client = await ConnectAsync(port, server);
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var key = $"w{w}-{i}";
                    sent[key] = true;
                    try
                    {
                        var response = await client.SendAsync(Request(key), stop.Token);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged[key] = (await response.JsonAsync()).GetProperty("number").GetInt64();
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
                    {
                        return;
                    }
                }
            })).ToList();

            await WaitUntilAsync(() => acknowledged.Count >= 300, TimeSpan.FromSeconds(60));
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }

        acknowledged.Count.ShouldBeGreaterThanOrEqualTo(300);
        var restartPort = FreePort();
        using (var restarted = StartServer(database, restartPort))
        {
            using var client = await ConnectAsync(restartPort, restarted);
            foreach (var (key, number) in acknowledged)
            {
                var ticket = await client.GetAsync($"/api/v1/tickets/{number}");
                ticket.StatusCode.ShouldBe(HttpStatusCode.OK, $"ticket {number} ({key}) was acknowledged before the crash");
                (await ticket.JsonAsync()).GetProperty("subject").GetString().ShouldBe("崩溃测试 " + key);
            }

            foreach (var key in sent.Keys)
            {
                var retry = await client.SendAsync(Request(key));
                retry.StatusCode.ShouldBe(HttpStatusCode.Created);
                if (acknowledged.TryGetValue(key, out var number))
                {
                    (await retry.JsonAsync()).GetProperty("number").GetInt64().ShouldBe(number, "a retry answers what was acknowledged");
                }
            }

            restarted.Kill(entireProcessTree: true);
            await restarted.WaitForExitAsync();
        }

        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = """SELECT COUNT(*), COUNT(DISTINCT "Subject") FROM "Tickets" """;
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetInt64(0).ShouldBe(sent.Count, "one ticket per request sent, however often it was retried");
        reader.GetInt64(1).ShouldBe(sent.Count);
    }

    private static HttpRequestMessage Request(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets")
        {
            Content = JsonContent.Create(new
            {
                customer = new { externalId = "crash-" + key[..key.IndexOf('-', StringComparison.Ordinal)], name = "崩溃测试用户" },
                subject = "崩溃测试 " + key,
                description = "服务器在处理中被强制终止",
            }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private Process StartServer(string database, int port)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "kefu.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "sqlite";
        start.Environment["ConnectionStrings__Kefu"] = $"Data Source={database}";
        start.Environment["Demo__Seed"] = "true";
        start.Environment["Demo__Tickets"] = "0";
        start.Environment["Demo__IntegrationKey"] = Key;
        start.Environment["Attachments__Path"] = Path.Combine(_directory, "attachments");
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<HttpClient> ConnectAsync(int port, Process server)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", Key);
        await WaitUntilAsync(async () =>
        {
            server.HasExited.ShouldBeFalse("the server exited while starting");
            try
            {
                return (await client.GetAsync("/readyz")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60));
        return client;
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan limit) => WaitUntilAsync(() => Task.FromResult(condition()), limit);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            watch.Elapsed.ShouldBeLessThan(limit, "gave up waiting");
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
