using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Kefu.Domain.Classification;

namespace Kefu.Server.Features.Classification;

/// <summary>`kefu eval-classifier`: trains the intent classifier from scratch on one CSV and scores it on another. Needs no database.</summary>
public static class EvalClassifierCommand
{
    public static Command Create()
    {
        var command = new Command("eval-classifier", "Train the intent classifier on a text,label CSV and report accuracy, calibration coverage and speed on another.");
        var train = new Option<FileInfo>("--train") { Description = "Training CSV with a text,label header.", Required = true };
        var test = new Option<FileInfo>("--test") { Description = "Test CSV with a text,label header.", Required = true };
        var outOfScope = new Option<string?>("--oos-label") { Description = "The label meaning out-of-scope; adds in_scope_accuracy and oos_recall." };
        var defaults = new IntentTrainingOptions();
        var cost = new Option<double>("--cost") { Description = "SVM cost C.", DefaultValueFactory = _ => defaults.Cost };
        var minimumConfidence = new Option<double>("--min-confidence") { Description = "Below this probability a message is out-of-scope / low confidence.", DefaultValueFactory = _ => defaults.MinimumConfidence };
        var charNgrams = new Option<string>("--char-ngrams") { Description = "Character n-gram lengths, e.g. 1-4.", DefaultValueFactory = _ => $"{defaults.Features.CharMinLength}-{defaults.Features.CharMaxLength}" };
        var wordNgrams = new Option<int>("--word-ngrams") { Description = "Longest word n-gram (0 for none).", DefaultValueFactory = _ => defaults.Features.WordMaxLength };
        var minDf = new Option<int>("--min-df") { Description = "Drop n-grams found in fewer training messages.", DefaultValueFactory = _ => defaults.Features.MinDocumentFrequency };
        var predictionsOut = new Option<FileInfo?>("--predictions") { Description = "Also write every test message's prediction to this CSV (text,label,predicted,confidence), to study the errors." };
        foreach (var option in new Option[] { train, test, outOfScope, cost, minimumConfidence, charNgrams, wordNgrams, minDf, predictionsOut })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, ct) =>
        {
            var lengths = result.GetValue(charNgrams)!.Split('-', StringSplitOptions.TrimEntries);
            var options = defaults with
            {
                Cost = result.GetValue(cost),
                MinimumConfidence = result.GetValue(minimumConfidence),
                OutOfScopeLabel = result.GetValue(outOfScope),
                Features = defaults.Features with
                {
                    CharMinLength = int.Parse(lengths[0], CultureInfo.InvariantCulture),
                    CharMaxLength = int.Parse(lengths[^1], CultureInfo.InvariantCulture),
                    WordMaxLength = result.GetValue(wordNgrams),
                    MinDocumentFrequency = result.GetValue(minDf),
                },
            };
            return await RunAsync(result.GetValue(train)!.FullName, result.GetValue(test)!.FullName, options, Console.Out, Console.Error, result.GetValue(predictionsOut)?.FullName, ct);
        });
        return command;
    }

    public static async Task<int> RunAsync(string trainPath, string testPath, IntentTrainingOptions options, TextWriter output, TextWriter log, string? predictionsPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(log);
        List<LabelledText> trainSet, testSet;
        try
        {
            trainSet = await LabelledTextCsv.ReadFileAsync(trainPath, cancellationToken);
            testSet = await LabelledTextCsv.ReadFileAsync(testPath, cancellationToken);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            await log.WriteLineAsync($"Cannot read the data: {e.Message}");
            return 1;
        }

        if (testSet.Count == 0)
        {
            await log.WriteLineAsync("The test CSV has no rows.");
            return 1;
        }

        var stopwatch = Stopwatch.StartNew();
        IntentClassifier classifier;
        try
        {
            classifier = IntentClassifier.Train(trainSet, options, new ProgressLog(log, stopwatch), cancellationToken);
        }
        catch (ArgumentException e)
        {
            await log.WriteLineAsync($"Cannot train: {e.Message}");
            return 1;
        }

        var trainSeconds = stopwatch.Elapsed.TotalSeconds;
        await log.WriteLineAsync($"trained on {trainSet.Count} messages, {classifier.Labels.Count} labels, {classifier.FeatureCount} features in {trainSeconds:F1} s; scoring {testSet.Count} messages");

        // Warm up until the JIT has tiered up the prediction path, so the timings below are steady-state.
        for (var i = 0; i < Math.Max(2000, testSet.Count); i++)
        {
            classifier.Predict(testSet[i % testSet.Count].Text);
        }

        var predictions = new IntentPrediction[testSet.Count];
        var milliseconds = new double[testSet.Count];
        for (var i = 0; i < testSet.Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            predictions[i] = classifier.Predict(testSet[i].Text);
            milliseconds[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        var report = ClassificationMetrics.Evaluate([.. testSet.Select(e => e.Label)], predictions, options.OutOfScopeLabel);
        Array.Sort(milliseconds);
        var lines = new List<string>
        {
            Line("accuracy", report.Accuracy),
            Line("macro_f1", report.MacroF1),
            Line("coverage_at_95_precision", report.CoverageAtTargetPrecision),
        };
        if (options.OutOfScopeLabel is not null)
        {
            lines.Add(Line("in_scope_accuracy", report.InScopeAccuracy!.Value));
            lines.Add(Line("oos_recall", report.OutOfScopeRecall!.Value));
        }

        lines.Add(Line("p50_ms_per_message", Percentile(milliseconds, 0.50)));
        lines.Add(Line("p99_ms_per_message", Percentile(milliseconds, 0.99)));
        lines.Add(Line("train_seconds", trainSeconds));
        foreach (var line in lines)
        {
            await output.WriteLineAsync(line);
        }

        if (predictionsPath is not null)
        {
            await File.WriteAllLinesAsync(
                predictionsPath,
                ["text,label,predicted,confidence", .. testSet.Select((e, i) => string.Join(',', LabelledTextCsv.Quote(e.Text), LabelledTextCsv.Quote(e.Label), LabelledTextCsv.Quote(predictions[i].Label), predictions[i].Confidence.ToString("F4", CultureInfo.InvariantCulture)))],
                cancellationToken);
        }

        return 0;
    }

    private static string Line(string name, double value) => string.Create(CultureInfo.InvariantCulture, $"{name}: {value:F4}");

    private static double Percentile(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>After the first second, writes a line when a training stage starts and at each further quarter of its labels, so long trainings show they are alive.</summary>
    private sealed class ProgressLog(TextWriter log, Stopwatch stopwatch) : IProgress<TrainingProgress>
    {
        private readonly Lock _gate = new();
        private string? _stage;
        private int _quarter;

        public void Report(TrainingProgress value)
        {
            lock (_gate)
            {
                var quarter = value.Total == 0 ? 4 : 4 * value.Done / value.Total;
                if (stopwatch.Elapsed < TimeSpan.FromSeconds(1) || (value.Stage == _stage && quarter <= _quarter))
                {
                    return;
                }

                _stage = value.Stage;
                _quarter = quarter;
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"training {value.Stage}: {value.Done}/{value.Total} labels ({stopwatch.Elapsed.TotalSeconds:F1} s)"));
            }
        }
    }
}
