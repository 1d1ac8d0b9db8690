using Kefu.Domain.Analytics;

namespace Kefu.Domain.Tests.Analytics;

/// <summary>
/// Against the published worked example of the R package ErlangC (README, https://rdocumentation.org/packages/ErlangC/versions/0.1.0):
/// 100 calls per 30 minutes, 180 s average handle time, 20 s target answer time, 14 agents → traffic 10 erlangs,
/// wait probability 0.1741319, service level 0.88835, average speed of answer 7.83593701177724 s, occupancy 0.7142857;
/// its agent search table, whose first row (11 agents) gives wait probability 0.6821182 and service level 0.3896138;
/// and its calculate_agents answer for an 80 % service level: 14 agents.
/// </summary>
public sealed class ErlangCTests
{
    private static readonly TimeSpan Handle = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(20);

    [Fact]
    public void TrafficIntensity_PublishedExample_IsTenErlangs() =>
        ErlangC.TrafficIntensity(arrivalsPerHour: 200, Handle).ShouldBe(10, 1e-12);

    [Fact]
    public void WaitProbability_PublishedExampleWith14Agents_Matches() =>
        ErlangC.WaitProbability(10, 14).ShouldBe(0.1741319, 5e-8);

    [Fact]
    public void ServiceLevel_PublishedExampleWith14Agents_Matches() =>
        ErlangC.ServiceLevel(10, 14, Handle, Target).ShouldBe(0.88835, 5e-6);

    [Fact]
    public void AverageSpeedOfAnswer_PublishedExampleWith14Agents_Matches() =>
        ErlangC.AverageSpeedOfAnswer(10, 14, Handle).TotalSeconds.ShouldBe(7.83593701177724, 1e-6);

    [Fact]
    public void WaitAndServiceLevel_PublishedTableRowWith11Agents_Match()
    {
        ErlangC.WaitProbability(10, 11).ShouldBe(0.6821182, 5e-8);
        ErlangC.ServiceLevel(10, 11, Handle, Target).ShouldBe(0.3896138, 5e-8);
    }

    [Fact]
    public void AgentsNeeded_PublishedEightyPercentWithinTwentySeconds_IsFourteen()
    {
        var needed = ErlangC.AgentsNeeded(10, Handle, Target, 0.8);

        ErlangC.ServiceLevel(10, needed, Handle, Target).ShouldBeGreaterThanOrEqualTo(0.8);
        ErlangC.ServiceLevel(10, needed - 1, Handle, Target).ShouldBeLessThan(0.8);
        needed.ShouldBe(14);
    }

    [Fact]
    public void WaitProbability_OverloadedAgents_IsCertain() => ErlangC.WaitProbability(12, 12).ShouldBe(1);

    [Fact]
    public void AgentsNeeded_NoTraffic_IsZero() => ErlangC.AgentsNeeded(0, Handle, Target, 0.8).ShouldBe(0);

    [Fact]
    public void WaitProbability_LargeCentre_StaysFiniteAndFalls()
    {
        var at500 = ErlangC.WaitProbability(480, 500);
        var at520 = ErlangC.WaitProbability(480, 520);

        double.IsFinite(at500).ShouldBeTrue();
        at520.ShouldBeLessThan(at500);
    }
}
