using Kefu.Domain.Classification;

namespace Kefu.Domain.Tests.Classification;

public sealed class IntentClassifierTests
{
    private static readonly Lazy<IntentClassifier> Trained = new(() =>
        IntentClassifier.Train(IntentFixture.Train, new IntentTrainingOptions { OutOfScopeLabel = "oos" }));

    [Fact]
    public void Predict_HeldOutFixtureMessages_MostlyRight()
    {
        var classifier = Trained.Value;

        var right = IntentFixture.Test.Count(e => classifier.Predict(e.Text).Label == e.Label);

        (right / (double)IntentFixture.Test.Count).ShouldBeGreaterThanOrEqualTo(0.85);
    }

    [Fact]
    public void Predict_ClearMessageAgainstUnrelatedOne_ClearOneIsMoreConfident()
    {
        var classifier = Trained.Value;

        var clear = classifier.Predict("我要退款，订单号12345");
        var unrelated = classifier.Predict("量子力学的基本原理");

        clear.Label.ShouldBe("refund_request");
        clear.IsConfident.ShouldBeTrue();
        clear.Confidence.ShouldBeGreaterThan(unrelated.Confidence);
    }

    [Fact]
    public void Predict_Alternatives_RankedProbabilitiesLedByTheBestLabel()
    {
        var prediction = Trained.Value.Predict("my top up is missing", alternatives: 4);

        prediction.Alternatives.Count.ShouldBe(4);
        prediction.Alternatives[0].Label.ShouldBe(prediction.Label);
        prediction.Alternatives[0].Probability.ShouldBe(prediction.Confidence);
        prediction.Alternatives.Select(a => a.Probability).ShouldBeInOrder(SortDirection.Descending);
        prediction.Alternatives.Sum(a => a.Probability).ShouldBeLessThanOrEqualTo(1.0 + 1e-9);
        prediction.Alternatives.Select(a => a.Label).Distinct().Count().ShouldBe(4);
    }

    [Fact]
    public void Predict_BelowMinimumConfidence_FallsBackToOutOfScope()
    {
        var strict = IntentClassifier.Train(IntentFixture.Train, new IntentTrainingOptions { OutOfScopeLabel = "oos", MinimumConfidence = 0.999 });

        var prediction = strict.Predict("退款");

        prediction.IsConfident.ShouldBeFalse();
        prediction.IsOutOfScope.ShouldBeTrue();
        prediction.Label.ShouldBe("oos");
        prediction.Alternatives[0].Label.ShouldBe("refund_request");
    }

    [Fact]
    public void Predict_NoOutOfScopeLabel_KeepsBestLabelButFlagsLowConfidence()
    {
        var strict = IntentClassifier.Train(IntentFixture.Train, new IntentTrainingOptions { MinimumConfidence = 0.999 });

        var prediction = strict.Predict("退款");

        prediction.Label.ShouldBe("refund_request");
        prediction.IsConfident.ShouldBeFalse();
        prediction.IsOutOfScope.ShouldBeFalse();
    }

    [Fact]
    public void Confidence_OnHeldOutFixture_HigherWhenRight()
    {
        var classifier = Trained.Value;
        var predictions = IntentFixture.Test.Select(e => (Prediction: classifier.Predict(e.Text), e.Label)).ToList();

        var meanRight = predictions.Where(p => p.Prediction.Label == p.Label).Average(p => p.Prediction.Confidence);
        var wrong = predictions.Where(p => p.Prediction.Label != p.Label).ToList();

        classifier.Temperature.ShouldBeGreaterThan(0);
        if (wrong.Count > 0)
        {
            meanRight.ShouldBeGreaterThan(wrong.Average(p => p.Prediction.Confidence));
        }
    }

    [Fact]
    public void SaveThenLoad_SameModel_IdenticalPredictions()
    {
        var classifier = Trained.Value;
        using var stream = new MemoryStream();
        classifier.Save(stream);
        stream.Position = 0;

        var loaded = IntentClassifier.Load(stream);

        loaded.Labels.ShouldBe(classifier.Labels);
        loaded.OutOfScopeLabel.ShouldBe("oos");
        loaded.Temperature.ShouldBe(classifier.Temperature);
        foreach (var example in IntentFixture.Test)
        {
            loaded.Predict(example.Text).ShouldBeEquivalentTo(classifier.Predict(example.Text));
        }
    }

    [Fact]
    public void Load_OtherFormatVersion_Refused()
    {
        using var stream = new MemoryStream();
        Trained.Value.Save(stream);
        var bytes = stream.ToArray();
        var versionOffset = 1 + "KEFU-INTENT".Length;
        BitConverter.GetBytes(IntentClassifier.FormatVersion + 1).CopyTo(bytes, versionOffset);

        Should.Throw<InvalidDataException>(() => IntentClassifier.Load(new MemoryStream(bytes)));
        Should.Throw<InvalidDataException>(() => IntentClassifier.Load(new MemoryStream([1, 2, 3, 4])));
    }

    [Fact]
    public void Train_SameExamplesTwice_SameModel()
    {
        var again = IntentClassifier.Train(IntentFixture.Train, new IntentTrainingOptions { OutOfScopeLabel = "oos" });

        foreach (var example in IntentFixture.Test)
        {
            again.Predict(example.Text).ShouldBeEquivalentTo(Trained.Value.Predict(example.Text));
        }
    }

    [Fact]
    public void Predict_FromManyThreads_SameAsOneThread()
    {
        var classifier = Trained.Value;
        var texts = Enumerable.Repeat(IntentFixture.Test.Select(e => e.Text), 20).SelectMany(t => t).ToArray();
        var expected = texts.Select(t => classifier.Predict(t)).ToArray();

        var parallel = new IntentPrediction[texts.Length];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = classifier.Predict(texts[i]));

        for (var i = 0; i < texts.Length; i++)
        {
            parallel[i].ShouldBeEquivalentTo(expected[i]);
        }
    }

    [Fact]
    public void Train_OneLabel_Refused()
    {
        Should.Throw<ArgumentException>(() => IntentClassifier.Train([new LabelledText("a", "x"), new LabelledText("b", "x")], new IntentTrainingOptions()));
    }

    [Fact]
    public void Normalize_FullWidthAndSpaces_FoldedToPlainLowercase()
    {
        TextFeaturizer.Normalize("  ＲＥＦＵＮＤ\t订单１２３  ", foldDigits: true).ShouldBe(" refund 订单000 ");
        TextFeaturizer.Normalize("Order 42", foldDigits: false).ShouldBe(" order 42 ");
    }

    [Fact]
    public void Transform_AnyMessage_BlocksAreUnitLength()
    {
        var featurizer = TextFeaturizer.Fit([.. IntentFixture.Train.Select(e => e.Text)], new FeaturizerSettings { WordWeight = 1f });

        var vector = featurizer.Transform("please refund my money 我要退款");

        vector.Indices.ShouldBeInOrder(SortDirection.Ascending);
        vector.Indices.Distinct().Count().ShouldBe(vector.Indices.Length);
        var squaredNorm = vector.Values.Sum(v => (double)v * v);
        squaredNorm.ShouldBe(2.0, 1e-4);
        featurizer.Transform("").Indices.ShouldBeEmpty();
    }
}
