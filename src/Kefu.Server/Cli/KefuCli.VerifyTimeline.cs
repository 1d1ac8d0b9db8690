using System.CommandLine;
using Kefu.Server.Features.Receipts;

namespace Kefu.Server.Cli;

public static partial class KefuCli
{
    private static Command VerifyTimelineCommand()
    {
        var command = new Command("verify-timeline", "Check every ticket's timeline hash chain and list any break. Exits 3 when one is broken.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        var workspace = new Option<string?>("--workspace") { Description = "Only this workspace (slug); all workspaces when left out." };
        command.Options.Add(workspace);
        command.SetAction((result, ct) => WithServicesAsync([.. result.UnmatchedTokens], services =>
            TimelineVerification.RunAsync(services, result.GetValue(workspace), Console.Out, ct)));
        return command;
    }
}
