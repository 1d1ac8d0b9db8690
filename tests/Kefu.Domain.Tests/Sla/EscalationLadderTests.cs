using Kefu.Domain.Sla;

namespace Kefu.Domain.Tests.Sla;

public sealed class EscalationLadderTests
{
    private static readonly Guid WorkspaceId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000e1");
    private static readonly Guid SeniorTeam = Guid.Parse("0193a1b2-0000-7000-8000-0000000000e2");
    private static readonly Guid ArbitrationTeam = Guid.Parse("0193a1b2-0000-7000-8000-0000000000e3");

    [Fact]
    public void Plan_EmptyLadder_DoesNothingAndKeepsTheLevel()
    {
        var plan = EscalationLadder.Plan([], EscalationTrigger.Breach, SlaMetric.Resolution, currentLevel: 1);

        plan.NotifySupervisors.ShouldBeFalse();
        plan.RaisePriority.ShouldBeFalse();
        plan.MoveToTeamId.ShouldBeNull();
        plan.Level.ShouldBe(1);
        plan.RuleIds.ShouldBeEmpty();
        plan.DoesAnything(1).ShouldBeFalse();
    }

    [Fact]
    public void Plan_SeveralMatchingSteps_MergesThem()
    {
        var notify = Rule(1, EscalationTrigger.Breach, notify: true, level: 1);
        var raise = Rule(2, EscalationTrigger.Breach, SlaMetric.Resolution, raisePriority: true, level: 3);
        var move = Rule(3, EscalationTrigger.Breach, moveTo: SeniorTeam, level: 2);

        var plan = EscalationLadder.Plan([move, raise, notify], EscalationTrigger.Breach, SlaMetric.Resolution, currentLevel: 0);

        plan.NotifySupervisors.ShouldBeTrue();
        plan.RaisePriority.ShouldBeTrue();
        plan.MoveToTeamId.ShouldBe(SeniorTeam);
        plan.Level.ShouldBe(3, "the highest level any step raises to");
        plan.RuleIds.ShouldBe([notify.Id, raise.Id, move.Id], "in ladder order");
        plan.DoesAnything(0).ShouldBeTrue();
    }

    [Fact]
    public void Plan_TwoStepsMoveTheTicket_TheFirstByPositionWins()
    {
        var toArbitration = Rule(5, EscalationTrigger.Breach, moveTo: ArbitrationTeam);
        var toSenior = Rule(2, EscalationTrigger.Breach, moveTo: SeniorTeam);
        var notifyOnly = Rule(1, EscalationTrigger.Breach, notify: true);

        EscalationLadder.Plan([toArbitration, notifyOnly, toSenior], EscalationTrigger.Breach, SlaMetric.FirstResponse, 0)
            .MoveToTeamId.ShouldBe(SeniorTeam);
    }

    [Fact]
    public void Plan_StepForAnotherMetric_DoesNotApply()
    {
        var resolutionOnly = Rule(1, EscalationTrigger.Breach, SlaMetric.Resolution, moveTo: SeniorTeam, level: 3);
        var anyMetric = Rule(2, EscalationTrigger.Breach, notify: true);

        var plan = EscalationLadder.Plan([resolutionOnly, anyMetric], EscalationTrigger.Breach, SlaMetric.FirstResponse, 0);

        plan.MoveToTeamId.ShouldBeNull();
        plan.Level.ShouldBe(0);
        plan.RuleIds.ShouldBe([anyMetric.Id]);
    }

