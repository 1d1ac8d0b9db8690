using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using static Kefu.Server.Tests.Storage.ServerProcess;

namespace Kefu.Server.Tests.Storage;

/// <summary>
/// The real server as its own process on a SQLite file, killed with SIGKILL in the middle of a write
/// load: everything it acknowledged must be there after a restart, and retrying what was in flight
/// with the same Idempotency-Key must not duplicate anything.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private const string Subject = "崩溃测试 ";

    private readonly string _directory = Directory.CreateTempSubdirectory("kefu-crash-").FullName;

    [Fact]
    public async Task KillDuringIntake_RestartKeepsEveryAcknowledgedTicketAndRetriesDoNotDuplicate()
    {
        var database = Path.Combine(_directory, "kefu.db");
        var acknowledged = new ConcurrentDictionary<string, long>();
        var sent = new ConcurrentDictionary<string, bool>();

        var port = FreePort();
        using (var server = Start(_directory, ("sqlite", $"Data Source={database}"), port))
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
                        var response = await client.SendAsync(TicketRequest(key, Subject), stop.Token);
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
        using (var restarted = Start(_directory, ("sqlite", $"Data Source={database}"), restartPort))
        {
            using var client = await ConnectAsync(restartPort, restarted);
            foreach (var (key, number) in acknowledged)
            {
                var ticket = await client.GetAsync($"/api/v1/tickets/{number}");
                ticket.StatusCode.ShouldBe(HttpStatusCode.OK, $"ticket {number} ({key}) was acknowledged before the crash");
                (await ticket.JsonAsync()).GetProperty("subject").GetString().ShouldBe(Subject + key);
            }

            foreach (var key in sent.Keys)
            {
                var retry = await client.SendAsync(TicketRequest(key, Subject));
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

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
