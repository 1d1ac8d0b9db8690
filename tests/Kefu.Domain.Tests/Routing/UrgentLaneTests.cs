using Kefu.Domain.Routing;

using static Kefu.Domain.Tests.Routing.RoutingFixture;

namespace Kefu.Domain.Tests.Routing;

public sealed class UrgentLaneTests
{
    private static readonly Guid Supervisor = Id("agent supervisor");

    private static readonly UrgentLanePolicy Policy = new(
    [
        new UrgentLaneRule { Name = "资金损失", ReasonKinds = [UrgentReasonKind.FundsLost] },
        new UrgentLaneRule { Name = "账户安全类目", CategoryCodes = ["account-security"], ReasonKinds = [UrgentReasonKind.AccountCompromised] },
        new UrgentLaneRule { Name = "高级 VIP", MinimumVipLevel = 5 },
    ]);

    private static UrgentRequest Submit(UrgentReasonKind kind, string? category = null, int vip = 0, UrgentLanePolicy? policy = null) =>
        UrgentRequest.Submit(Id("urgent"), Id("item"), kind, "钱被扣了但订单没成功", new UrgentContext(category, vip), policy ?? Policy, Now);

    [Fact]
    public void Submit_ReasonKindApprovedByRule_IsApprovedAtOnceNamingTheRule()
    {
        var request = Submit(UrgentReasonKind.FundsLost);

        request.Status.ShouldBe(UrgentRequestStatus.Approved);
        request.ApprovedByRule.ShouldBe("资金损失");
        request.DecidedAt.ShouldBe(Now);
        request.DecidedBy.ShouldBeNull();
    }

    [Theory]
    [InlineData(UrgentReasonKind.AccountCompromised, "ACCOUNT-SECURITY", 0, UrgentRequestStatus.Approved)]
    [InlineData(UrgentReasonKind.AccountCompromised, "refund", 0, UrgentRequestStatus.Requested)]
    [InlineData(UrgentReasonKind.Other, null, 5, UrgentRequestStatus.Approved)]
    [InlineData(UrgentReasonKind.Other, null, 4, UrgentRequestStatus.Requested)]
    public void Submit_RulesOnCategoryAndVipLevel(UrgentReasonKind kind, string? category, int vip, UrgentRequestStatus expected)
    {
        Submit(kind, category, vip).Status.ShouldBe(expected);
    }

    [Fact]
    public void Submit_SupervisorOnlyPolicy_LeavesItPending()
    {
        Submit(UrgentReasonKind.FundsLost, policy: UrgentLanePolicy.SupervisorOnly).Status.ShouldBe(UrgentRequestStatus.Requested);
    }

    [Fact]
    public void Supervisor_ApprovesPendingRequest()
    {
        var request = Submit(UrgentReasonKind.DeadlineToday);

        request.Approve(Supervisor, Now.AddMinutes(2), "今天截止，同意");

        request.Status.ShouldBe(UrgentRequestStatus.Approved);
        request.DecidedBy.ShouldBe(Supervisor);
        request.DecidedAt.ShouldBe(Now.AddMinutes(2));
    }

    [Fact]
    public void Supervisor_RejectsWithANote_AndTheDecisionIsFinal()
    {
        var request = Submit(UrgentReasonKind.Other);

        Should.Throw<ArgumentException>(() => request.Reject(Supervisor, Now, " "));
        request.Reject(Supervisor, Now.AddMinutes(1), "普通咨询，按正常顺序处理");

        request.Status.ShouldBe(UrgentRequestStatus.Rejected);
        request.DecisionNote.ShouldBe("普通咨询，按正常顺序处理");
        Should.Throw<UrgentRequestDecidedException>(() => request.Approve(Supervisor, Now.AddMinutes(2)));
    }

    [Fact]
    public void AutoApprovedRequest_CannotBeDecidedAgain()
    {
        Should.Throw<UrgentRequestDecidedException>(() => Submit(UrgentReasonKind.FundsLost).Reject(Supervisor, Now, "不同意"));
    }

    [Fact]
    public void Submit_WithoutAReason_IsRefused()
    {
        Should.Throw<ArgumentException>(() => UrgentRequest.Submit(Id("u"), Id("i"), UrgentReasonKind.FundsLost, "  ", new UrgentContext(null, 0), Policy, Now));
    }

    [Fact]
    public void Policy_RuleWithoutConditions_IsRefused()
    {
        Should.Throw<ArgumentException>(() => new UrgentLanePolicy([new UrgentLaneRule { Name = "全部" }]));
    }

    [Fact]
    public void Policy_TwoRulesWithOneName_IsRefused()
    {
        Should.Throw<ArgumentException>(() => new UrgentLanePolicy(
        [
            new UrgentLaneRule { Name = "资金", ReasonKinds = [UrgentReasonKind.FundsLost] },
            new UrgentLaneRule { Name = "资金 ", MinimumVipLevel = 3 },
        ]));
    }

    [Fact]
    public void Policy_UnknownReasonKind_IsRefused()
    {
        Should.Throw<ArgumentException>(() => new UrgentLanePolicy([new UrgentLaneRule { Name = "x", ReasonKinds = [(UrgentReasonKind)42] }]));
    }

    [Theory]
    [InlineData(UrgentReasonKind.FundsLost, UrgentRequestStatus.Approved)]
    [InlineData(UrgentReasonKind.AccountCompromised, UrgentRequestStatus.Approved)]
    [InlineData(UrgentReasonKind.ServiceDown, UrgentRequestStatus.Requested)]
    [InlineData(UrgentReasonKind.DeadlineToday, UrgentRequestStatus.Requested)]
    [InlineData(UrgentReasonKind.Other, UrgentRequestStatus.Requested)]
    public void Defaults_ApproveMoneyAndAccountEmergenciesOnly(UrgentReasonKind kind, UrgentRequestStatus expected)
    {
        Submit(kind, policy: UrgentLanePolicy.Defaults).Status.ShouldBe(expected);
    }
}
