using Kefu.Domain.Tickets;

namespace Kefu.Domain.Tests.Tickets;

public sealed class HandleTimeTests
{
    private static readonly Guid Team = Guid.Parse("0193a1b2-0000-7000-8000-0000000000aa");
    private static readonly Guid Agent = Guid.Parse("0193a1b2-0000-7000-8000-0000000000bb");

    private static void After(FakeTimeProvider time, int minutes, Action<DateTimeOffset> change)
    {
        time.Advance(TimeSpan.FromMinutes(minutes));
        change(time.GetUtcNow());
    }

    [Fact]
    public void HandleTime_AssignedThenSolved_CountsFromAssignmentNotFromCreation()
    {
        var time = TicketFixture.Clock();
        var ticket = TicketFixture.New(time);

        After(time, 30, now => ticket.AssignTo(Team, Agent, now));
        After(time, 12, now => ticket.MoveTo(TicketStatus.Solved, now));

        ticket.HandleTime.ShouldBe(TimeSpan.FromMinutes(12));
        ticket.HandlingSince.ShouldBeNull();
    }

    [Theory]
    [InlineData(TicketStatus.WaitingOnCustomer)]
    [InlineData(TicketStatus.NeedsInfo)]
    [InlineData(TicketStatus.OnHold)]
    public void HandleTime_PendingStretch_IsNotCounted(TicketStatus pending)
    {
        var time = TicketFixture.Clock();
        var ticket = TicketFixture.New(time);

        After(time, 1, now => ticket.AssignTo(Team, Agent, now));
        After(time, 5, now => ticket.MoveTo(pending, now));
        After(time, 600, now => ticket.MoveTo(TicketStatus.Open, now));
        After(time, 4, now => ticket.MoveTo(TicketStatus.Solved, now));

        ticket.HandleTime.ShouldBe(TimeSpan.FromMinutes(9));
    }

    [Fact]
    public void HandleTime_OpenButUnassigned_IsNotCounted()
    {
        var time = TicketFixture.Clock();
        var ticket = TicketFixture.New(time);

        After(time, 1, now => ticket.AssignTo(Team, Agent, now));
        After(time, 3, now => ticket.AssignTo(Team, null, now));
        After(time, 50, now => ticket.AssignTo(Team, Agent, now));
        After(time, 2, now => ticket.MoveTo(TicketStatus.Solved, now));

        ticket.HandleTime.ShouldBe(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void HandleTime_ReopenedAndSolvedAgain_AddsTheSecondStretch()
    {
        var time = TicketFixture.Clock();
        var ticket = TicketFixture.New(time);
        After(time, 1, now => ticket.AssignTo(Team, Agent, now));
        After(time, 10, now => ticket.MoveTo(TicketStatus.Solved, now));

        After(time, 120, now => ticket.ReceiveCustomerMessage(now));
        ticket.HandleTime.ShouldBe(TimeSpan.FromMinutes(10));
        After(time, 7, now => ticket.MoveTo(TicketStatus.Solved, now));

        ticket.HandleTime.ShouldBe(TimeSpan.FromMinutes(17));
    }

    [Fact]
    public void HandleTime_NeverSolved_IsNull()
    {
        var time = TicketFixture.Clock();
        var ticket = TicketFixture.New(time);
        After(time, 1, now => ticket.AssignTo(Team, Agent, now));
        After(time, 10, now => ticket.RecordAgentReply(now));

        ticket.HandleTime.ShouldBeNull();
        ticket.HandledFor.ShouldBe(TimeSpan.FromMinutes(10));
    }
}
