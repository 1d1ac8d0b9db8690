using Kefu.Server.Features.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kefu.Web.Tests;

/// <summary>
/// The real server on a loopback port over a fresh SQLite file, seeded with the demo workspace, and
/// one headless Debian chromium for all the browser tests of a class.
/// </summary>
public sealed class WebServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Workspace = DemoSeeder.Slug;
    public const string Password = DemoSeeder.Password;
    public const string IntegrationKey = "kfk_web_tests_integration_key";
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string _directory = Directory.CreateTempSubdirectory("kefu-web-").FullName;
    private IPlaywright? _playwright;

    public Uri BaseAddress { get; private set; } = null!;
    public IBrowser? Browser { get; private set; }

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public string? Unavailable { get; private set; }

    public string PortalSecret { get; private set; } = "";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "sqlite");
        builder.UseSetting("ConnectionStrings:Kefu", $"Data Source={Path.Combine(_directory, "kefu.db")}");
        builder.UseSetting("Database:MigrateOnStart", "true");
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Demo:Tickets", "42");
        builder.UseSetting("Demo:IntegrationKey", IntegrationKey);
        builder.UseSetting("Attachments:Path", Path.Combine(_directory, "attachments"));
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("Intake:Assistant:Enabled", "false");
        builder.UseSetting("Classifier:Retraining:Enabled", "false");
    }

    public async ValueTask InitializeAsync()
    {
        UseKestrel(0);
        CreateClient().Dispose();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        ClientOptions.BaseAddress = BaseAddress;
        await Kefu.Server.Storage.DatabaseSetup.MigrateAsync(Services, CancellationToken.None);
        using (var scope = Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(IntegrationKey, 42, CancellationToken.None);
        }

        using var admin = await SignedInAsync("1001");
        var key = await admin.PostAsync("/api/v1/admin/portal/key", null);
        key.StatusCode.ShouldBe(HttpStatusCode.Created);
        PortalSecret = (await key.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("secret").GetString()!;

        if (!File.Exists(ChromiumPath))
        {
            Unavailable = $"{ChromiumPath} is not installed (test.sh installs it with apt)";
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox", "--lang=zh-CN"] });
    }

    /// <summary>Skips locally when chromium is missing, but fails under CI, where test.sh must have installed it.</summary>
    public IBrowser RequireBrowser()
    {
        if (Unavailable is not null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"Browser tests cannot run under CI: {Unavailable}.");
            }

            Assert.Skip($"Browser tests skipped: {Unavailable}.");
        }

        return Browser!;
    }

    /// <summary>An HTTP client with the agent's cookie session, as the web app has it.</summary>
    public async Task<HttpClient> SignedInAsync(string agentNumber)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, BaseAddress = BaseAddress });
        client.DefaultRequestHeaders.Add("X-Kefu-Request", "1");
        var response = await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { workspace = Workspace, login = agentNumber, password = Password });
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>The host platform's server.</summary>
    public HttpClient Platform()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = BaseAddress });
        client.DefaultRequestHeaders.Authorization = new("Bearer", IntegrationKey);
        return client;
    }

    /// <summary>A portal link signed the way the host platform signs it.</summary>
    public string PortalLink(string externalId, TimeSpan validFor)
    {
        var expires = TimeProvider.System.GetUtcNow().Add(validFor).ToUnixTimeSeconds();
        var signature = Kefu.Domain.Portal.PortalLink.Sign(System.Text.Encoding.UTF8.GetBytes(PortalSecret), Workspace, externalId, expires);
        return Kefu.Server.Features.Portal.PortalEndpoints.Link(BaseAddress.ToString(), Workspace, externalId, expires, signature);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file a moment after shutdown; the temp directory is cleaned by the OS.
        }
    }
}
