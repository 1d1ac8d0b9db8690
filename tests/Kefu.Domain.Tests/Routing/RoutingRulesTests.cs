using Kefu.Domain.Routing;
using Kefu.Domain.Tickets;

using static Kefu.Domain.Tests.Routing.RoutingFixture;

namespace Kefu.Domain.Tests.Routing;

public sealed class RoutingRulesTests
{
    private static readonly Guid DefaultTeam = Id("team default");
    private static readonly Guid GeneralTeam = Id("team general");
    private static readonly Guid RefundTeam = Id("team refund");
    private static readonly Guid VipTeam = Id("team vip");
    private static readonly Guid MerchantA = Id("merchant a");

    private static RoutingRules Table(params RoutingRule[] rules) => new(rules, DefaultTeam, GeneralTeam, minimumClassifierConfidence: 0.7);

    private static RoutingRule To(Guid team, string name = "rule") => new() { Name = name, TeamId = team };

    private static RoutingRequest Request(string? category = null) => new()
    {
        CategoryCode = category,
        CategorySource = category is null ? CategorySource.None : CategorySource.Customer,
        Channel = Channel.Web,
        Subject = "订单问题",
        Text = "你好",
    };

    [Fact]
    public void Decide_NoRuleMatches_DefaultTeamWithRequestPriority()
    {
        var rules = Table(To(RefundTeam) with { CategoryCodes = ["refund"] });

        var decision = rules.Decide(Request("delivery") with { Priority = TicketPriority.High });

        decision.TeamId.ShouldBe(DefaultTeam);
        decision.Priority.ShouldBe(TicketPriority.High);
        decision.Reason.ShouldBe(RoutingReason.NoRuleMatched);
        decision.MatchedRule.ShouldBeNull();
    }

    [Fact]
    public void Decide_SeveralRulesMatch_FirstInOrderWinsAndIsRecorded()
    {
        var first = To(VipTeam, "VIP 客户") with { MinimumVipLevel = 2, Priority = TicketPriority.High };
        var second = To(RefundTeam, "退款") with { CategoryCodes = ["refund"] };
        var rules = Table(first, second);

        var decision = rules.Decide(Request("refund") with { VipLevel = 3 });

        decision.TeamId.ShouldBe(VipTeam);
        decision.Priority.ShouldBe(TicketPriority.High);
        decision.Reason.ShouldBe(RoutingReason.RuleMatched);
        decision.MatchedRule.ShouldBe(first);
        decision.MatchedRulePosition.ShouldBe(1);
        decision.Describe().ShouldContain("VIP 客户");
    }

    [Theory]
    [InlineData("refund", true)]
    [InlineData("REFUND", true)]
    [InlineData(" refund ", true)]
    [InlineData("delivery", false)]
    [InlineData(null, false)]
    public void CategoryCondition_ComparesCodesIgnoringCase(string? category, bool matches)
    {
        var rules = Table(To(RefundTeam) with { CategoryCodes = ["Refund", "chargeback"] });

        rules.Decide(Request(category)).TeamId.ShouldBe(matches ? RefundTeam : DefaultTeam);
    }

    [Theory]
    [InlineData(Channel.Email, true)]
    [InlineData(Channel.WeChat, true)]
    [InlineData(Channel.Web, false)]
    public void ChannelCondition_MatchesListedChannels(Channel channel, bool matches)
    {
        var rules = Table(To(RefundTeam) with { Channels = [Channel.Email, Channel.WeChat] });

        rules.Decide(Request() with { Channel = channel }).TeamId.ShouldBe(matches ? RefundTeam : DefaultTeam);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(5, true)]
    public void VipCondition_MatchesLevelAtLeastTheMinimum(int level, bool matches)
    {
        var rules = Table(To(VipTeam) with { MinimumVipLevel = 3 });

        rules.Decide(Request() with { VipLevel = level }).TeamId.ShouldBe(matches ? VipTeam : DefaultTeam);
    }

    [Fact]
    public void MerchantCondition_MatchesOnlyListedMerchants()
    {
        var rules = Table(To(RefundTeam) with { MerchantIds = [MerchantA] });

        rules.Decide(Request() with { MerchantId = MerchantA }).TeamId.ShouldBe(RefundTeam);
        rules.Decide(Request() with { MerchantId = Id("merchant b") }).TeamId.ShouldBe(DefaultTeam);
        rules.Decide(Request()).TeamId.ShouldBe(DefaultTeam);
    }

    [Theory]
    [InlineData("zh", "zh-CN", true)]
    [InlineData("zh", "zh_Hans_CN", true)]
    [InlineData("zh", "ZH", true)]
    [InlineData("zh", "zha", false)]
    [InlineData("zh-TW", "zh-CN", false)]
    [InlineData("zh-TW", "zh-tw", true)]
    [InlineData("en", null, false)]
    public void LanguageCondition_MatchesTagOrItsSubtags(string wanted, string? actual, bool matches)
    {
        var rules = Table(To(RefundTeam) with { Languages = [wanted] });

        rules.Decide(Request() with { Language = actual }).TeamId.ShouldBe(matches ? RefundTeam : DefaultTeam);
    }