    [Fact]
    public void Plan_MetriclessTriggerSuchAsARequest_SkipsMetricSpecificSteps()
    {
        var promiseOnly = Rule(1, EscalationTrigger.Request, SlaMetric.Promise, notify: true);

        EscalationLadder.Plan([promiseOnly], EscalationTrigger.Request, metric: null, 0).RuleIds.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_StepForAnotherTrigger_DoesNotApply()
    {
        var warning = Rule(1, EscalationTrigger.Warning, notify: true, level: 1);

        var plan = EscalationLadder.Plan([warning], EscalationTrigger.Breach, SlaMetric.Resolution, 0);

        plan.DoesAnything(0).ShouldBeFalse();
        plan.RuleIds.ShouldBeEmpty();
    }

    [Fact]
    public void Plan_InactiveStep_IsSkipped()
    {
        var retired = Rule(1, EscalationTrigger.Breach, raisePriority: true, moveTo: SeniorTeam, level: 4);
        retired.IsActive = false;

        EscalationLadder.Plan([retired], EscalationTrigger.Breach, SlaMetric.Resolution, 0).DoesAnything(0).ShouldBeFalse();
    }

    [Fact]
    public void Plan_StepsBelowTheCurrentLevel_NeverLowerIt()
    {
        var low = Rule(1, EscalationTrigger.Breach, level: 1);
        var leaveAsIs = Rule(2, EscalationTrigger.Breach, level: 0);

        var plan = EscalationLadder.Plan([low, leaveAsIs], EscalationTrigger.Breach, SlaMetric.Resolution, currentLevel: 3);

        plan.Level.ShouldBe(3);
        plan.DoesAnything(3).ShouldBeFalse();
    }

    [Fact]
    public void DoesAnything_OnlyALevelRaise_CountsWhenAboveTheCurrentLevel()
    {
        var plan = EscalationLadder.Plan([Rule(1, EscalationTrigger.Warning, level: 2)], EscalationTrigger.Warning, SlaMetric.Resolution, 1);

        plan.Level.ShouldBe(2);
        plan.DoesAnything(1).ShouldBeTrue();
        plan.DoesAnything(2).ShouldBeFalse();
    }

    [Fact]
    public void Defaults_Warning_NotifiesAndRaisesToLevelOne()
    {
        var plan = EscalationLadder.Plan(EscalationLadder.Defaults(WorkspaceId), EscalationTrigger.Warning, SlaMetric.FirstResponse, 0);

        plan.NotifySupervisors.ShouldBeTrue();
        plan.RaisePriority.ShouldBeFalse();
        plan.MoveToTeamId.ShouldBeNull();
        plan.Level.ShouldBe(1);
    }

    [Theory]
    [InlineData(EscalationTrigger.Breach, SlaMetric.Resolution)]
    [InlineData(EscalationTrigger.Breach, SlaMetric.Promise)]
    [InlineData(EscalationTrigger.Nudge, null)]
    public void Defaults_BreachLapsedPromiseOrNudge_NotifiesRaisesPriorityAndGoesToLevelTwo(EscalationTrigger trigger, SlaMetric? metric)
    {
        var plan = EscalationLadder.Plan(EscalationLadder.Defaults(WorkspaceId), trigger, metric, 0);

        plan.NotifySupervisors.ShouldBeTrue();
        plan.RaisePriority.ShouldBeTrue();
        plan.MoveToTeamId.ShouldBeNull();
        plan.Level.ShouldBe(2);
        plan.RuleIds.Count.ShouldBe(1);
    }

    [Fact]
    public void Defaults_Request_NotifiesAndGoesStraightToLevelTwoWithoutRaisingPriority()
    {
        var plan = EscalationLadder.Plan(EscalationLadder.Defaults(WorkspaceId), EscalationTrigger.Request, null, 0);

        plan.NotifySupervisors.ShouldBeTrue();
        plan.RaisePriority.ShouldBeFalse();
        plan.Level.ShouldBe(2);
    }

    [Fact]
    public void Defaults_OneStepPerTrigger_WithStableIdsInTheWorkspace()
    {
        var ladder = EscalationLadder.Defaults(WorkspaceId);

        ladder.Select(r => r.Trigger).ShouldBe(Enum.GetValues<EscalationTrigger>(), ignoreOrder: true);
        ladder.ShouldAllBe(r => r.WorkspaceId == WorkspaceId && r.IsActive && r.Metric == null);
        ladder.Select(r => r.Id).Distinct().Count().ShouldBe(ladder.Count);
        EscalationLadder.Defaults(Guid.NewGuid()).Select(r => r.Id).ShouldBe(ladder.Select(r => r.Id));
    }

    private static EscalationRule Rule(
        int position, EscalationTrigger trigger, SlaMetric? metric = null, bool notify = false, bool raisePriority = false, Guid? moveTo = null, int level = 0) =>
        new()
        {
            Id = Guid.NewGuid(),
            WorkspaceId = WorkspaceId,
            Position = position,
            Trigger = trigger,
            Metric = metric,
            NotifySupervisors = notify,
            RaisePriority = raisePriority,
            MoveToTeamId = moveTo,
            RaiseLevelTo = level,
        };
}
