using Kefu.Domain.Sla;

using static Kefu.Domain.Tests.Sla.Calendars;

namespace Kefu.Domain.Tests.Sla;

/// <summary>A customer's nudge (催单) judged against the ticket's clocks, on the 2026 China calendar. 2026-03-09 is a Monday.</summary>
public sealed class NudgeRuleTests
{
    private static readonly DateTimeOffset Monday9 = Cn(3, 9, 9);

    [Fact]
    public void Judge_NudgedFiveMinutesAgo_IsTooSoonUntilTenMinutesAfterTheLast()
    {
        var lastNudge = Cn(3, 9, 10);
        var overdue = TicketClocks.Start(China2026, Monday9, TimeSpan.FromMinutes(30));

        NudgeRule.Judge(lastNudge, [overdue], lastNudge.AddMinutes(5)).ShouldBe(new NudgeOutcome.TooSoon(Cn(3, 9, 10, 10)));
        NudgeRule.Judge(lastNudge, [overdue], lastNudge.AddMinutes(10).AddTicks(-1)).ShouldBeOfType<NudgeOutcome.TooSoon>();
    }

    [Fact]
    public void Judge_TenMinutesAfterTheLastNudge_IsHeardAgain()
    {
        var lastNudge = Cn(3, 9, 10);
        var overdue = TicketClocks.Start(China2026, Monday9, TimeSpan.FromMinutes(30));

        NudgeRule.Judge(lastNudge, [overdue], lastNudge.AddMinutes(10)).ShouldBeOfType<NudgeOutcome.Overdue>();
    }

    [Fact]
    public void Judge_PromiseLapsed_IsOverdueOnThePromise()
    {
        var firstResponse = TicketClocks.Start(China2026, Monday9, TimeSpan.FromHours(8), SlaMetric.FirstResponse);
        var promise = TicketClocks.Promise(Monday9, Cn(3, 9, 11));

        NudgeRule.Judge(null, [firstResponse, promise], Cn(3, 9, 11, 5)).ShouldBe(new NudgeOutcome.Overdue(SlaMetric.Promise, Cn(3, 9, 11)));
    }

    [Fact]
    public void Judge_PromiseAndAnEarlierClockBothLate_NamesThePromise()
    {
        var firstResponse = TicketClocks.Start(China2026, Monday9, TimeSpan.FromHours(1), SlaMetric.FirstResponse);
        var promise = TicketClocks.Promise(Monday9, Cn(3, 9, 11));

        NudgeRule.Judge(null, [firstResponse, promise], Cn(3, 9, 15)).ShouldBe(new NudgeOutcome.Overdue(SlaMetric.Promise, Cn(3, 9, 11)));
    }

    [Fact]
    public void Judge_SlaClockBreachedNotYetFired_IsOverdueOnThatClock()
    {
        var resolution = TicketClocks.Start(China2026, Monday9, TimeSpan.FromHours(1));

        NudgeRule.Judge(null, [resolution], Cn(3, 9, 10, 1)).ShouldBe(new NudgeOutcome.Overdue(SlaMetric.Resolution, Cn(3, 9, 10)));
    }

    [Fact]
    public void Judge_TwoClocksLate_NamesTheOneLateSoonest()
    {
        var firstResponse = TicketClocks.Start(China2026, Monday9, TimeSpan.FromHours(1), SlaMetric.FirstResponse);
        var resolution = TicketClocks.Start(China2026, Monday9, TimeSpan.FromHours(2));

        NudgeRule.Judge(null, [resolution, firstResponse], Cn(3, 9, 15)).ShouldBe(new NudgeOutcome.Overdue(SlaMetric.FirstResponse, Cn(3, 9, 10)));
    }

    [Fact]
    public void Judge_BreachFiredThenPausedForTheCustomer_IsStillOverdue()
    {
        var resolution = TicketClocks.Start(China2026, Monday9, TimeSpan.FromHours(1));
        resolution.FireDue(Cn(3, 9, 10, 1));
        resolution.Pause(China2026, Cn(3, 9, 11));

        NudgeRule.Judge(null, [resolution], Cn(3, 9, 12)).ShouldBeOfType<NudgeOutcome.Overdue>().Metric.ShouldBe(SlaMetric.Resolution);
    }

