namespace Kefu.Domain.Classification;

/// <summary>
/// One-vs-rest linear SVMs with squared hinge loss and L2 regularisation, solved by dual coordinate descent with
/// shrinking (Hsieh et al., ICML 2008; the LIBLINEAR solver behind scikit-learn's LinearSVC). A constant bias feature
/// of 1 is appended and regularised like any other weight, as LIBLINEAR does.
/// </summary>
internal static class LinearSvmTrainer
{
    /// <summary>Weights laid out feature-major: <c>weights[feature * classes + class]</c>, the bias at feature <paramref name="featureCount"/>.</summary>
    public static float[] Train(
        SparseVector[] rows, int[] labels, int classes, int featureCount, double c, int seed,
        Action<int>? classDone, CancellationToken cancellationToken)
    {
        var weights = new float[(featureCount + 1) * classes];
        var squaredNorms = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            double sum = 1;
            foreach (var v in rows[i].Values)
            {
                sum += v * v;
            }

            squaredNorms[i] = sum;
        }

        var finished = 0;
        Parallel.For(
            0, classes,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new double[featureCount + 1],
            (cls, _, w) =>
            {
                Array.Clear(w);
                TrainBinary(rows, labels, cls, squaredNorms, w, c, seed + cls, cancellationToken);
                for (var f = 0; f <= featureCount; f++)
                {
                    weights[(f * classes) + cls] = (float)w[f];
                }

                classDone?.Invoke(Interlocked.Increment(ref finished));
                return w;
            },
            static _ => { });
        return weights;
    }

    private static void TrainBinary(
        SparseVector[] rows, int[] labels, int positive, double[] squaredNorms, double[] w, double c, int seed,
        CancellationToken cancellationToken)
    {
        const int MaxIterations = 1000;
        const double Tolerance = 0.1;
        var n = rows.Length;
        var bias = w.Length - 1;
        var diagonal = 0.5 / c;
        var alpha = new double[n];
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var random = new Random(seed);
        var active = n;
        var projectedMaxOld = double.PositiveInfinity;
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var projectedMax = double.NegativeInfinity;
            var projectedMin = double.PositiveInfinity;
            for (var s = 0; s < active; s++)
            {
                var j = s + random.Next(active - s);
                (order[s], order[j]) = (order[j], order[s]);
            }

            for (var s = 0; s < active; s++)
            {
                var i = order[s];
                var y = labels[i] == positive ? 1.0 : -1.0;
                var row = rows[i];
                var indices = row.Indices;
                var values = row.Values;
                var dot = w[bias];
                for (var k = 0; k < indices.Length; k++)
                {
                    dot += w[indices[k]] * values[k];
                }

                var gradient = (y * dot) - 1 + (diagonal * alpha[i]);
                var projected = gradient;
                if (alpha[i] == 0)
                {
                    if (gradient > projectedMaxOld)
                    {
                        active--;
                        (order[s], order[active]) = (order[active], order[s]);
                        s--;
                        continue;
                    }

                    projected = Math.Min(gradient, 0);
                }

                projectedMax = Math.Max(projectedMax, projected);
                projectedMin = Math.Min(projectedMin, projected);
                if (Math.Abs(projected) > 1e-12)
                {
                    var old = alpha[i];
                    alpha[i] = Math.Max(old - (gradient / (squaredNorms[i] + diagonal)), 0);
                    var step = (alpha[i] - old) * y;
                    for (var k = 0; k < indices.Length; k++)
                    {
                        w[indices[k]] += step * values[k];
                    }

                    w[bias] += step;
                }
            }

            if (projectedMax - projectedMin <= Tolerance)
            {
                if (active == n)
                {
                    return;
                }

                active = n;
                projectedMaxOld = double.PositiveInfinity;
                continue;
            }

            projectedMaxOld = projectedMax <= 0 ? double.PositiveInfinity : projectedMax;
        }
    }
}
