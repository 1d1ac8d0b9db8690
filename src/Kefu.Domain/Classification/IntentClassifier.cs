using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace Kefu.Domain.Classification;

public sealed record LabelledText(string Text, string Label);

public sealed record IntentAlternative(string Label, double Probability);

/// <param name="Label">The predicted intent; the out-of-scope label when the model has one and the best intent is not confident enough.</param>
/// <param name="Confidence">Calibrated probability of the best intent (before any out-of-scope fallback).</param>
/// <param name="IsConfident">Whether <paramref name="Confidence"/> reaches the model's minimum; routing sends the rest to a general queue.</param>
/// <param name="Alternatives">The most probable intents, best first.</param>
public sealed record IntentPrediction(string Label, double Confidence, bool IsConfident, bool IsOutOfScope, IReadOnlyList<IntentAlternative> Alternatives);

public readonly record struct TrainingProgress(string Stage, int Done, int Total);

public sealed record IntentTrainingOptions
{
    public FeaturizerSettings Features { get; init; } = new();

    /// <summary>SVM cost C: larger fits the training examples harder.</summary>
    public double Cost { get; init; } = 1.0;

    /// <summary>A label that means "none of our intents"; predictions below <see cref="MinimumConfidence"/> fall back to it.</summary>
    public string? OutOfScopeLabel { get; init; }

    public double MinimumConfidence { get; init; } = 0.25;

    /// <summary>Share of each label held out to fit the probability temperature; the final model then trains on everything.</summary>
    public double CalibrationShare { get; init; } = 0.2;

    public int Seed { get; init; } = 20260610;
}

/// <summary>
/// Intent classifier for inbound messages: TF-IDF over character and word n-grams, one-vs-rest linear SVMs, and a
/// softmax over the SVM scores whose temperature is fitted on held-out examples so that confidences are calibrated
/// probabilities. Immutable once trained, so <see cref="Predict"/> is safe from any number of threads.
/// </summary>
public sealed class IntentClassifier
{
    /// <summary>Bumped whenever <see cref="Save"/>'s layout changes; <see cref="Load"/> refuses other versions.</summary>
    public const int FormatVersion = 1;

    private const string Magic = "KEFU-INTENT";
    private const double DefaultTemperature = 0.1;

    private readonly TextFeaturizer _featurizer;
    private readonly string[] _labels;
    private readonly float[] _weights;
    private readonly int _outOfScopeIndex;

    private IntentClassifier(TextFeaturizer featurizer, string[] labels, float[] weights, double temperature, string? outOfScopeLabel, double minimumConfidence)
    {
        _featurizer = featurizer;
        _labels = labels;
        _weights = weights;
        Temperature = temperature;
        OutOfScopeLabel = outOfScopeLabel;
        MinimumConfidence = minimumConfidence;
        _outOfScopeIndex = outOfScopeLabel is null ? -1 : Array.IndexOf(labels, outOfScopeLabel);
    }

    public IReadOnlyList<string> Labels => _labels;

    public string? OutOfScopeLabel { get; }

    public double MinimumConfidence { get; }

    public double Temperature { get; }

    public int FeatureCount => _featurizer.FeatureCount;

    public static IntentClassifier Train(
        IReadOnlyList<LabelledText> examples, IntentTrainingOptions options,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        var labels = examples.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (labels.Length < 2)
        {
            throw new ArgumentException("Training needs examples of at least two labels.", nameof(examples));
        }

        var labelIndex = labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        var targets = examples.Select(e => labelIndex[e.Label]).ToArray();

        var temperature = DefaultTemperature;
        var (fitting, heldOut) = StratifiedSplit(targets, labels.Length, options.CalibrationShare, options.Seed);
        if (heldOut.Length > 0)
        {
            var probe = Fit(
                [.. fitting.Select(i => examples[i])], [.. fitting.Select(i => targets[i])], labels, options, DefaultTemperature,
                "calibration model", progress, cancellationToken);
            var scores = heldOut.Select(i => probe.Scores(examples[i].Text)).ToArray();
            temperature = FitTemperature(scores, [.. heldOut.Select(i => targets[i])]);
        }

        return Fit(examples, targets, labels, options, temperature, "final model", progress, cancellationToken);
    }

