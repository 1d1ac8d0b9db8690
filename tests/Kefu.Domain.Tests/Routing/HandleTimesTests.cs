using Kefu.Domain.Routing;

using static Kefu.Domain.Tests.Routing.RoutingFixture;

namespace Kefu.Domain.Tests.Routing;

public sealed class HandleTimesTests
{
    private static readonly Guid Refunds = Id("team refunds");
    private static readonly Guid Delivery = Id("team delivery");
    private static readonly TimeSpan Assumed = TimeSpan.FromMinutes(10);

    private static IEnumerable<HandleTimeSample> Samples(Guid team, int count, int minutes, Guid? agent = null) =>
        Enumerable.Range(0, count).Select(_ => new HandleTimeSample(team, null, agent, TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void ForTeam_EnoughOwnSamples_UsesTheTeamsAverage()
    {
        var times = new HandleTimes(Samples(Refunds, 5, 4).Concat(Samples(Delivery, 5, 20)), Assumed);

        times.ForTeam(Refunds).ShouldBe(TimeSpan.FromMinutes(4));
        times.ForTeam(Delivery).ShouldBe(TimeSpan.FromMinutes(20));
    }

    [Fact]
    public void ForTeam_TooFewOwnSamples_FallsBackToTheWorkspace()
    {
        var times = new HandleTimes(Samples(Refunds, 4, 2).Concat(Samples(Delivery, 4, 8)), Assumed);

        times.ForTeam(Refunds).ShouldBe(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void ForTeam_TooFewSamplesAnywhere_UsesTheAssumedFigure()
    {
        var times = new HandleTimes(Samples(Refunds, 4, 2), Assumed);

        times.ForTeam(Refunds).ShouldBe(Assumed);
        times.Overall!.Count.ShouldBe(4);
    }

    [Fact]
    public void Average_OneForgottenTicketInTwenty_IsDropped()
    {
        var durations = Enumerable.Repeat(TimeSpan.FromMinutes(6), 19).Append(TimeSpan.FromDays(3));

        var average = HandleTimes.Average(durations)!;

        average.Average.ShouldBe(TimeSpan.FromMinutes(6));
        average.Count.ShouldBe(20);
    }

    [Fact]
    public void Groups_PerAgentAndCategory_AreKeptApart()
    {
        var category = Id("category refund");
        var times = new HandleTimes(
            [
                new HandleTimeSample(Refunds, category, Id("agent 1"), TimeSpan.FromMinutes(3)),
                new HandleTimeSample(Refunds, null, Id("agent 2"), TimeSpan.FromMinutes(9)),
                new HandleTimeSample(null, category, Id("agent 2"), TimeSpan.Zero),
            ],
            Assumed);

        times.ByAgent[Id("agent 1")].Average.ShouldBe(TimeSpan.FromMinutes(3));
        times.ByAgent[Id("agent 2")].Count.ShouldBe(1);
        times.ByCategory[category].Average.ShouldBe(TimeSpan.FromMinutes(3));
        times.ByTeam[Refunds].Average.ShouldBe(TimeSpan.FromMinutes(6));
    }
}
