using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using static Kefu.Server.Tests.Storage.ServerProcess;

namespace Kefu.Server.Tests.Storage;

/// <summary>
/// The server as its own process on a PostgreSQL cluster of the test's own, which is restarted (fast shutdown) in the
/// middle of a write load: clients retry with the same Idempotency-Key, every acknowledged ticket must be there once,
/// and the node must serve again by itself, without being restarted.
/// </summary>
public sealed class PostgresRestartTests : IAsyncDisposable
{
    private const string Binaries = "/usr/lib/postgresql/15/bin";
    private const string Subject = "重启测试 ";
    private readonly string _directory = Directory.CreateTempSubdirectory("kefu-pgrestart-").FullName;
    private string DataDirectory => Path.Combine(_directory, "pgdata");
    private bool _clusterStarted;

    [Fact]
    public async Task RestartUnderLoad_NodeRecoversAndEveryAcknowledgedTicketIsStoredOnce()
    {
        var installed = File.Exists(Path.Combine(Binaries, "pg_ctl"));
        Assert.SkipWhen(!installed && Environment.GetEnvironmentVariable("CI") is null, $"PostgreSQL 15 is not installed in {Binaries}.");
        var ct = TestContext.Current.CancellationToken;
        var databasePort = FreePort();
        await StartClusterAsync(databasePort);
        var connectionString = $"Host=127.0.0.1;Port={databasePort};Username=postgres;Database=kefu;Pooling=true;Timeout=5";
        await using (var admin = new NpgsqlConnection($"Host=127.0.0.1;Port={databasePort};Username=postgres;Database=postgres;Pooling=false"))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand("CREATE DATABASE kefu", admin);
            await create.ExecuteNonQueryAsync(ct);
        }

        var acknowledged = new ConcurrentDictionary<string, long>();
        var sent = new ConcurrentDictionary<string, bool>();
        var failures = 0;
        var port = FreePort();
        using var server = Start(_directory, ("postgres", connectionString), port);
        try
        {
            using var client = await ConnectAsync(port, server);
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var key = $"w{w}-{i}";
                    sent[key] = true;

                    // The same key until the server acknowledges it: whatever committed before a failure is answered, not stored again.
                    while (!stop.IsCancellationRequested)
                    {
                        try
                        {
                            var response = await client.SendAsync(TicketRequest(key, Subject), stop.Token);
                            if (response.StatusCode == HttpStatusCode.Created)
                            {
                                acknowledged[key] = (await response.JsonAsync()).GetProperty("number").GetInt64();
                                break;
                            }
                        }
                        catch (OperationCanceledException) when (stop.IsCancellationRequested)
                        {
                            return;
                        }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                        {
                            // A request that timed out while the database was away; retried below.
                        }

                        Interlocked.Increment(ref failures);
                        await Task.Delay(100, CancellationToken.None);
                    }
                }
            }, CancellationToken.None)).ToList();

            await WaitUntilAsync(() => acknowledged.Count >= 100, TimeSpan.FromSeconds(30));
            var watch = Stopwatch.StartNew();
            await PgCtlAsync("restart", "-D", DataDirectory, "-m", "fast", "-w", "-l", Path.Combine(_directory, "postgres.log"));
            var afterRestart = acknowledged.Count;
            await WaitUntilAsync(() => acknowledged.Count >= afterRestart + 100, TimeSpan.FromSeconds(30));
            var recovered = watch.Elapsed;
            await stop.CancelAsync();
            await Task.WhenAll(workers);

            server.HasExited.ShouldBeFalse("the node must survive the database restart");
            (await client.GetAsync("/readyz", ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
            foreach (var (key, number) in acknowledged)
            {
                var ticket = await client.GetAsync($"/api/v1/tickets/{number}", ct);
                ticket.StatusCode.ShouldBe(HttpStatusCode.OK, $"ticket {number} ({key}) was acknowledged");
                (await ticket.JsonAsync()).GetProperty("subject").GetString().ShouldBe(Subject + key);
            }

            TestContext.Current.TestOutputHelper?.WriteLine(
                $"PostgreSQL restart under load: {acknowledged.Count} acknowledged of {sent.Count} sent, {failures} failed tries retried, 100 more acknowledged {recovered.TotalSeconds:F1} s after the restart began");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(CancellationToken.None);
        }

        await using var db = new NpgsqlConnection(connectionString.Replace("Pooling=true", "Pooling=false", StringComparison.Ordinal));
        await db.OpenAsync(ct);
        await using var count = new NpgsqlCommand("""SELECT COUNT(*), COUNT(DISTINCT "Subject") FROM "Tickets" WHERE "Subject" LIKE '重启测试 %'""", db);
        await using var reader = await count.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (stored, distinct) = (reader.GetInt64(0), reader.GetInt64(1));
        distinct.ShouldBe(stored, "no request was stored twice, however often it was retried");
        stored.ShouldBeGreaterThanOrEqualTo(acknowledged.Count);
        stored.ShouldBeLessThanOrEqualTo(sent.Count);
    }

    private async Task StartClusterAsync(int port)
    {
        if (Environment.UserName == "root")
        {
            // PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
            await RunAsync("chown", "-R", "postgres", _directory);
        }

        await PgCtlAsync("initdb", "-D", DataDirectory, "-o", "-A trust -U postgres --no-sync");
        await PgCtlAsync("start", "-D", DataDirectory, "-w", "-l", Path.Combine(_directory, "postgres.log"),
            "-o", $"-p {port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off");
        _clusterStarted = true;
    }

    private static Task PgCtlAsync(params string[] arguments)
    {
        var pgCtl = Path.Combine(Binaries, "pg_ctl");
        return Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", pgCtl, .. arguments]) : RunAsync(pgCtl, arguments);
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"{program} {string.Join(' ', arguments)}: {await output} {await error}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_clusterStarted)
        {
            await PgCtlAsync("stop", "-D", DataDirectory, "-m", "immediate", "-w");
        }

        Directory.Delete(_directory, recursive: true);
    }
}
