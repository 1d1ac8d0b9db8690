using Kefu.Domain.Sla;
using Kefu.Domain.Tests.Tickets;
using Kefu.Domain.Tickets;

namespace Kefu.Domain.Tests.Sla;

/// <summary>What the SLA and escalation steps do to a ticket.</summary>
public sealed class TicketEscalationTests
{
    private static readonly Guid PolicyId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000f1");
    private static readonly Guid FrontTeam = Guid.Parse("0193a1b2-0000-7000-8000-0000000000f2");
    private static readonly Guid SeniorTeam = Guid.Parse("0193a1b2-0000-7000-8000-0000000000f3");
    private static readonly Guid AgentId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000f4");

    private readonly FakeTimeProvider _time = TicketFixture.Clock();

    [Fact]
    public void ApplySlaPolicy_CopiesTheTargetsSoALaterPolicyEditMovesNothing()
    {
        var ticket = TicketFixture.New(_time);
        ticket.SlaTargets.ShouldBeNull();
        var policy = new SlaPolicy
        {
            Id = PolicyId,
            Name = "VIP",
            CalendarKey = "cn-2026",
            Targets = new SlaTargets(TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(8), 75),
        };

        ticket.ApplySlaPolicy(policy.Id, policy.Targets, policy.CalendarKey);
        policy.Targets = new SlaTargets(TimeSpan.FromHours(9), null, null, 50);
        policy.CalendarKey = "24x7";

        ticket.SlaPolicyId.ShouldBe(PolicyId);
        ticket.SlaCalendarKey.ShouldBe("cn-2026");
        ticket.SlaTargets.ShouldBe(new SlaTargets(TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(8), 75));
    }

    [Fact]
    public void ApplySlaPolicy_NoCalendarKey_IsRefused()
    {
        var ticket = TicketFixture.New(_time);

        Should.Throw<ArgumentException>(() => ticket.ApplySlaPolicy(PolicyId, new SlaTargets(TimeSpan.FromHours(1), null, null, 80), " "));
        ticket.SlaTargets.ShouldBeNull();
    }

    [Theory]
    [InlineData(TicketPriority.Low, TicketPriority.Normal)]
    [InlineData(TicketPriority.Normal, TicketPriority.High)]
    [InlineData(TicketPriority.High, TicketPriority.Urgent)]
    public void Escalate_RaisePriority_GoesUpOneStep(TicketPriority from, TicketPriority to)
    {
        var ticket = TicketFixture.New(_time);
        ticket.Priority = from;
        _time.Advance(TimeSpan.FromMinutes(5));

        ticket.Escalate(Plan(raisePriority: true), _time.GetUtcNow()).ShouldBeTrue();

        ticket.Priority.ShouldBe(to);
        ticket.UpdatedAt.ShouldBe(_time.GetUtcNow());
        ticket.Version.ShouldBe(1);
    }

    [Fact]
    public void Escalate_RaisePriorityOnUrgent_GoesNoFurtherAndChangesNothing()
    {
        var ticket = TicketFixture.New(_time);
        ticket.Priority = TicketPriority.Urgent;
        _time.Advance(TimeSpan.FromMinutes(5));

        ticket.Escalate(Plan(raisePriority: true), _time.GetUtcNow()).ShouldBeFalse();

        ticket.Priority.ShouldBe(TicketPriority.Urgent);
        ticket.Version.ShouldBe(0);
        ticket.UpdatedAt.ShouldBe(TicketFixture.Start);
    }

    [Fact]
    public void Escalate_RepeatedBreaches_ClimbToUrgentAndStop()
    {
        var ticket = TicketFixture.New(_time);
        ticket.Priority = TicketPriority.Low;

        var changes = Enumerable.Range(0, 5).Select(_ => ticket.Escalate(Plan(raisePriority: true), _time.GetUtcNow())).ToList();

        changes.ShouldBe([true, true, true, false, false]);
        ticket.Priority.ShouldBe(TicketPriority.Urgent);
    }

    [Fact]
    public void Escalate_ToASeniorTeam_MovesTheTicketAndClearsTheAssigneeSoTheTeamPicks()
    {
        var ticket = TicketFixture.New(_time);
        ticket.AssignTo(FrontTeam, AgentId, _time.GetUtcNow());

        ticket.Escalate(Plan(moveTo: SeniorTeam), _time.GetUtcNow()).ShouldBeTrue();

        ticket.TeamId.ShouldBe(SeniorTeam);
        ticket.AssigneeId.ShouldBeNull();
    }

    [Fact]
    public void Escalate_ToTheTeamItIsAlreadyIn_KeepsTheAssignee()
    {
        var ticket = TicketFixture.New(_time);
        ticket.AssignTo(SeniorTeam, AgentId, _time.GetUtcNow());
        var version = ticket.Version;

        ticket.Escalate(Plan(moveTo: SeniorTeam), _time.GetUtcNow()).ShouldBeFalse();

        ticket.AssigneeId.ShouldBe(AgentId);
        ticket.Version.ShouldBe(version);
    }

