namespace Kefu.Domain.Analytics;

/// <summary>
/// When a merchant's complaints jump. A merchant is flagged when its count this week is at least <see cref="MinComplaints"/>
/// and two tests both give a chance below <see cref="MaxTailProbability"/>:
/// <list type="bullet">
/// <item>against its own baseline: if the rate had not changed, each of its n = this week + the <see cref="TrailingWeeks"/>
/// weeks before complaints would fall in this week with chance 1 / (weeks + 1), so the count this week is Binomial(n, that) —
/// the exact test for two Poisson rates, which allows for the baseline being estimated from few weeks;</item>
/// <item>against the platform: the platform's count this week times the merchant's trailing share of the platform, as a
/// Poisson mean, so a surge every merchant shares (a sales festival) is not blamed on one.</item>
/// </list>
/// </summary>
public sealed record EarlyWarningRule(int TrailingWeeks = 8, int MinComplaints = 5, double MaxTailProbability = 0.0001)
{
    /// <summary>Expected counts below this are raised to it: a merchant with no history is not flagged for its first few tickets.</summary>
    public const double BaselineFloor = 1;
}

public sealed record MerchantAlert(
    Guid MerchantId,
    long Complaints,
    double OwnBaseline,
    double PlatformExpected,
    double OwnZ,
    double PlatformZ,
    double OwnTailProbability,
    double PlatformTailProbability);

public static class MerchantEarlyWarning
{
    /// <param name="merchantWeeks">Per merchant, complaint counts by week: index 0 the current week, 1 the week before, and so on.</param>
    /// <param name="platformWeeks">The whole platform's counts, same layout.</param>
    public static IReadOnlyList<MerchantAlert> Detect(IReadOnlyDictionary<Guid, long[]> merchantWeeks, long[] platformWeeks, EarlyWarningRule rule)
    {
        ArgumentNullException.ThrowIfNull(merchantWeeks);
        ArgumentNullException.ThrowIfNull(platformWeeks);
        ArgumentNullException.ThrowIfNull(rule);
        var platformTrailing = Trailing(platformWeeks, rule.TrailingWeeks);
        var platformNow = platformWeeks.Length > 0 ? platformWeeks[0] : 0;
        var alerts = new List<MerchantAlert>();
        foreach (var (merchant, weeks) in merchantWeeks)
        {
            var now = weeks.Length > 0 ? weeks[0] : 0;
            if (now < rule.MinComplaints)
            {
                continue;
            }

            var trailing = Trailing(weeks, rule.TrailingWeeks);
            var own = Math.Max(EarlyWarningRule.BaselineFloor, trailing / rule.TrailingWeeks);
            var share = platformTrailing > 0 ? trailing / platformTrailing : 0;
            var platform = Math.Max(EarlyWarningRule.BaselineFloor, platformNow * share);
            var ownTail = BinomialUpperTail(now, now + (long)trailing, 1.0 / (rule.TrailingWeeks + 1));
            var platformTail = PoissonUpperTail(now, platform);
            if (ownTail < rule.MaxTailProbability && platformTail < rule.MaxTailProbability)
            {
                alerts.Add(new MerchantAlert(merchant, now, own, platform, Z(now, own), Z(now, platform), ownTail, platformTail));
            }
        }

        return [.. alerts.OrderBy(a => a.OwnTailProbability).ThenBy(a => a.MerchantId)];
    }

    /// <summary>P(X ≥ k) for X ~ Poisson(mean), summed in log space so large counts neither overflow nor underflow early.</summary>
    public static double PoissonUpperTail(long k, double mean)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(mean, 0);
        if (k == 0)
        {
            return 1;
        }

        // P(X ≥ k) = 1 − P(X ≤ k−1); summing the lower terms is exact enough while the tail is not tiny, and the upper
        // terms are summed directly once k lies beyond the mean, where the tail is what matters.
        if (k > mean)
        {
            var logTerm = (k * Math.Log(mean)) - mean - LogFactorial(k);
            var sum = 0.0;
            for (var i = k; i < k + 10_000; i++)
            {
                var term = Math.Exp(logTerm);
                sum += term;
                if (term < sum * 1e-15)
                {
                    break;
                }

                logTerm += Math.Log(mean) - Math.Log(i + 1);
            }

            return Math.Min(1, sum);
        }

        var lower = 0.0;
        var log = -mean;
        for (var i = 0L; i < k; i++)
        {
            lower += Math.Exp(log);
            log += Math.Log(mean) - Math.Log(i + 1);
        }

        return Math.Max(0, 1 - lower);
    }

    /// <summary>P(X ≥ k) for X ~ Binomial(n, p), summed term by term in log space.</summary>
    public static double BinomialUpperTail(long k, long n, double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, k);
        if (p is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "A probability strictly between 0 and 1.");
        }

        if (k == 0)
        {
            return 1;
        }

        var logTerm = LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k) + (k * Math.Log(p)) + ((n - k) * Math.Log(1 - p));
        var sum = 0.0;
        for (var i = k; i <= n; i++)
        {
            sum += Math.Exp(logTerm);
            logTerm += Math.Log(n - i) - Math.Log(i + 1) + Math.Log(p) - Math.Log(1 - p);
        }

        return Math.Min(1, sum);
    }

    private static double Z(long observed, double expected) => (observed - expected) / Math.Sqrt(expected);

    private static double Trailing(long[] weeks, int count) => weeks.Skip(1).Take(count).Sum();

    private static double LogFactorial(long n)
    {
        var sum = 0.0;
        for (var i = 2L; i <= n; i++)
        {
            sum += Math.Log(i);
        }

        return sum;
    }
}
