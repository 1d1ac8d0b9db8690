using System.CommandLine;
using Kefu.Domain.Agents;
using Kefu.Persistence;
using Kefu.Server.Features.Classification;
using Kefu.Server.Features.Demo;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Hosting;
using Kefu.Server.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Spectre.Console;

namespace Kefu.Server.Cli;

/// <summary>
/// `kefu` with no verb serves; the verbs are operator tasks that run against the configured database
/// and exit. Unknown options pass through to ASP.NET Core (e.g. --urls, --Database:Provider=postgres).
/// </summary>
public static partial class KefuCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Kefu (客服): self-hosted customer service. Run with no verb to serve.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.SetAction((result, ct) => ServeAsync([.. result.UnmatchedTokens], ct));

        var serve = new Command("serve", "Run the server (the default when no verb is given).") { TreatUnmatchedTokensAsErrors = false };
        serve.SetAction((result, ct) => ServeAsync([.. result.UnmatchedTokens], ct));
        root.Subcommands.Add(serve);

        var migrate = new Command("migrate", "Create or upgrade the database schema, then exit. Run once before starting scale-out nodes.") { TreatUnmatchedTokensAsErrors = false };
        migrate.SetAction((result, ct) => WithServicesAsync([.. result.UnmatchedTokens], async services =>
        {
            Console.WriteLine($"Migrating the {DatabaseSetup.ReadProvider(services.GetRequiredService<IConfiguration>())} database ...");
            await DatabaseSetup.MigrateAsync(services, ct);
            Console.WriteLine("Schema is up to date.");
            return 0;
        }));
        root.Subcommands.Add(migrate);

        root.Subcommands.Add(WorkspacesCommand());
        root.Subcommands.Add(AgentsCommand());
        root.Subcommands.Add(KeysCommand());
        root.Subcommands.Add(VerifyTimelineCommand());
        root.Subcommands.Add(SearchCommand());
        root.Subcommands.Add(ReceiptKeysCommand());
        root.Subcommands.Add(AnalyticsCommand());
        root.Subcommands.Add(EvalClassifierCommand.Create());

        var seed = new Command("seed-demo", "Create the demo workspace with teams, agents, categories and tickets; --tickets 1000000 makes a year of data for benchmarks.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        seed.Aliases.Add("seed");
        var ticketsOption = new Option<int>("--tickets") { Description = "How many demo tickets to create.", DefaultValueFactory = _ => 42 };
        seed.Options.Add(ticketsOption);
        seed.SetAction((result, ct) => WithServicesAsync([.. result.UnmatchedTokens], async services =>
        {
            await DatabaseSetup.MigrateAsync(services, ct);
            using var scope = services.CreateScope();
            var seeder = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
            var key = services.GetRequiredService<IConfiguration>()["Demo:IntegrationKey"];
            var tickets = result.GetValue(ticketsOption);
            var created = false;
            await AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"Seeding {tickets:N0} tickets", maxValue: Math.Max(tickets, 1));
                    created = await seeder.SeedAsync(key, tickets, ct, new Progress<int>(done => task.Value = done));
                    task.Value = task.MaxValue;
                });
            Console.WriteLine(created ? "Demo workspace created." : "The demo workspace exists already; nothing changed.");
            return 0;
        }));
        root.Subcommands.Add(seed);

        return await root.Parse(args).InvokeAsync();
    }

    private static Command WorkspacesCommand()
    {
        var command = new Command("workspaces", "Manage workspaces.");
        var create = new Command("create", "Create a workspace.") { TreatUnmatchedTokensAsErrors = false };
        var slug = new Option<string>("--slug") { Description = "Short unique name used in URLs and sign-in, e.g. 'acme'.", Required = true };
        var name = new Option<string>("--name") { Description = "Display name.", Required = true };
        create.Options.Add(slug);
        create.Options.Add(name);
        create.SetAction((result, ct) => WithServicesAsync([.. result.UnmatchedTokens], async services =>
        {
            using var scope = services.CreateScope();
            var provisioning = scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>();
            if (await provisioning.FindWorkspaceAsync(result.GetValue(slug)!, ct) is not null)
            {
                await Console.Error.WriteLineAsync($"A workspace '{result.GetValue(slug)}' exists already.");
                return 1;
            }

            var workspace = await provisioning.CreateWorkspaceAsync(result.GetValue(slug)!, result.GetValue(name)!, ct);
            Console.WriteLine($"Created workspace {workspace.Slug} ({workspace.Id}).");
            return 0;
        }));
        command.Subcommands.Add(create);
        return command;
    }

    private static Command AgentsCommand()
    {
        var command = new Command("agents", "Manage agents.");
        var create = new Command("create", "Create an agent; prints nothing secret.") { TreatUnmatchedTokensAsErrors = false };
        var workspace = new Option<string>("--workspace") { Description = "Workspace slug.", Required = true };
        var number = new Option<string>("--number") { Description = "Agent number (工号), unique in the workspace.", Required = true };
        var name = new Option<string>("--name") { Description = "Display name shown to customers.", Required = true };
        var email = new Option<string>("--email") { Description = "Sign-in email.", Required = true };
        var role = new Option<AgentRole>("--role") { Description = "Agent, Supervisor or Admin.", DefaultValueFactory = _ => AgentRole.Agent };
        var password = new Option<string>("--password") { Description = "Initial password (at least 8 characters).", Required = true };
        foreach (var option in new Option[] { workspace, number, name, email, role, password })
        {
            create.Options.Add(option);
        }

        create.SetAction((result, ct) => WithServicesAsync([.. result.UnmatchedTokens], async services =>
        {
            if (result.GetValue(password)!.Length < 8)
            {
                await Console.Error.WriteLineAsync("The password must have at least 8 characters.");
                return 1;
            }

            using var scope = services.CreateScope();
            var provisioning = scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>();
            var ws = await provisioning.FindWorkspaceAsync(result.GetValue(workspace)!, ct);
            if (ws is null)
            {
                await Console.Error.WriteLineAsync($"No workspace '{result.GetValue(workspace)}'.");
                return 1;
            }

            var agent = await provisioning.CreateAgentAsync(ws.Id, result.GetValue(number)!, result.GetValue(name)!, result.GetValue(email)!, result.GetValue(role), result.GetValue(password)!, ct);
            Console.WriteLine($"Created agent {agent.AgentNumber} {agent.DisplayName} ({agent.Role}).");
            return 0;
        }));
        command.Subcommands.Add(create);
        return command;
    }

    private static Command KeysCommand()
    {
        var command = new Command("keys", "Manage integration keys for the host platform's server-to-server calls.");
        var create = new Command("create", "Create an integration key and print it once; only its hash is stored.") { TreatUnmatchedTokensAsErrors = false };
        var workspace = new Option<string>("--workspace") { Description = "Workspace slug.", DefaultValueFactory = _ => DemoSeeder.Slug };
        var name = new Option<string>("--name") { Description = "What the key is for, e.g. 'order-service'.", Required = true };
        create.Options.Add(workspace);
        create.Options.Add(name);
        create.SetAction((result, ct) => WithServicesAsync([.. result.UnmatchedTokens], async services =>
        {
            using var scope = services.CreateScope();
            var provisioning = scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>();
            var ws = await provisioning.FindWorkspaceAsync(result.GetValue(workspace)!, ct);
            if (ws is null)
            {
                await Console.Error.WriteLineAsync($"No workspace '{result.GetValue(workspace)}'.");
                return 1;
            }

            var (_, secret) = await provisioning.CreateIntegrationKeyAsync(ws.Id, result.GetValue(name)!, null, ct);
            Console.WriteLine(secret);
            await Console.Error.WriteLineAsync("Store this key now: it cannot be shown again.");
            return 0;
        }));
        command.Subcommands.Add(create);
        return command;
    }

    private static async Task<int> ServeAsync(string[] args, CancellationToken cancellationToken)
    {
        var app = KefuHost.Build(args);
        var configuration = app.Configuration;
        if (DatabaseSetup.ReadProvider(configuration) == DatabaseProvider.Sqlite || configuration.GetValue<bool>("Database:MigrateOnStart"))
        {
            await DatabaseSetup.MigrateAsync(app.Services, cancellationToken);
        }

        if (configuration.GetValue<bool>("Demo:Seed"))
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>()
                .SeedAsync(configuration["Demo:IntegrationKey"], configuration.GetValue("Demo:Tickets", 42), cancellationToken);
            app.Lifetime.ApplicationStarted.Register(() => PrintDemoBanner(app));
        }

        await app.RunAsync();
        return 0;
    }

    private static void PrintDemoBanner(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var url = addresses.FirstOrDefault() ?? "http://localhost:5080";
        Console.WriteLine();
        Console.WriteLine($"  Kefu is running at {url}  (API reference: {url}/docs, OpenAPI: {url}/openapi/v1.json)");
        Console.WriteLine($"  Demo workspace '{DemoSeeder.Slug}', password for every demo agent: {DemoSeeder.Password}");
        foreach (var (number, name, _, role, _) in DemoSeeder.Staff)
        {
            Console.WriteLine($"    工号 {number}  {name}  ({role})");
        }

        Console.WriteLine($"  Integration key (Bearer): {app.Configuration["Demo:IntegrationKey"]}");
        Console.WriteLine();
    }

    private static async Task<int> WithServicesAsync(string[] args, Func<IServiceProvider, Task<int>> action)
    {
        await using var app = KefuHost.Build(args);
        return await action(app.Services);
    }
}
