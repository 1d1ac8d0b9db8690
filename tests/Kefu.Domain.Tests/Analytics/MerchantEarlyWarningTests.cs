using Kefu.Domain.Analytics;

namespace Kefu.Domain.Tests.Analytics;

public sealed class MerchantEarlyWarningTests
{
    private static readonly EarlyWarningRule Rule = new();

    /// <summary>Weekly Poisson counts with a fixed seed: index 0 is the current week.</summary>
    private static long[] Weeks(Random random, double mean, int weeks, double currentMean)
    {
        var counts = new long[weeks];
        for (var i = 0; i < weeks; i++)
        {
            counts[i] = Poisson(random, i == 0 ? currentMean : mean);
        }

        return counts;
    }

    private static long Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0L;
        var p = random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }

        return k;
    }

    private static (Dictionary<Guid, long[]> Merchants, long[] Platform) Generate(int seed, Guid? jumping, double jumpTo)
    {
        var random = new Random(seed);
        var merchants = new Dictionary<Guid, long[]>();
        for (var i = 0; i < 40; i++)
        {
            var id = new Guid(i + 1, 0, 0, new byte[8]);
            var mean = 4 + (i % 7) * 3;
            merchants[id] = Weeks(random, mean, 9, id == jumping ? jumpTo : mean);
        }

        var platform = new long[9];
        foreach (var weeks in merchants.Values)
        {
            for (var w = 0; w < 9; w++)
            {
                platform[w] += weeks[w];
            }
        }

        return (merchants, platform);
    }

    [Fact]
    public void Detect_OneMerchantTriples_FlagsThatMerchantOnly()
    {
        var jumping = new Guid(8, 0, 0, new byte[8]);
        var (merchants, platform) = Generate(seed: 7, jumping, jumpTo: 3 * (4 + (7 % 7) * 3) + 20);

        var alerts = MerchantEarlyWarning.Detect(merchants, platform, Rule);

        alerts.Select(a => a.MerchantId).ShouldBe([jumping]);
        alerts[0].OwnZ.ShouldBeGreaterThan(3);
    }

    [Fact]
    public void Detect_NoJump_RaisesNoAlertAcrossManyGeneratedWeeks()
    {
        var falseAlarms = Enumerable.Range(1, 50).Sum(seed =>
        {
            var (merchants, platform) = Generate(seed, jumping: null, jumpTo: 0);
            return MerchantEarlyWarning.Detect(merchants, platform, Rule).Count;
        });

        falseAlarms.ShouldBe(0, "2,000 merchant-weeks without a jump");
    }

    [Fact]
    public void Detect_EveryMerchantDoublesTogether_IsAPlatformSurgeNotAnAlert()
    {
        var random = new Random(11);
        var merchants = Enumerable.Range(1, 20).ToDictionary(
            i => new Guid(i, 0, 0, new byte[8]),
            i => Weeks(random, 10, 9, 20));
        var platform = Enumerable.Range(0, 9).Select(w => merchants.Values.Sum(m => m[w])).ToArray();

        MerchantEarlyWarning.Detect(merchants, platform, Rule).ShouldBeEmpty();
    }

    [Fact]
    public void Detect_FewComplaintsFromANewMerchant_IsNotFlagged()
    {
        var merchants = new Dictionary<Guid, long[]> { [Guid.NewGuid()] = [4, 0, 0, 0, 0, 0, 0, 0, 0] };

        MerchantEarlyWarning.Detect(merchants, [100, 100, 100, 100, 100, 100, 100, 100, 100], Rule).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0, 10, 0.5, 1.0)]
    [InlineData(10, 10, 0.5, 0.0009765625)]
    [InlineData(8, 10, 0.5, 0.0546875)]
    public void BinomialUpperTail_KnownValues_Match(long k, long n, double p, double expected) =>
        MerchantEarlyWarning.BinomialUpperTail(k, n, p).ShouldBe(expected, 1e-12);

    [Theory]
    [InlineData(0, 3.0, 1.0)]
    [InlineData(1, 2.0, 0.8646647167633873)]
    [InlineData(5, 2.0, 0.052653017343711)]
    [InlineData(10, 2.0, 4.649807e-05)]
    public void PoissonUpperTail_KnownValues_Match(long k, double mean, double expected) =>
        MerchantEarlyWarning.PoissonUpperTail(k, mean).ShouldBe(expected, expected * 1e-5 + 1e-12);
}