    [Theory]
    [InlineData("我要退款了，钱还没到", true)]
    [InlineData("申请 REFUND please", true)]
    [InlineData("ｒｅｆｕｎｄ 全角字母", true)]
    [InlineData("退货流程是什么", false)]
    [InlineData("", false)]
    public void KeywordCondition_FindsSubstringsIgnoringCaseAndWidth(string text, bool matches)
    {
        var rules = Table(To(RefundTeam) with { Keywords = ["退款", "Refund"] });

        rules.Decide(Request() with { Subject = "", Text = text }).TeamId.ShouldBe(matches ? RefundTeam : DefaultTeam);
    }

    [Fact]
    public void KeywordCondition_LooksInTheSubjectToo()
    {
        var rules = Table(To(RefundTeam) with { Keywords = ["账户被盗"] });

        rules.Decide(Request() with { Subject = "紧急：账户被盗", Text = "请尽快处理" }).TeamId.ShouldBe(RefundTeam);
    }

    [Fact]
    public void Conditions_AllMustHold()
    {
        var rules = Table(To(VipTeam) with { CategoryCodes = ["refund"], Channels = [Channel.App], MinimumVipLevel = 1, Keywords = ["到账"] });
        var matching = Request("refund") with { Channel = Channel.App, VipLevel = 1, Text = "还没到账" };

        rules.Decide(matching).TeamId.ShouldBe(VipTeam);
        rules.Decide(matching with { Channel = Channel.Web }).TeamId.ShouldBe(DefaultTeam);
        rules.Decide(matching with { VipLevel = 0 }).TeamId.ShouldBe(DefaultTeam);
        rules.Decide(matching with { Text = "你好" }).TeamId.ShouldBe(DefaultTeam);
        rules.Decide(matching with { CategoryCode = "delivery" }).TeamId.ShouldBe(DefaultTeam);
    }

    [Fact]
    public void Rule_WithoutPriority_KeepsTheRequestPriority_AndMayMarkUrgent()
    {
        var rules = Table(To(RefundTeam) with { Keywords = ["被盗"], MarksUrgent = true });

        var decision = rules.Decide(Request() with { Text = "账号被盗", Priority = TicketPriority.Low });

        decision.Priority.ShouldBe(TicketPriority.Low);
        decision.Urgent.ShouldBeTrue();
    }

    [Fact]
    public void UncertainClassifierCategory_IsSetAside_AndGoesToTheGeneralTeam()
    {
        var rules = Table(To(RefundTeam) with { CategoryCodes = ["refund"] });
        var guessed = Request("refund") with { CategorySource = CategorySource.Classifier, ClassifierConfidence = 0.69 };

        var decision = rules.Decide(guessed);

        decision.TeamId.ShouldBe(GeneralTeam);
        decision.Reason.ShouldBe(RoutingReason.UncertainCategory);
        decision.CategoryCodeUsed.ShouldBeNull();
    }

    [Fact]
    public void ConfidentClassifierCategory_IsUsedLikeTheCustomersChoice()
    {
        var rules = Table(To(RefundTeam) with { CategoryCodes = ["refund"] });

        var decision = rules.Decide(Request("refund") with { CategorySource = CategorySource.Classifier, ClassifierConfidence = 0.7 });

        decision.TeamId.ShouldBe(RefundTeam);
        decision.CategoryCodeUsed.ShouldBe("refund");
    }

    [Fact]
    public void UncertainClassifierCategory_RuleNotNeedingACategory_StillMatches()
    {
        var rules = Table(To(RefundTeam) with { CategoryCodes = ["refund"] }, To(VipTeam) with { MinimumVipLevel = 3 });

        var decision = rules.Decide(Request("refund") with { CategorySource = CategorySource.Classifier, ClassifierConfidence = 0.2, VipLevel = 4 });

        decision.TeamId.ShouldBe(VipTeam);
        decision.MatchedRulePosition.ShouldBe(2);
    }

    [Fact]
    public void CustomerChosenCategory_IgnoresConfidence()
    {
        var rules = Table(To(RefundTeam) with { CategoryCodes = ["refund"] });

        rules.Decide(Request("refund") with { ClassifierConfidence = 0.1 }).TeamId.ShouldBe(RefundTeam);
    }

    [Fact]
    public void Table_RejectsRulesThatCannotWork()
    {
        Should.Throw<ArgumentException>(() => Table(To(Guid.Empty)));
        Should.Throw<ArgumentException>(() => Table(To(RefundTeam) with { Keywords = ["退款", " "] }));
        Should.Throw<ArgumentException>(() => Table(To(RefundTeam) with { MinimumVipLevel = -1 }));
        Should.Throw<ArgumentException>(() => Table(To(RefundTeam) with { Name = "" }));
        Should.Throw<ArgumentOutOfRangeException>(() => new RoutingRules([], DefaultTeam, GeneralTeam, 1.5));
    }
}
