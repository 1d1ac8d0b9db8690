using Kefu.Domain.Analytics;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;

namespace Kefu.Domain.Tests.Analytics;

/// <summary>Metric definitions on hand-built timelines, on a weekday 09:00–18:00 Shanghai calendar.</summary>
public sealed class TicketLedgerTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly Guid AgentA = new("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid AgentB = new("00000000-0000-0000-0000-00000000000b");

    private static readonly BusinessCalendar OfficeHours = new(
        "Asia/Shanghai",
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .ToDictionary(d => d, _ => (IReadOnlyList<WorkingPeriod>)[WorkingPeriod.Parse("09:00-18:00")]));

    private static readonly FactSubject Subject = new(
        Guid.NewGuid(), Guid.NewGuid(), 42, AgentA, Guid.NewGuid(), Guid.NewGuid(), Channel.Web, null,
        FirstResponseTarget: TimeSpan.FromHours(4), NextResponseTarget: TimeSpan.FromHours(1), ResolutionTarget: TimeSpan.FromHours(8));

    /// <summary>A local Shanghai time in March 2026 (the 6th is a Friday, the 9th a Monday).</summary>
    private static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, TimeSpan.FromHours(8));

    private static MetricEvent Status(TicketStatus from, TicketStatus to, DateTimeOffset at) => new(MetricEventKind.StatusChanged, at) { From = from, To = to };

    private static MetricEvent Reply(DateTimeOffset at, Guid agent) => new(MetricEventKind.AgentReply, at) { AgentId = agent };

    private static MetricEvent Customer(DateTimeOffset at) => new(MetricEventKind.CustomerMessage, at);

    private static (TicketLedger Ledger, List<TicketFact> Facts) Replay(DateTimeOffset created, params MetricEvent[] events)
    {
        var ledger = TicketLedger.Open(Subject, customerTier: 2, created, Shanghai, Guid.NewGuid, out var first);
        var facts = new List<TicketFact> { first };
        foreach (var e in events)
        {
            facts.AddRange(ledger.Apply(e, Subject, OfficeHours, Shanghai, Guid.NewGuid));
        }

        return (ledger, facts);
    }

    private static readonly MetricEvent[] WeekendThenReopen =
    [
        Reply(At(9, 10), AgentA), Status(TicketStatus.New, TicketStatus.Open, At(9, 10)),
        Status(TicketStatus.Open, TicketStatus.WaitingOnCustomer, At(9, 10, 5)),
        Customer(At(9, 15)), Status(TicketStatus.WaitingOnCustomer, TicketStatus.Open, At(9, 15)),
        Reply(At(9, 16, 30), AgentB),
        Status(TicketStatus.Open, TicketStatus.Solved, At(9, 17)),
        Customer(At(10, 10)), Status(TicketStatus.Solved, TicketStatus.Open, At(10, 10)),
        Reply(At(10, 11), AgentB),
        Status(TicketStatus.Open, TicketStatus.Solved, At(10, 11, 30)),
    ];

    [Fact]
    public void Created_OnFridayAfternoon_RecordsLocalDayHourAndSlicingKeys()
    {
        var (_, facts) = Replay(At(6, 17));

        var created = facts.ShouldHaveSingleItem();
        created.Kind.ShouldBe(FactKind.Created);
        created.LocalDay.ShouldBe(new DateOnly(2026, 3, 6).DayNumber);
        created.LocalHour.ShouldBe(17);
        created.CreatedHour.ShouldBe(17);
        created.CustomerTier.ShouldBe(2);
        created.TeamId.ShouldBe(Subject.TeamId);
        created.Channel.ShouldBe(Channel.Web);
    }

    [Fact]
    public void FirstResponse_AcrossTheWeekend_CountsOnlyWorkingHours()
    {
        var (_, facts) = Replay(At(6, 17), WeekendThenReopen);

        var first = facts.Single(f => f.Kind == FactKind.FirstResponse);
        first.WallSeconds.ShouldBe(TimeSpan.FromHours(65).TotalSeconds);
        first.BusinessSeconds.ShouldBe(TimeSpan.FromHours(2).TotalSeconds, "Friday 17–18 and Monday 9–10");
        first.WithinTarget.ShouldBe(true);
        first.AgentId.ShouldBe(AgentA);
    }

    [Fact]
    public void NextResponse_AfterTheCustomerWrote_StartsAtTheirMessageAndIsAttributedToTheReplier()
    {
        var (_, facts) = Replay(At(6, 17), WeekendThenReopen);

        var next = facts.Where(f => f.Kind == FactKind.NextResponse).ToList();
        next.Count.ShouldBe(2);
        next[0].WallSeconds.ShouldBe(TimeSpan.FromMinutes(90).TotalSeconds);
        next[0].WithinTarget.ShouldBe(false, "90 minutes against a one-hour target");
        next[0].AgentId.ShouldBe(AgentB);
        next[1].Cycle.ShouldBe(2);
        next[1].BusinessSeconds.ShouldBe(3600);
        next[1].WithinTarget.ShouldBe(true);
    }

    [Fact]
    public void Resolution_LeavesOutTimeWaitingOnTheCustomer_AndContinuesAfterAReopen()
    {
        var (ledger, facts) = Replay(At(6, 17), WeekendThenReopen);

        var solves = facts.Where(f => f.Kind == FactKind.Solved).ToList();
        solves.Count.ShouldBe(2);
        solves[0].WallSeconds.ShouldBe(TimeSpan.FromHours(72).TotalSeconds);
        solves[0].BusinessSeconds.ShouldBe(TimeSpan.FromMinutes(245).TotalSeconds, "Fri 17–18, Mon 9–10:05, then Mon 15–17 after the customer answered");
        solves[0].Value.ShouldBe(1, "the ticket's first solve");
        solves[0].Flag.ShouldBeFalse("two agent replies is not first-contact resolution");
        solves[1].Value.ShouldBe(0);
        solves[1].Cycle.ShouldBe(2);
        solves[1].BusinessSeconds.ShouldBe(TimeSpan.FromMinutes(245 + 90).TotalSeconds);
        solves[1].WithinTarget.ShouldBe(true);
        ledger.Reopens.ShouldBe(1);
    }

    [Fact]
    public void Reopen_WithinTheCycle_RecordsTimeSinceSolveAndStartsTheNextCycle()
    {
        var (ledger, facts) = Replay(At(6, 17), WeekendThenReopen);

        var reopen = facts.Single(f => f.Kind == FactKind.Reopened);
        reopen.WallSeconds.ShouldBe(TimeSpan.FromHours(17).TotalSeconds);
        reopen.Value.ShouldBe(1);
        reopen.Cycle.ShouldBe(1, "the reopen closes the first cycle");
        ledger.Cycle.ShouldBe(2);
        ledger.CycleAgentIds.ShouldBe([AgentB]);
    }

    [Fact]
    public void OneTouchSolve_ThenReopen_IsTakenBackFromFirstContactResolution()
    {
        var (_, facts) = Replay(At(9, 9),
            Reply(At(9, 10), AgentA), Status(TicketStatus.New, TicketStatus.Open, At(9, 10)),
            Status(TicketStatus.Open, TicketStatus.Solved, At(9, 11)),
            Customer(At(9, 12)), Status(TicketStatus.Solved, TicketStatus.Open, At(9, 12)));

        facts.Single(f => f.Kind == FactKind.Solved).Flag.ShouldBeTrue();
        facts.Single(f => f.Kind == FactKind.Reopened).Flag.ShouldBeTrue();
        var card = Scorecard.From(Sum(facts));
        card.FirstContactResolutionRate.ShouldBe(0);
        card.ReopenRate.ShouldBe(1);
    }

    [Fact]
    public void OneTouchSolve_NotReopened_CountsAsFirstContactResolution()
    {
        var (_, facts) = Replay(At(9, 9),
            Reply(At(9, 10), AgentA), Status(TicketStatus.New, TicketStatus.Open, At(9, 10)),
            Status(TicketStatus.Open, TicketStatus.Solved, At(9, 11)));

        var card = Scorecard.From(Sum(facts));
        card.FirstContactResolutionRate.ShouldBe(1);
        card.BotDeflected.ShouldBe(0);
        card.FirstResponse.AverageBusinessSeconds.ShouldBe(3600);
    }

    [Fact]
    public void SolvedWithoutAnyAgentReply_IsABotDeflection()
    {
        var (_, facts) = Replay(At(9, 9),
            Status(TicketStatus.New, TicketStatus.Open, At(9, 9, 1)),
            Status(TicketStatus.Open, TicketStatus.Solved, At(9, 9, 2)));

        facts.Select(f => f.Kind).ShouldBe([FactKind.Created, FactKind.Solved, FactKind.BotDeflected]);
        facts.ShouldNotContain(f => f.Kind == FactKind.FirstResponse);
        Scorecard.From(Sum(facts)).BotDeflectionRate.ShouldBe(1);
    }

    [Fact]
    public void Rating_CreditedToEveryReplier_CountsOnceInTotals()
    {
        var ledger = TicketLedger.Open(Subject, 0, At(9, 9), Shanghai, Guid.NewGuid, out _);
        var facts = ledger.Apply(new MetricEvent(MetricEventKind.CsatRated, At(9, 12)) { Value = 2, Agents = [AgentA, AgentB], Cycle = 1 }, Subject, OfficeHours, Shanghai, Guid.NewGuid);

        facts.Count.ShouldBe(2);
        facts.Count(f => !f.AttributionOnly).ShouldBe(1);
        facts.Select(f => f.AgentId).ShouldBe([AgentA, AgentB]);
        facts.ShouldAllBe(f => !f.Flag && f.Value == 2);

        var all = new Dictionary<RollupKey, RollupSums>();
        foreach (var fact in facts)
        {
            MetricRollup.Accumulate(all, fact);
        }

        all.Where(k => k.Key.Dimension == Dimensions.All).ShouldHaveSingleItem().Value.Count.ShouldBe(1);
        all.Count(k => k.Key.Dimension == Dimensions.Agent).ShouldBe(2);
    }

    [Fact]
    public void Closed_RecordsTimeSinceCreation() =>
        Replay(At(9, 9), Status(TicketStatus.New, TicketStatus.Open, At(9, 9)), Status(TicketStatus.Open, TicketStatus.Solved, At(9, 10)),
                Status(TicketStatus.Solved, TicketStatus.Closed, At(9, 11)))
            .Facts.Single(f => f.Kind == FactKind.Closed).WallSeconds.ShouldBe(7200);

    private static Dictionary<FactKind, RollupSums> Sum(IEnumerable<TicketFact> facts) =>
        facts.Where(f => !f.AttributionOnly).GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.Aggregate(default(RollupSums), (s, f) => s.Add(f)));
}
