using System.CommandLine;
using Kefu.Server.Features.Analytics;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Storage;
using Spectre.Console;

namespace Kefu.Server.Cli;

public static partial class KefuCli
{
    private static Command AnalyticsCommand()
    {
        var command = new Command("analytics", "Metric facts and rollups.");
        var rebuild = new Command("rebuild", "Recompute every metric fact, ledger and rollup from the ticket timelines; safe to run again.") { TreatUnmatchedTokensAsErrors = false };
        var workspace = new Option<string?>("--workspace") { Description = "Only this workspace (slug); every workspace when left out." };
        rebuild.Options.Add(workspace);
        rebuild.SetAction((result, ct) => WithServicesAsync([.. result.UnmatchedTokens], async services =>
        {
            await DatabaseSetup.MigrateAsync(services, ct);
            Guid? workspaceId = null;
            if (result.GetValue(workspace) is { } slug)
            {
                using var scope = services.CreateScope();
                var found = await scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>().FindWorkspaceAsync(slug, ct);
                if (found is null)
                {
                    await Console.Error.WriteLineAsync($"No workspace '{slug}'.");
                    return 1;
                }

                workspaceId = found.Id;
            }

            AnalyticsRebuild.Result? outcome = null;
            await AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var replay = context.AddTask("Replaying ticket timelines");
                    var fold = context.AddTask("Folding facts into rollups", autoStart: false);
                    outcome = await services.GetRequiredService<AnalyticsRebuild>().RunAsync(
                        workspaceId,
                        new Progress<(long Done, long Total)>(p => (replay.MaxValue, replay.Value) = (Math.Max(p.Total, 1), p.Done)),
                        new Progress<(long Done, long Total)>(p =>
                        {
                            replay.Value = replay.MaxValue;
                            fold.StartTask();
                            (fold.MaxValue, fold.Value) = (Math.Max(p.Total, 1), p.Done);
                        }),
                        ct);
                    replay.Value = replay.MaxValue;
                    fold.Value = fold.MaxValue;
                });
            Console.WriteLine($"Rebuilt {outcome!.Facts:N0} facts from {outcome.Tickets:N0} tickets into {outcome.Rollups:N0} rollup rows.");
            return 0;
        }));
        command.Subcommands.Add(rebuild);
        return command;
    }
}
