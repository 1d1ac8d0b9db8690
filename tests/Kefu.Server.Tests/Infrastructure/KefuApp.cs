using Kefu.Domain.Agents;
using Kefu.Domain.Tickets;
using Kefu.Domain.Workspaces;
using Kefu.Persistence;
using Kefu.Server.Features.Workspaces;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kefu.Server.Tests.Infrastructure;

public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real server on a real database: a file-backed SQLite database or a fresh PostgreSQL database
/// (on the server test.sh starts, named by KEFU_TEST_POSTGRES). Each instance owns its database.
/// </summary>
public sealed class KefuApp : WebApplicationFactory<Program>
{
    private readonly string _directory;

    private KefuApp(Provider provider, string connectionString, string directory, string? adminConnection, string? databaseName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _directory = directory;
        AdminConnection = adminConnection;
        DatabaseName = databaseName;
    }

    public Provider Provider { get; }
    public string ConnectionString { get; }

    /// <summary>Served by Kestrel on a loopback port instead of the in-memory test server (which buffers request bodies itself).</summary>
    public bool OverSockets { get; private set; }
    private string? AdminConnection { get; }
    private string? DatabaseName { get; }

    /// <summary>Settings on top of the test defaults, e.g. to switch on a background loop the defaults keep off.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; private init; } = new Dictionary<string, string>();

    public static async Task<KefuApp> StartAsync(Provider provider, bool overSockets = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        var app = await CreateAsync(provider);
        return (settings is null ? app : new KefuApp(app.Provider, app.ConnectionString, app._directory, app.AdminConnection, app.DatabaseName) { Settings = settings })
            .Started(overSockets);
    }

    private static async Task<KefuApp> CreateAsync(Provider provider)
    {
        var directory = Directory.CreateTempSubdirectory("kefu-test-").FullName;
        if (provider == Provider.Sqlite)
        {
            return new KefuApp(provider, $"Data Source={Path.Combine(directory, "kefu.db")}", directory, null, null);
        }

        var admin = Environment.GetEnvironmentVariable("KEFU_TEST_POSTGRES")
            ?? throw new InvalidOperationException("KEFU_TEST_POSTGRES is not set: run the tests through ./test.sh, which starts PostgreSQL.");
        var name = "kefu_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin + ";Database=postgres"))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new KefuApp(provider, $"{admin};Database={name}", directory, admin, name);
    }

    private KefuApp Started(bool overSockets)
    {
        if (overSockets)
        {
            UseKestrel(0);
            OverSockets = true;
        }

        CreateClient().Dispose();
        if (overSockets)
        {
            var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            ClientOptions.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        }

        return this;
    }

    /// <summary>Services a test adds on top of the server's own (a stand-in delivery, say).</summary>
    public Action<IServiceCollection>? ExtraServices { get; private init; }

    /// <summary>A server with settings (and services) of its own: a background loop switched on, a delivery added.</summary>
    public static async Task<KefuApp> StartAsync(Provider provider, IReadOnlyDictionary<string, string> settings, Action<IServiceCollection>? services)
    {
        var app = await CreateAsync(provider);
        return new KefuApp(app.Provider, app.ConnectionString, app._directory, app.AdminConnection, app.DatabaseName) { Settings = settings, ExtraServices = services }
            .Started(overSockets: false);
    }

    /// <summary>Another node on the same database, served over real sockets (for SignalR clients), with its own settings.</summary>
    public KefuApp SecondNodeOverSockets(IReadOnlyDictionary<string, string> settings) =>
        new KefuApp(Provider, ConnectionString, _directory, null, null) { Settings = settings, ExtraServices = ExtraServices }.Started(overSockets: true);

    /// <summary>A second server on the same database, as after a restart; with other settings if given.</summary>
    public KefuApp Restart(IReadOnlyDictionary<string, string>? settings = null)
    {
        var again = new KefuApp(Provider, ConnectionString, _directory, null, null) { Settings = settings ?? Settings, ExtraServices = ExtraServices };
        again.CreateClient().Dispose();
        return again;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider == Provider.Sqlite ? "sqlite" : "postgres");
        builder.UseSetting("ConnectionStrings:Kefu", ConnectionString);
        builder.UseSetting("Database:MigrateOnStart", "true");
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Attachments:Path", Path.Combine(_directory, "attachments"));
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.ConfigureLogging(logging => logging.AddProvider(ServerErrors.Provider));