    private static IntentClassifier Fit(
        IReadOnlyList<LabelledText> examples, int[] targets, string[] labels, IntentTrainingOptions options, double temperature,
        string stage, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var texts = examples.Select(e => e.Text).ToArray();
        var featurizer = TextFeaturizer.Fit(texts, options.Features);
        var rows = new SparseVector[texts.Length];
        Parallel.For(0, texts.Length, i => rows[i] = featurizer.Transform(texts[i]));
        progress?.Report(new TrainingProgress(stage, 0, labels.Length));
        var weights = LinearSvmTrainer.Train(
            rows, targets, labels.Length, featurizer.FeatureCount, options.Cost, options.Seed,
            done => progress?.Report(new TrainingProgress(stage, done, labels.Length)), cancellationToken);
        return new IntentClassifier(featurizer, labels, weights, temperature, options.OutOfScopeLabel, options.MinimumConfidence);
    }

    public IntentPrediction Predict(string text, int alternatives = 3)
    {
        var scores = Scores(text);
        var probabilities = Softmax(scores, Temperature);
        var best = 0;
        for (var k = 1; k < probabilities.Length; k++)
        {
            if (probabilities[k] > probabilities[best])
            {
                best = k;
            }
        }

        var confidence = probabilities[best];
        var isConfident = confidence >= MinimumConfidence;
        var isOutOfScope = best == _outOfScopeIndex || (!isConfident && _outOfScopeIndex >= 0);
        var ranked = TopK(probabilities, Math.Clamp(alternatives, 1, _labels.Length));
        return new IntentPrediction(
            isOutOfScope ? OutOfScopeLabel! : _labels[best], confidence, isConfident, isOutOfScope,
            ranked.Select(k => new IntentAlternative(_labels[k], probabilities[k])).ToArray());
    }

    private float[] Scores(string text)
    {
        var classes = _labels.Length;
        var scores = new float[classes];
        var vector = _featurizer.Transform(text);
        AddScaled(scores, _weights.AsSpan(_featurizer.FeatureCount * classes, classes), 1f);
        for (var i = 0; i < vector.Indices.Length; i++)
        {
            AddScaled(scores, _weights.AsSpan(vector.Indices[i] * classes, classes), vector.Values[i]);
        }

        return scores;
    }

    private static void AddScaled(Span<float> target, ReadOnlySpan<float> source, float scale)
    {
        var k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var targetVectors = MemoryMarshal.Cast<float, Vector<float>>(target);
            var sourceVectors = MemoryMarshal.Cast<float, Vector<float>>(source);
            for (var v = 0; v < targetVectors.Length; v++)
            {
                targetVectors[v] += sourceVectors[v] * scale;
            }

            k = targetVectors.Length * Vector<float>.Count;
        }

