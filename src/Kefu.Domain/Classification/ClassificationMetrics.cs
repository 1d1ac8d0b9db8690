namespace Kefu.Domain.Classification;

/// <param name="CoverageAtTargetPrecision">Largest share of messages that can be answered automatically (confidence at or above some threshold) while at least the target share of those answers is right.</param>
/// <param name="InScopeAccuracy">Accuracy over messages whose true label is not out-of-scope; null without an out-of-scope label.</param>
/// <param name="OutOfScopeRecall">Share of truly out-of-scope messages predicted out-of-scope; null without an out-of-scope label.</param>
public sealed record ClassificationReport(double Accuracy, double MacroF1, double CoverageAtTargetPrecision, double? InScopeAccuracy, double? OutOfScopeRecall);

public static class ClassificationMetrics
{
    public static ClassificationReport Evaluate(
        IReadOnlyList<string> truth, IReadOnlyList<IntentPrediction> predictions, string? outOfScopeLabel, double targetPrecision = 0.95)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predictions);
        if (truth.Count != predictions.Count || truth.Count == 0)
        {
            throw new ArgumentException("Need one prediction per true label, and at least one.", nameof(predictions));
        }

        var correct = Enumerable.Range(0, truth.Count).Select(i => predictions[i].Label == truth[i]).ToArray();
        var accuracy = correct.Count(c => c) / (double)truth.Count;

        double? inScopeAccuracy = null, outOfScopeRecall = null;
        if (outOfScopeLabel is not null)
        {
            inScopeAccuracy = ShareCorrect(correct, Enumerable.Range(0, truth.Count).Where(i => truth[i] != outOfScopeLabel));
            outOfScopeRecall = ShareCorrect(correct, Enumerable.Range(0, truth.Count).Where(i => truth[i] == outOfScopeLabel));
        }

        return new ClassificationReport(
            accuracy, MacroF1(truth, predictions.Select(p => p.Label).ToArray()),
            CoverageAtPrecision(predictions.Select(p => p.Confidence).ToArray(), correct, targetPrecision),
            inScopeAccuracy, outOfScopeRecall);
    }

    private static double ShareCorrect(bool[] correct, IEnumerable<int> subset)
    {
        var members = subset.ToArray();
        return members.Length == 0 ? 0 : members.Count(i => correct[i]) / (double)members.Length;
    }

    /// <summary>Unweighted mean of per-label F1 over every label that occurs as truth or as prediction (as scikit-learn does).</summary>
    public static double MacroF1(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        var labels = truth.Concat(predicted).Distinct(StringComparer.Ordinal).ToArray();
        double sum = 0;
        foreach (var label in labels)
        {
            int truePositives = 0, falsePositives = 0, falseNegatives = 0;
            for (var i = 0; i < truth.Count; i++)
            {
                var isTrue = truth[i] == label;
                var isPredicted = predicted[i] == label;
                truePositives += isTrue && isPredicted ? 1 : 0;
                falsePositives += !isTrue && isPredicted ? 1 : 0;
                falseNegatives += isTrue && !isPredicted ? 1 : 0;
            }

            var denominator = (2 * truePositives) + falsePositives + falseNegatives;
            sum += denominator == 0 ? 0 : 2.0 * truePositives / denominator;
        }

        return sum / labels.Length;
    }

    /// <summary>Walks thresholds from the most confident answer down; messages with equal confidence stand or fall together.</summary>
    public static double CoverageAtPrecision(IReadOnlyList<double> confidence, IReadOnlyList<bool> correct, double targetPrecision)
    {
        ArgumentNullException.ThrowIfNull(confidence);
        ArgumentNullException.ThrowIfNull(correct);
        var order = Enumerable.Range(0, confidence.Count).OrderByDescending(i => confidence[i]).ToArray();
        int answered = 0, right = 0, best = 0;
        for (var s = 0; s < order.Length;)
        {
            var threshold = confidence[order[s]];
            while (s < order.Length && confidence[order[s]] == threshold)
            {
                answered++;
                right += correct[order[s]] ? 1 : 0;
                s++;
            }

            if (right >= targetPrecision * answered)
            {
                best = answered;
            }
        }

        return order.Length == 0 ? 0 : best / (double)order.Length;
    }
}
