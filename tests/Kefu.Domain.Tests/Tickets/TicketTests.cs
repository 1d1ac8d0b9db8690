using Kefu.Domain.Tickets;

namespace Kefu.Domain.Tests.Tickets;

public sealed class TicketTests
{
    private static readonly Guid TeamId = Guid.Parse("0193a1b2-0000-7000-8000-00000000000a");
    private static readonly Guid AgentId = Guid.Parse("0193a1b2-0000-7000-8000-00000000000b");

    private readonly FakeTimeProvider _time = TicketFixture.Clock();

    [Fact]
    public void Open_NewTicket_StartsNewAndUntouched()
    {
        var ticket = TicketFixture.New(_time);

        ticket.Status.ShouldBe(TicketStatus.New);
        ticket.Number.ShouldBe(TicketFixture.Number);
        ticket.CreatedAt.ShouldBe(TicketFixture.Start);
        ticket.UpdatedAt.ShouldBe(TicketFixture.Start);
        ticket.Version.ShouldBe(0);
        ticket.SolvedAt.ShouldBeNull();
        ticket.ClosedAt.ShouldBeNull();
        ticket.FirstRespondedAt.ShouldBeNull();
        ticket.AssigneeId.ShouldBeNull();
        ticket.OrderNumber.ShouldBe("FS20261118-0032");
    }

    [Theory]
    [InlineData(TicketStatus.Open)]
    [InlineData(TicketStatus.NeedsInfo)]
    [InlineData(TicketStatus.WaitingOnCustomer)]
    [InlineData(TicketStatus.OnHold)]
    public void MoveTo_Solved_SetsSolvedAtToNow(TicketStatus from)
    {
        var ticket = TicketFixture.In(from, _time);
        _time.Advance(TimeSpan.FromHours(2));

        ticket.MoveTo(TicketStatus.Solved, _time.GetUtcNow());

        ticket.SolvedAt.ShouldBe(_time.GetUtcNow());
        ticket.ClosedAt.ShouldBeNull();
    }

    [Fact]
    public void MoveTo_ClosedFromSolved_SetsClosedAtAndKeepsSolvedAt()
    {
        var ticket = TicketFixture.In(TicketStatus.Solved, _time);
        var solvedAt = ticket.SolvedAt;
        _time.Advance(TimeSpan.FromDays(3));

        ticket.MoveTo(TicketStatus.Closed, _time.GetUtcNow());

        ticket.ClosedAt.ShouldBe(_time.GetUtcNow());
        ticket.SolvedAt.ShouldNotBeNull();
        ticket.SolvedAt.ShouldBe(solvedAt);
    }

    [Fact]
    public void MoveTo_OpenFromSolved_ReopensAndClearsSolvedAt()
    {
        var ticket = TicketFixture.In(TicketStatus.Solved, _time);
        _time.Advance(TimeSpan.FromHours(1));

        ticket.MoveTo(TicketStatus.Open, _time.GetUtcNow());

        ticket.Status.ShouldBe(TicketStatus.Open);
        ticket.SolvedAt.ShouldBeNull();
        ticket.ClosedAt.ShouldBeNull();
    }

    [Fact]
    public void MoveTo_SolvedAgainAfterReopen_RecordsTheLaterSolveTime()
    {
        var ticket = TicketFixture.In(TicketStatus.Solved, _time);
        _time.Advance(TimeSpan.FromHours(1));
        ticket.MoveTo(TicketStatus.Open, _time.GetUtcNow());
        _time.Advance(TimeSpan.FromHours(1));

        ticket.MoveTo(TicketStatus.Solved, _time.GetUtcNow());

        ticket.SolvedAt.ShouldBe(_time.GetUtcNow());
    }

    [Theory]
    [InlineData(TicketStatus.NeedsInfo)]
    [InlineData(TicketStatus.WaitingOnCustomer)]
    [InlineData(TicketStatus.OnHold)]
    public void MoveTo_BetweenWorkingStates_LeavesSolvedAndClosedEmpty(TicketStatus to)
    {
        var ticket = TicketFixture.In(TicketStatus.Open, _time);
        _time.Advance(TimeSpan.FromMinutes(5));

        ticket.MoveTo(to, _time.GetUtcNow());

        ticket.SolvedAt.ShouldBeNull();
        ticket.ClosedAt.ShouldBeNull();
    }