    [Fact]
    public void Judge_NothingLate_ShowsTheNearestDeadline()
    {
        var firstResponse = TicketClocks.Start(China2026, Monday9, TimeSpan.FromHours(2), SlaMetric.FirstResponse);
        var resolution = TicketClocks.Start(China2026, Monday9, TimeSpan.FromHours(16));
        var promise = TicketClocks.Promise(Monday9, Cn(3, 9, 15));

        NudgeRule.Judge(null, [resolution, promise, firstResponse], Cn(3, 9, 10))
            .ShouldBe(new NudgeOutcome.NotYetDue(SlaMetric.FirstResponse, Cn(3, 9, 11)));
    }

    [Fact]
    public void Judge_ExactlyAtTheDeadline_IsNotYetLate()
    {
        var firstResponse = TicketClocks.Start(China2026, Monday9, TimeSpan.FromHours(2), SlaMetric.FirstResponse);

        NudgeRule.Judge(null, [firstResponse], Cn(3, 9, 11)).ShouldBe(new NudgeOutcome.NotYetDue(SlaMetric.FirstResponse, Cn(3, 9, 11)));
    }

    [Fact]
    public void Judge_LateClockAlreadyStopped_DoesNotCountAndTheRunningOneIsShown()
    {
        var firstResponse = TicketClocks.Start(China2026, Monday9, TimeSpan.FromHours(1), SlaMetric.FirstResponse);
        firstResponse.FireDue(Cn(3, 9, 10, 1));
        firstResponse.Stop(China2026, Cn(3, 9, 10, 30));
        var resolution = TicketClocks.Start(China2026, Monday9, TimeSpan.FromHours(16));

        NudgeRule.Judge(null, [firstResponse, resolution], Cn(3, 9, 11))
            .ShouldBe(new NudgeOutcome.NotYetDue(SlaMetric.Resolution, Cn(3, 11, 10)));
    }

    [Fact]
    public void Judge_OneRunningOnePaused_ShowsTheRunningDeadline()
    {
        var nextResponse = TicketClocks.Start(China2026, Monday9, TimeSpan.FromHours(1), SlaMetric.NextResponse);
        nextResponse.Pause(China2026, Cn(3, 9, 9, 30));
        var resolution = TicketClocks.Start(China2026, Monday9, TimeSpan.FromHours(4));

        NudgeRule.Judge(null, [nextResponse, resolution], Cn(3, 9, 11))
            .ShouldBe(new NudgeOutcome.NotYetDue(SlaMetric.Resolution, Cn(3, 9, 14, 30)), "the paused clock has no deadline while it waits");
    }

    [Fact]
    public void Judge_EveryClockPausedWaitingOnTheCustomer_IsAwaitingCustomer()
    {
        var nextResponse = TicketClocks.Start(China2026, Monday9, TimeSpan.FromHours(1), SlaMetric.NextResponse);
        var resolution = TicketClocks.Start(China2026, Monday9, TimeSpan.FromHours(4));
        nextResponse.Pause(China2026, Cn(3, 9, 9, 30));
        resolution.Pause(China2026, Cn(3, 9, 9, 30));

        NudgeRule.Judge(null, [nextResponse, resolution], Cn(3, 20, 9)).ShouldBeOfType<NudgeOutcome.AwaitingCustomer>();
    }

    [Fact]
    public void Judge_NoClocks_IsOverdueWithNoDeadline()
    {
        NudgeRule.Judge(null, [], Monday9).ShouldBe(new NudgeOutcome.Overdue(null, null));
    }

    [Fact]
    public void Judge_EveryClockStopped_IsOverdueWithNoDeadline()
    {
        var firstResponse = TicketClocks.Start(China2026, Monday9, TimeSpan.FromHours(1), SlaMetric.FirstResponse);
        firstResponse.Stop(China2026, Cn(3, 9, 9, 20));

        NudgeRule.Judge(Cn(3, 9, 9), [firstResponse], Cn(3, 9, 10)).ShouldBe(new NudgeOutcome.Overdue(null, null));
    }
}
