using System.CommandLine;
using Kefu.Server.Features.Audit;
using Kefu.Server.Features.Receipts;
using Kefu.Server.Features.Workspaces;

namespace Kefu.Server.Cli;

public static partial class KefuCli
{
    private static Command ReceiptKeysCommand()
    {
        var command = new Command("receipt-keys", "Manage the workspace keys that sign contact receipts.");
        var rotate = new Command("rotate", "Make a new signing key and retire the current one; receipts signed before still verify.") { TreatUnmatchedTokensAsErrors = false };
        var workspace = new Option<string>("--workspace") { Description = "Workspace slug.", Required = true };
        rotate.Options.Add(workspace);
        rotate.SetAction((result, ct) => WithServicesAsync([.. result.UnmatchedTokens], async services =>
        {
            using var scope = services.CreateScope();
            var ws = await scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>().FindWorkspaceAsync(result.GetValue(workspace)!, ct);
            if (ws is null)
            {
                await Console.Error.WriteLineAsync($"No workspace '{result.GetValue(workspace)}'.");
                return 1;
            }

            using (AdminAuditRecorder.AsOperator(Environment.UserName, "kefu receipt-keys rotate"))
            {
                var key = await services.GetRequiredService<ReceiptKeys>().RotateAsync(ws.Id, ct);
                Console.WriteLine($"New receipt key {key.KeyId} is active for {ws.Slug}; earlier keys are retired and still verify.");
            }

            return 0;
        }));
        command.Subcommands.Add(rotate);
        return command;
    }
}