    [Fact]
    public void Escalate_ClosedTicket_IsNotMoved()
    {
        var ticket = TicketFixture.In(TicketStatus.Closed, _time);
        var team = ticket.TeamId;

        ticket.Escalate(Plan(moveTo: SeniorTeam), _time.GetUtcNow()).ShouldBeFalse();

        ticket.TeamId.ShouldBe(team);
    }

    [Fact]
    public void Escalate_Level_IsRaisedButNeverLowered()
    {
        var ticket = TicketFixture.New(_time);

        ticket.Escalate(Plan(level: 2), _time.GetUtcNow()).ShouldBeTrue();
        ticket.EscalationLevel.ShouldBe(2);

        ticket.Escalate(Plan(level: 1), _time.GetUtcNow()).ShouldBeFalse();
        ticket.EscalationLevel.ShouldBe(2);
    }

    [Fact]
    public void Escalate_DefaultLadderOnBreach_RaisesPriorityAndLevelInOneChange()
    {
        var ticket = TicketFixture.New(_time);
        var plan = EscalationLadder.Plan(EscalationLadder.Defaults(ticket.WorkspaceId), EscalationTrigger.Breach, SlaMetric.FirstResponse, ticket.EscalationLevel);

        ticket.Escalate(plan, _time.GetUtcNow()).ShouldBeTrue();

        ticket.Priority.ShouldBe(TicketPriority.High);
        ticket.EscalationLevel.ShouldBe(2);
        ticket.Version.ShouldBe(1);
    }

    [Fact]
    public void RequestSupervisor_Twice_KeepsTheFirstMomentAndTheLatestReason()
    {
        var ticket = TicketFixture.New(_time);
        var first = _time.GetUtcNow();

        ticket.RequestSupervisor("资金损失，客户要求主管处理", first);
        _time.Advance(TimeSpan.FromHours(1));
        ticket.RequestSupervisor("客户再次要求", _time.GetUtcNow());

        ticket.EscalatedAt.ShouldBe(first);
        ticket.EscalationReason.ShouldBe("客户再次要求");
        ticket.UpdatedAt.ShouldBe(_time.GetUtcNow());
        ticket.Version.ShouldBe(2);
    }

    [Fact]
    public void RequestSupervisor_WithoutReasonOrOnAClosedTicket_IsRefused()
    {
        var ticket = TicketFixture.New(_time);
        Should.Throw<ArgumentException>(() => ticket.RequestSupervisor("  ", _time.GetUtcNow()));
        ticket.EscalatedAt.ShouldBeNull();

        var closed = TicketFixture.In(TicketStatus.Closed, _time);
        Should.Throw<TicketClosedException>(() => closed.RequestSupervisor("请主管处理", _time.GetUtcNow()));
        closed.EscalatedAt.ShouldBeNull();
    }

    [Fact]
    public void ResolveEscalation_ClearsTheRequestButKeepsTheLevel()
    {
        var ticket = TicketFixture.New(_time);
        ticket.Escalate(Plan(level: 2), _time.GetUtcNow());
        ticket.RequestSupervisor("请主管处理", _time.GetUtcNow());
        var version = ticket.Version;
        _time.Advance(TimeSpan.FromMinutes(20));

        ticket.ResolveEscalation(_time.GetUtcNow());

        ticket.EscalatedAt.ShouldBeNull();
        ticket.EscalationLevel.ShouldBe(2);
        ticket.Version.ShouldBe(version + 1);
        ticket.UpdatedAt.ShouldBe(_time.GetUtcNow());
    }

    [Fact]
    public void ResolveEscalation_NothingEscalated_ChangesNothing()
    {
        var ticket = TicketFixture.New(_time);

        ticket.ResolveEscalation(_time.GetUtcNow().AddHours(1));

        ticket.Version.ShouldBe(0);
        ticket.UpdatedAt.ShouldBe(TicketFixture.Start);
    }

    [Fact]
    public void RecordNudge_EachNudge_IsCountedWithItsMoment()
    {
        var ticket = TicketFixture.New(_time);

        ticket.RecordNudge(_time.GetUtcNow());
        _time.Advance(TimeSpan.FromMinutes(15));
        ticket.RecordNudge(_time.GetUtcNow());

        ticket.NudgeCount.ShouldBe(2);
        ticket.LastNudgedAt.ShouldBe(_time.GetUtcNow());
        ticket.Version.ShouldBe(2);
    }

    private static EscalationPlan Plan(bool notify = false, bool raisePriority = false, Guid? moveTo = null, int level = 0) =>
        new(notify, raisePriority, moveTo, level, []);
}
