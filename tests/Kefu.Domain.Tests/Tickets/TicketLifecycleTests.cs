using Kefu.Domain.Tickets;

namespace Kefu.Domain.Tests.Tickets;

/// <summary>Every (from, to) pair of statuses against the lifecycle the product intends, written out here independently of the code.</summary>
public sealed class TicketLifecycleTests
{
    private static readonly HashSet<(TicketStatus From, TicketStatus To)> Intended =
    [
        (TicketStatus.New, TicketStatus.Open),
        (TicketStatus.New, TicketStatus.NeedsInfo),
        (TicketStatus.New, TicketStatus.WaitingOnCustomer),
        (TicketStatus.New, TicketStatus.OnHold),

        (TicketStatus.Open, TicketStatus.NeedsInfo),
        (TicketStatus.Open, TicketStatus.WaitingOnCustomer),
        (TicketStatus.Open, TicketStatus.OnHold),
        (TicketStatus.Open, TicketStatus.Solved),

        (TicketStatus.NeedsInfo, TicketStatus.Open),
        (TicketStatus.NeedsInfo, TicketStatus.WaitingOnCustomer),
        (TicketStatus.NeedsInfo, TicketStatus.OnHold),
        (TicketStatus.NeedsInfo, TicketStatus.Solved),

        (TicketStatus.WaitingOnCustomer, TicketStatus.Open),
        (TicketStatus.WaitingOnCustomer, TicketStatus.NeedsInfo),
        (TicketStatus.WaitingOnCustomer, TicketStatus.OnHold),
        (TicketStatus.WaitingOnCustomer, TicketStatus.Solved),

        (TicketStatus.OnHold, TicketStatus.Open),
        (TicketStatus.OnHold, TicketStatus.NeedsInfo),
        (TicketStatus.OnHold, TicketStatus.WaitingOnCustomer),
        (TicketStatus.OnHold, TicketStatus.Solved),

        (TicketStatus.Solved, TicketStatus.Closed),
        (TicketStatus.Solved, TicketStatus.Open),
    ];

    public static TheoryData<TicketStatus, TicketStatus> AllPairs()
    {
        var data = new TheoryData<TicketStatus, TicketStatus>();
        foreach (var from in Enum.GetValues<TicketStatus>())
        {
            foreach (var to in Enum.GetValues<TicketStatus>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    public static TheoryData<TicketStatus, TicketStatus> LegalPairs()
    {
        var data = new TheoryData<TicketStatus, TicketStatus>();
        foreach (var (from, to) in Intended)
        {
            data.Add(from, to);
        }

        return data;
    }

    /// <summary>Every pair of different statuses the table does not allow (42 pairs minus the 22 legal ones).</summary>
    public static TheoryData<TicketStatus, TicketStatus> IllegalPairs()
    {
        var data = new TheoryData<TicketStatus, TicketStatus>();
        foreach (var from in Enum.GetValues<TicketStatus>())
        {
            foreach (var to in Enum.GetValues<TicketStatus>().Where(to => to != from && !Intended.Contains((from, to))))
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    public static TheoryData<TicketStatus> AllStatuses() => new(Enum.GetValues<TicketStatus>());

    [Fact]
    public void StatusEnum_AsDeclared_HasTheSevenStatusesTheTableCovers()
    {
        // If a status is added, this table (and the product's lifecycle) has to be decided for it.
        Enum.GetValues<TicketStatus>().ShouldBe(
        [
            TicketStatus.New, TicketStatus.Open, TicketStatus.NeedsInfo, TicketStatus.WaitingOnCustomer,
            TicketStatus.OnHold, TicketStatus.Solved, TicketStatus.Closed,
        ]);
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void CanMove_AnyPair_MatchesIntendedTable(TicketStatus from, TicketStatus to)
    {
        TicketLifecycle.CanMove(from, to).ShouldBe(Intended.Contains((from, to)));
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void NextStatuses_AnyStatus_ListsExactlyTheIntendedTargets(TicketStatus from)
    {
        TicketLifecycle.NextStatuses(from).ShouldBe(
            Intended.Where(p => p.From == from).Select(p => p.To),
            ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(LegalPairs))]
    public void MoveTo_LegalPair_ChangesStatusAndTouchesTicket(TicketStatus from, TicketStatus to)
    {
        var time = TicketFixture.Clock();
        var ticket = TicketFixture.In(from, time);
        var versionBefore = ticket.Version;
        time.Advance(TimeSpan.FromMinutes(7));

        ticket.MoveTo(to, time.GetUtcNow());

        ticket.Status.ShouldBe(to);
        ticket.UpdatedAt.ShouldBe(time.GetUtcNow());
        ticket.Version.ShouldBe(versionBefore + 1);
    }

    [Theory]
    [MemberData(nameof(IllegalPairs))]
    public void MoveTo_IllegalPair_ThrowsAndLeavesTicketUnchanged(TicketStatus from, TicketStatus to)
    {
        var time = TicketFixture.Clock();
        var ticket = TicketFixture.In(from, time);
        var before = TicketFixture.Snapshot(ticket);
        time.Advance(TimeSpan.FromMinutes(7));

        var thrown = Should.Throw<IllegalTransitionException>(() => ticket.MoveTo(to, time.GetUtcNow()));

        thrown.From.ShouldBe(from);
        thrown.To.ShouldBe(to);
        TicketFixture.Snapshot(ticket).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void MoveTo_SameStatus_IsANoOpThatDoesNotTouch(TicketStatus status)
    {
        var time = TicketFixture.Clock();
        var ticket = TicketFixture.In(status, time);
        var before = TicketFixture.Snapshot(ticket);
        time.Advance(TimeSpan.FromMinutes(7));

        ticket.MoveTo(status, time.GetUtcNow());

        TicketFixture.Snapshot(ticket).ShouldBe(before);
    }

    [Theory]
    [InlineData(TicketStatus.New, false)]
    [InlineData(TicketStatus.Open, false)]
    [InlineData(TicketStatus.NeedsInfo, true)]
    [InlineData(TicketStatus.WaitingOnCustomer, true)]
    [InlineData(TicketStatus.OnHold, false)]
    [InlineData(TicketStatus.Solved, false)]
    [InlineData(TicketStatus.Closed, false)]
    public void IsPendingOnCustomer_EachStatus_TrueOnlyWhileWaitingForTheCustomer(TicketStatus status, bool expected)
    {
        TicketLifecycle.IsPendingOnCustomer(status).ShouldBe(expected);
    }
}