        for (; k < target.Length; k++)
        {
            target[k] += source[k] * scale;
        }
    }

    private static double[] Softmax(float[] scores, double temperature)
    {
        var max = scores.Max();
        var probabilities = new double[scores.Length];
        double sum = 0;
        for (var k = 0; k < scores.Length; k++)
        {
            probabilities[k] = Math.Exp((scores[k] - max) / temperature);
            sum += probabilities[k];
        }

        for (var k = 0; k < scores.Length; k++)
        {
            probabilities[k] /= sum;
        }

        return probabilities;
    }

    private static int[] TopK(double[] probabilities, int count)
    {
        var order = new int[probabilities.Length];
        for (var k = 0; k < order.Length; k++)
        {
            order[k] = k;
        }

        Array.Sort(order, (a, b) => probabilities[b].CompareTo(probabilities[a]));
        return order[..count];
    }

    /// <summary>Temperature scaling (Guo et al., 2017): the one scalar that minimises held-out log loss, by golden-section search on log T.</summary>
    private static double FitTemperature(float[][] scores, int[] targets)
    {
        double LogLoss(double logTemperature)
        {
            var temperature = Math.Exp(logTemperature);
            double loss = 0;
            for (var i = 0; i < scores.Length; i++)
            {
                loss -= Math.Log(Math.Max(Softmax(scores[i], temperature)[targets[i]], 1e-300));
            }

            return loss;
        }

        double low = Math.Log(1e-3), high = Math.Log(10);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        var a = high - (ratio * (high - low));
        var b = low + (ratio * (high - low));
        double lossA = LogLoss(a), lossB = LogLoss(b);
        for (var i = 0; i < 60; i++)
        {
            if (lossA < lossB)
            {
                high = b;
                b = a;
                lossB = lossA;
                a = high - (ratio * (high - low));
                lossA = LogLoss(a);
            }
            else
            {
                low = a;
                a = b;
                lossA = lossB;
                b = low + (ratio * (high - low));
                lossB = LogLoss(b);
            }
        }

        return Math.Exp((low + high) / 2);
    }

    /// <summary>Holds out a share of every label that has at least two examples, so each held-out label is also learnt from.</summary>
    private static (int[] Fitting, int[] HeldOut) StratifiedSplit(int[] targets, int classes, double share, int seed)
    {
        var random = new Random(seed);
        var fitting = new List<int>();
        var heldOut = new List<int>();
        for (var cls = 0; cls < classes; cls++)
        {
            var members = Enumerable.Range(0, targets.Length).Where(i => targets[i] == cls).ToArray();
            random.Shuffle(members);
            var take = members.Length < 2 ? 0 : Math.Min(members.Length - 1, (int)Math.Round(members.Length * share));
            heldOut.AddRange(members.Take(take));
            fitting.AddRange(members.Skip(take));
        }

        return heldOut.Count < 10 ? ([.. Enumerable.Range(0, targets.Length)], []) : ([.. fitting.Order()], [.. heldOut.Order()]);
    }

    /// <summary>Writes the whole model: settings, vocabulary and weights. Little-endian floats, as on every platform .NET runs Kefu on.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(_labels.Length);
        foreach (var label in _labels)
        {
            writer.Write(label);
        }

        writer.Write(OutOfScopeLabel is not null);
        if (OutOfScopeLabel is not null)
        {
            writer.Write(OutOfScopeLabel);
        }

        writer.Write(MinimumConfidence);
        writer.Write(Temperature);
        _featurizer.Write(writer);
        writer.Write(_weights.Length);
        writer.Write(MemoryMarshal.AsBytes(_weights.AsSpan()));
    }

    public static IntentClassifier Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (reader.ReadString() != Magic)
        {
            throw new InvalidDataException("Not a Kefu intent model.");
        }

        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Intent model format {version} is not supported; this build reads format {FormatVersion}.");
        }

        var labels = new string[reader.ReadInt32()];
        for (var k = 0; k < labels.Length; k++)
        {
            labels[k] = reader.ReadString();
        }

        var outOfScopeLabel = reader.ReadBoolean() ? reader.ReadString() : null;
        var minimumConfidence = reader.ReadDouble();
        var temperature = reader.ReadDouble();
        var featurizer = TextFeaturizer.Read(reader);
        var weights = new float[reader.ReadInt32()];
        if (weights.Length != (featurizer.FeatureCount + 1) * labels.Length)
        {
            throw new InvalidDataException("Intent model weights do not match its vocabulary.");
        }

        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(weights.AsSpan()));
        return new IntentClassifier(featurizer, labels, weights, temperature, outOfScopeLabel, minimumConfidence);
    }
}
