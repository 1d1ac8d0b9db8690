using System.Diagnostics;
using System.Net.Sockets;

namespace Kefu.Server.Tests.Storage;

/// <summary>The real server as its own process, seeded with an integration key, for tests that kill or starve it.</summary>
internal static class ServerProcess
{
    public const string Key = "kfk_crash_test_key";

    /// <param name="database">The provider ("sqlite" or "postgres") and its connection string.</param>
    public static Process Start(string directory, (string Provider, string ConnectionString) database, int port)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "kefu.dll"), "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = database.Provider;
        start.Environment["ConnectionStrings__Kefu"] = database.ConnectionString;
        start.Environment["Database__MigrateOnStart"] = "true";
        start.Environment["Demo__Seed"] = "true";
        start.Environment["Demo__Tickets"] = "0";
        start.Environment["Demo__IntegrationKey"] = Key;
        start.Environment["Attachments__Path"] = Path.Combine(directory, "attachments");
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task<HttpClient> ConnectAsync(int port, Process server)
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

    /// <summary>A new ticket from one of a few customers, the key's part before the first '-' naming the customer.</summary>
    public static HttpRequestMessage TicketRequest(string key, string subjectPrefix)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets")
        {
            Content = JsonContent.Create(new
            {
                customer = new { externalId = "crash-" + key[..key.IndexOf('-', StringComparison.Ordinal)], name = "崩溃测试用户" },
                subject = subjectPrefix + key,
                description = "服务器在处理中被强制终止",
            }),
        };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan limit) => WaitUntilAsync(() => Task.FromResult(condition()), limit);

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            watch.Elapsed.ShouldBeLessThan(limit, "gave up waiting");
            await Task.Delay(50);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
