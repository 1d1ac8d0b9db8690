using System.CommandLine;
using Kefu.Persistence;
using Kefu.Server.Features.Search;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Kefu.Server.Cli;

public static partial class KefuCli
{
    private static Command SearchCommand()
    {
        var command = new Command("search", "Maintain the full-text search index.");
        var reindex = new Command("reindex", "Rebuild the search entries of every ticket, message and customer (for data written before search existed).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        var workspace = new Option<string?>("--workspace") { Description = "Only this workspace (slug); all workspaces when left out." };
        reindex.Options.Add(workspace);
        reindex.SetAction((result, ct) => WithServicesAsync([.. result.UnmatchedTokens], async services =>
        {
            await DatabaseSetup.MigrateAsync(services, ct);
            Guid? workspaceId = null;
            if (result.GetValue(workspace) is { } slug)
            {
                await using var db = await services.GetRequiredService<IDbContextFactory<KefuDbContext>>().CreateDbContextAsync(ct);
                workspaceId = await db.Workspaces.Where(w => w.Slug == slug).Select(w => (Guid?)w.Id).FirstOrDefaultAsync(ct);
                if (workspaceId is null)
                {
                    await Console.Error.WriteLineAsync($"No workspace '{slug}'.");
                    return 2;
                }
            }

            var indexer = ActivatorUtilities.CreateInstance<SearchReindex>(services);
            var totals = await indexer.CountAsync(workspaceId, ct);
            await AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"Indexing {totals.Tickets:N0} tickets, {totals.Messages:N0} messages, {totals.Customers:N0} customers", maxValue: Math.Max(totals.All, 1));
                    await indexer.RunAsync(workspaceId, new Progress<int>(done => task.Value = done), ct);
                    task.Value = task.MaxValue;
                });
            Console.WriteLine("Search index rebuilt.");
            return 0;
        }));
        command.Subcommands.Add(reindex);
        return command;
    }
}
