using Kefu.Domain.Classification;

namespace Kefu.Domain.Tests.Classification;

public sealed class ClassificationMetricsTests
{
    [Fact]
    public void MacroF1_TwoLabels_MeanOfPerLabelF1()
    {
        // a: tp 2, fp 1, fn 0 → F1 0.8; b: tp 1, fp 0, fn 1 → F1 2/3.
        var f1 = ClassificationMetrics.MacroF1(["a", "a", "b", "b"], ["a", "a", "a", "b"]);

        f1.ShouldBe((0.8 + (2.0 / 3.0)) / 2, 1e-12);
    }

    [Fact]
    public void MacroF1_LabelOnlyPredicted_CountsAsZero()
    {
        ClassificationMetrics.MacroF1(["a", "a"], ["a", "c"]).ShouldBe((2.0 / 3.0) / 2, 1e-12);
    }

    [Fact]
    public void CoverageAtPrecision_WrongAnswerAmongConfidentOnes_StopsBeforeItWouldFallBelowTarget()
    {
        // Sorted by confidence: 20 right, then 1 wrong (20/21 = 0.952 still ≥ 0.95), then 1 wrong (20/22 = 0.909), then 3 right (23/25 = 0.92).
        var confidence = Enumerable.Range(0, 25).Select(i => 1.0 - (i / 100.0)).ToArray();
        var correct = Enumerable.Range(0, 25).Select(i => i is not (20 or 21)).ToArray();

        ClassificationMetrics.CoverageAtPrecision(confidence, correct, 0.95).ShouldBe(21 / 25.0, 1e-12);
    }

    [Fact]
    public void CoverageAtPrecision_TiedConfidence_AnsweredTogether()
    {
        double[] confidence = [0.9, 0.9, 0.5];
        bool[] correct = [true, false, true];

        ClassificationMetrics.CoverageAtPrecision(confidence, correct, 0.95).ShouldBe(0);
        ClassificationMetrics.CoverageAtPrecision(confidence, correct, 0.5).ShouldBe(1);
    }

    [Fact]
    public void Evaluate_WithOutOfScopeLabel_SplitsInScopeAccuracyAndRecall()
    {
        static IntentPrediction P(string label, double confidence) => new(label, confidence, true, label == "oos", [new IntentAlternative(label, confidence)]);

        var report = ClassificationMetrics.Evaluate(
            ["a", "b", "oos", "oos"],
            [P("a", 0.9), P("oos", 0.2), P("oos", 0.3), P("b", 0.6)],
            "oos");

        report.Accuracy.ShouldBe(0.5);
        report.InScopeAccuracy.ShouldBe(0.5);
        report.OutOfScopeRecall.ShouldBe(0.5);
        report.CoverageAtTargetPrecision.ShouldBe(0.25);
    }
}