        // The intake assistant moves tickets with missing facts to NeedsInfo within a second; tests that do not
        // expect that would race it, so it runs only where a test asks for it.
        builder.UseSetting("Intake:Assistant:Enabled", "false");

        // Every test client shares one address on the in-memory server; rate-limit tests set their own limits.
        builder.UseSetting("RateLimits:Intake:PerAddressPerMinute", "0");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (ExtraServices is not null)
        {
            builder.ConfigureServices(ExtraServices);
        }
    }

    /// <summary>A client that keeps cookies and sends the CSRF header, as the agent web app does.</summary>
    public HttpClient BrowserClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, BaseAddress = ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Add("X-Kefu-Request", "1");
        return client;
    }

    public KefuDbContext Db() => Services.GetRequiredService<IDbContextFactory<KefuDbContext>>().CreateDbContext();

    /// <summary>A workspace of its own for one test: staff, categories, a merchant and an integration key.</summary>
    public async Task<TestWorkspace> CreateWorkspaceAsync()
    {
        using var scope = Services.CreateScope();
        var provisioning = scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>();
        var slug = "ws-" + Guid.NewGuid().ToString("N")[..12];
        var workspace = await provisioning.CreateWorkspaceAsync(slug, "测试工作区 " + slug, CancellationToken.None);
        var (_, key) = await provisioning.CreateIntegrationKeyAsync(workspace.Id, "tests", null, CancellationToken.None);
        var admin = await provisioning.CreateAgentAsync(workspace.Id, "9001", "管理员", $"admin@{slug}.test", AgentRole.Admin, TestWorkspace.Password, CancellationToken.None);
        var agent = await provisioning.CreateAgentAsync(workspace.Id, "9002", "李娜", $"lina@{slug}.test", AgentRole.Agent, TestWorkspace.Password, CancellationToken.None);

        await using var db = Db();
        var team = new Team { Id = Guid.NewGuid(), WorkspaceId = workspace.Id, Name = "售后退款组" };
        db.Teams.Add(team);
        db.Categories.Add(new Category { Id = Guid.NewGuid(), WorkspaceId = workspace.Id, Code = "refund", NameZh = "退款", NameEn = "Refund", DefaultTeamId = team.Id });
        db.Categories.Add(new Category { Id = Guid.NewGuid(), WorkspaceId = workspace.Id, Code = "account", NameZh = "账户", NameEn = "Account", DefaultPriority = TicketPriority.High });
        db.Categories.Add(new Category { Id = Guid.NewGuid(), WorkspaceId = workspace.Id, Code = "retired", NameZh = "停用", NameEn = "Retired", IsActive = false });
        var merchant = new Merchant { Id = Guid.NewGuid(), WorkspaceId = workspace.Id, Name = "鲜果批发旗舰店", ExternalId = "m-1" };
        db.Merchants.Add(merchant);
        await db.SaveChangesAsync();

        // Written behind the app's back, like an admin change: a background job (early warning, live queues) may have
        // cached this workspace's catalog before its categories existed, so drop it as the admin endpoints do.
        Services.GetRequiredService<WorkspaceCatalog>().Invalidate(workspace.Id);
        return new TestWorkspace(this, workspace, key, admin, agent, team, merchant);
    }

    /// <summary>Stops this server but leaves its database for a <see cref="Restart"/>ed one.</summary>
    public ValueTask DisposeAsyncKeepingDatabase() => base.DisposeAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (AdminConnection is not null && DatabaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(AdminConnection + ";Database=postgres");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}

public sealed record TestWorkspace(KefuApp App, Workspace Workspace, string IntegrationKey, Agent Admin, Agent Agent, Team Team, Merchant Merchant)
{
    public const string Password = "Test@Pass123";

    /// <summary>A client that calls as the host platform's server.</summary>
    public HttpClient Integration()
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", IntegrationKey);
        return client;
    }

    /// <summary>A client signed in as the agent with the cookie session.</summary>
    public async Task<HttpClient> SignedInAsync(Agent who)
    {
        ArgumentNullException.ThrowIfNull(who);
        var client = App.BrowserClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { workspace = Workspace.Slug, login = who.AgentNumber, password = Password });
        response.EnsureSuccessStatusCode();
        return client;
    }
}
