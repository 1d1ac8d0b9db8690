using System.Text.RegularExpressions;
using Kefu.Server.Cli;

namespace Kefu.Server.Tests.Classification;

[CollectionDefinition(nameof(ConsoleCapture), DisableParallelization = true)]
public sealed class ConsoleCapture;

/// <summary>Runs `kefu eval-classifier` through the real entry point with the console captured; no database is configured or needed.</summary>
[Collection(nameof(ConsoleCapture))]
public sealed partial class EvalClassifierCliTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "intents");

    [Fact]
    public async Task EvalClassifier_WithOutOfScopeLabel_PrintsEveryFigureInOrder()
    {
        var (exitCode, output, _) = await RunAsync("eval-classifier", "--train", Path.Combine(Fixtures, "train.csv"), "--test", Path.Combine(Fixtures, "test.csv"), "--oos-label", "oos");

        exitCode.ShouldBe(0);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.Select(l => l.Split(':')[0]).ShouldBe(
            ["accuracy", "macro_f1", "coverage_at_95_precision", "in_scope_accuracy", "oos_recall", "p50_ms_per_message", "p99_ms_per_message", "train_seconds"]);
        lines.ShouldAllBe(l => FigureLine().IsMatch(l));
        foreach (var line in lines.Take(5))
        {
            line.ShouldMatch(@": [01]\.\d{4}$");
        }

        Value(lines, "accuracy").ShouldBeGreaterThanOrEqualTo(0.85);
        Value(lines, "p50_ms_per_message").ShouldBeLessThan(5);
    }

    [Fact]
    public async Task EvalClassifier_WithoutOutOfScopeLabel_LeavesOutTheOutOfScopeFigures()
    {
        var (exitCode, output, _) = await RunAsync("eval-classifier", "--train", Path.Combine(Fixtures, "train.csv"), "--test", Path.Combine(Fixtures, "test.csv"));

        exitCode.ShouldBe(0);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[0]).ShouldBe(
            ["accuracy", "macro_f1", "coverage_at_95_precision", "p50_ms_per_message", "p99_ms_per_message", "train_seconds"]);
    }

    [Fact]
    public async Task EvalClassifier_MissingFile_FailsWithAMessage()
    {
        var (exitCode, output, error) = await RunAsync("eval-classifier", "--train", Path.Combine(Fixtures, "no-such.csv"), "--test", Path.Combine(Fixtures, "test.csv"));

        exitCode.ShouldBe(1);
        output.ShouldBeEmpty();
        error.ShouldContain("Cannot read the data");
    }

    private static double Value(string[] lines, string name) =>
        double.Parse(lines.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var originalOut = Console.Out;
        var originalError = Console.Error;
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exitCode = await KefuCli.RunAsync(args);
            return (exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }

    [GeneratedRegex(@"^[a-z0-9_]+: \d+\.\d{4}$")]
    private static partial Regex FigureLine();
}