    [Fact]
    public void MoveTo_SeveralLegalSteps_CountsOneVersionPerStep()
    {
        var ticket = TicketFixture.New(_time);

        foreach (var step in new[] { TicketStatus.Open, TicketStatus.NeedsInfo, TicketStatus.Open, TicketStatus.Solved, TicketStatus.Closed })
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            ticket.MoveTo(step, _time.GetUtcNow());
        }

        ticket.Version.ShouldBe(5);
        ticket.UpdatedAt.ShouldBe(TicketFixture.Start.AddMinutes(5));
    }

    [Fact]
    public void AssignTo_NewTicketWithAssignee_OpensItAndTouches()
    {
        var ticket = TicketFixture.New(_time);
        _time.Advance(TimeSpan.FromMinutes(3));

        ticket.AssignTo(TeamId, AgentId, _time.GetUtcNow());

        ticket.Status.ShouldBe(TicketStatus.Open);
        ticket.TeamId.ShouldBe(TeamId);
        ticket.AssigneeId.ShouldBe(AgentId);
        ticket.UpdatedAt.ShouldBe(_time.GetUtcNow());
        ticket.Version.ShouldBe(1);
    }

    [Fact]
    public void AssignTo_NewTicketToTeamOnly_StaysNew()
    {
        var ticket = TicketFixture.New(_time);
        _time.Advance(TimeSpan.FromMinutes(3));

        ticket.AssignTo(TeamId, null, _time.GetUtcNow());

        ticket.Status.ShouldBe(TicketStatus.New);
        ticket.TeamId.ShouldBe(TeamId);
        ticket.AssigneeId.ShouldBeNull();
        ticket.Version.ShouldBe(1);
    }

    [Theory]
    [InlineData(TicketStatus.Open)]
    [InlineData(TicketStatus.NeedsInfo)]
    [InlineData(TicketStatus.WaitingOnCustomer)]
    [InlineData(TicketStatus.OnHold)]
    [InlineData(TicketStatus.Solved)]
    public void AssignTo_TicketPastNew_KeepsItsStatus(TicketStatus status)
    {
        var ticket = TicketFixture.In(status, _time);
        var versionBefore = ticket.Version;
        _time.Advance(TimeSpan.FromMinutes(3));

        ticket.AssignTo(TeamId, AgentId, _time.GetUtcNow());

        ticket.Status.ShouldBe(status);
        ticket.AssigneeId.ShouldBe(AgentId);
        ticket.Version.ShouldBe(versionBefore + 1);
    }

    [Fact]
    public void AssignTo_Unassigning_ClearsTeamAndAssigneeAndKeepsStatus()
    {
        var ticket = TicketFixture.New(_time);
        ticket.AssignTo(TeamId, AgentId, _time.GetUtcNow());

        ticket.AssignTo(null, null, _time.GetUtcNow());

        ticket.Status.ShouldBe(TicketStatus.Open);
        ticket.TeamId.ShouldBeNull();
        ticket.AssigneeId.ShouldBeNull();
    }

    [Fact]
    public void AssignTo_ClosedTicket_ThrowsAndLeavesTicketUnchanged()
    {
        var ticket = TicketFixture.In(TicketStatus.Closed, _time);
        var before = TicketFixture.Snapshot(ticket);
        _time.Advance(TimeSpan.FromMinutes(3));

        var thrown = Should.Throw<TicketClosedException>(() => ticket.AssignTo(TeamId, AgentId, _time.GetUtcNow()));

        thrown.Number.ShouldBe(TicketFixture.Number);
        TicketFixture.Snapshot(ticket).ShouldBe(before);
    }

    [Theory]
    [InlineData(TicketStatus.NeedsInfo)]
    [InlineData(TicketStatus.WaitingOnCustomer)]
    public void ReceiveCustomerMessage_WaitingOnCustomer_ReopensTicket(TicketStatus status)
    {
        var ticket = TicketFixture.In(status, _time);
        var versionBefore = ticket.Version;
        _time.Advance(TimeSpan.FromHours(5));

        ticket.ReceiveCustomerMessage(_time.GetUtcNow());

        ticket.Status.ShouldBe(TicketStatus.Open);
        ticket.UpdatedAt.ShouldBe(_time.GetUtcNow());
        ticket.Version.ShouldBe(versionBefore + 1);
    }

    [Fact]
    public void ReceiveCustomerMessage_SolvedTicket_ReopensAndClearsSolvedAt()
    {
        var ticket = TicketFixture.In(TicketStatus.Solved, _time);
        _time.Advance(TimeSpan.FromHours(5));

        ticket.ReceiveCustomerMessage(_time.GetUtcNow());

        ticket.Status.ShouldBe(TicketStatus.Open);
        ticket.SolvedAt.ShouldBeNull();
    }

    [Theory]
    [InlineData(TicketStatus.New)]
    [InlineData(TicketStatus.Open)]
    [InlineData(TicketStatus.OnHold)]
    public void ReceiveCustomerMessage_TicketNotWaitingOnCustomer_KeepsStatusAndTouches(TicketStatus status)
    {
        // OnHold waits on us or a third party, not on the customer, so a customer message does not end it.
        var ticket = TicketFixture.In(status, _time);
        var versionBefore = ticket.Version;
        _time.Advance(TimeSpan.FromHours(5));

        ticket.ReceiveCustomerMessage(_time.GetUtcNow());

        ticket.Status.ShouldBe(status);
        ticket.UpdatedAt.ShouldBe(_time.GetUtcNow());
        ticket.Version.ShouldBe(versionBefore + 1);
    }

    [Fact]
    public void ReceiveCustomerMessage_ClosedTicket_ThrowsAndLeavesTicketUnchanged()
    {
        var ticket = TicketFixture.In(TicketStatus.Closed, _time);
        var before = TicketFixture.Snapshot(ticket);
        _time.Advance(TimeSpan.FromDays(1));

        var thrown = Should.Throw<TicketClosedException>(() => ticket.ReceiveCustomerMessage(_time.GetUtcNow()));

        thrown.Number.ShouldBe(TicketFixture.Number);
        TicketFixture.Snapshot(ticket).ShouldBe(before);
    }

    [Fact]
    public void RecordAgentReply_FirstReply_SetsFirstRespondedAtAndOpensNewTicket()
    {
        var ticket = TicketFixture.New(_time);
        _time.Advance(TimeSpan.FromMinutes(12));

        ticket.RecordAgentReply(_time.GetUtcNow());

        ticket.FirstRespondedAt.ShouldBe(_time.GetUtcNow());
        ticket.Status.ShouldBe(TicketStatus.Open);
        ticket.Version.ShouldBe(1);
    }

    [Fact]
    public void RecordAgentReply_LaterReplies_KeepTheFirstResponseTime()
    {
        var ticket = TicketFixture.New(_time);
        _time.Advance(TimeSpan.FromMinutes(12));
        ticket.RecordAgentReply(_time.GetUtcNow());
        var first = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromHours(1));

        ticket.RecordAgentReply(_time.GetUtcNow());

        ticket.FirstRespondedAt.ShouldBe(first);
        ticket.UpdatedAt.ShouldBe(_time.GetUtcNow());
        ticket.Version.ShouldBe(2);
    }

    [Theory]
    [InlineData(TicketStatus.Open)]
    [InlineData(TicketStatus.NeedsInfo)]
    [InlineData(TicketStatus.WaitingOnCustomer)]
    [InlineData(TicketStatus.OnHold)]
    [InlineData(TicketStatus.Solved)]
    public void RecordAgentReply_TicketPastNew_KeepsStatus(TicketStatus status)
    {
        var ticket = TicketFixture.In(status, _time);
        _time.Advance(TimeSpan.FromMinutes(12));

        ticket.RecordAgentReply(_time.GetUtcNow());

        ticket.Status.ShouldBe(status);
        ticket.FirstRespondedAt.ShouldBe(_time.GetUtcNow());
    }

    [Fact]
    public void RecordAgentReply_ClosedTicket_ThrowsAndLeavesTicketUnchanged()
    {
        var ticket = TicketFixture.In(TicketStatus.Closed, _time);
        var before = TicketFixture.Snapshot(ticket);
        _time.Advance(TimeSpan.FromMinutes(12));

        Should.Throw<TicketClosedException>(() => ticket.RecordAgentReply(_time.GetUtcNow()));

        TicketFixture.Snapshot(ticket).ShouldBe(before);
        ticket.FirstRespondedAt.ShouldBeNull();
    }
}
