using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;

namespace Kefu.Domain.Tests.Sla;

public sealed class SlaPolicyTests
{
    private static readonly Guid MerchantA = Guid.Parse("0193a1b2-0000-7000-8000-0000000000a1");
    private static readonly Guid MerchantB = Guid.Parse("0193a1b2-0000-7000-8000-0000000000b2");

    /// <summary>A plain ticket: refund category, normal priority, on the web, tier 0, no merchant, not urgent.</summary>
    private static readonly SlaSubject Plain = new("refund", TicketPriority.Normal, Channel.Web, 0, null, false);

    private static readonly SlaTargets FourHours = new(TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4), 80);

    [Fact]
    public void Covers_NoConditions_CoversEverySubject()
    {
        SlaConditions.Any.Covers(Plain).ShouldBeTrue();
        SlaConditions.Any.Covers(new SlaSubject(null, TicketPriority.Urgent, Channel.Email, 9, MerchantA, true)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("refund", true)]
    [InlineData("REFUND", true)]
    [InlineData("Refund", true)]
    [InlineData("logistics", true)]
    [InlineData("invoice", false)]
    [InlineData("refunds", false)]
    public void Covers_Categories_MatchesCodesIgnoringCase(string subjectCategory, bool covered)
    {
        var conditions = new SlaConditions { CategoryCodes = ["Refund", "LOGISTICS"] };

        conditions.Covers(Plain with { CategoryCode = subjectCategory }).ShouldBe(covered);
    }

    [Fact]
    public void Covers_CategoriesGivenAndSubjectHasNone_IsNotCovered()
    {
        new SlaConditions { CategoryCodes = ["refund"] }.Covers(Plain with { CategoryCode = null }).ShouldBeFalse();
    }

    [Theory]
    [InlineData(TicketPriority.Low, false)]
    [InlineData(TicketPriority.Normal, false)]
    [InlineData(TicketPriority.High, true)]
    [InlineData(TicketPriority.Urgent, true)]
    public void Covers_Priorities_MatchesOnlyThoseListed(TicketPriority priority, bool covered)
    {
        var conditions = new SlaConditions { Priorities = [TicketPriority.High, TicketPriority.Urgent] };

        conditions.Covers(Plain with { Priority = priority }).ShouldBe(covered);
    }

    [Theory]
    [InlineData(Channel.WeChat, true)]
    [InlineData(Channel.App, true)]
    [InlineData(Channel.Web, false)]
    [InlineData(Channel.Email, false)]
    public void Covers_Channels_MatchesOnlyThoseListed(Channel channel, bool covered)
    {
        var conditions = new SlaConditions { Channels = [Channel.WeChat, Channel.App] };

        conditions.Covers(Plain with { Channel = channel }).ShouldBe(covered);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(7, true)]
    public void Covers_MinCustomerTier_IsAThresholdNotAnExactLevel(int tier, bool covered)
    {
        new SlaConditions { MinCustomerTier = 3 }.Covers(Plain with { CustomerTier = tier }).ShouldBe(covered);
    }

    [Fact]
    public void Covers_Merchant_MatchesOnlyThatMerchant()
    {
        var conditions = new SlaConditions { MerchantId = MerchantA };

        conditions.Covers(Plain with { MerchantId = MerchantA }).ShouldBeTrue();
        conditions.Covers(Plain with { MerchantId = MerchantB }).ShouldBeFalse();
        conditions.Covers(Plain with { MerchantId = null }).ShouldBeFalse("platform tickets are not the merchant's");
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    public void Covers_Urgent_SeparatesUrgentFromNormalWork(bool conditionUrgent, bool subjectUrgent, bool covered)
    {
        new SlaConditions { Urgent = conditionUrgent }.Covers(Plain with { Urgent = subjectUrgent }).ShouldBe(covered);
    }

    [Fact]
    public void Covers_SeveralConditions_AllMustHold()
    {
        var conditions = new SlaConditions
        {
            CategoryCodes = ["refund"],
            Priorities = [TicketPriority.High],
            Channels = [Channel.App],
            MinCustomerTier = 2,
            MerchantId = MerchantA,
            Urgent = true,
        };
        var matching = new SlaSubject("refund", TicketPriority.High, Channel.App, 2, MerchantA, true);

        conditions.Covers(matching).ShouldBeTrue();
        conditions.Covers(matching with { CategoryCode = "invoice" }).ShouldBeFalse();
        conditions.Covers(matching with { Priority = TicketPriority.Normal }).ShouldBeFalse();
        conditions.Covers(matching with { Channel = Channel.Web }).ShouldBeFalse();
        conditions.Covers(matching with { CustomerTier = 1 }).ShouldBeFalse();
        conditions.Covers(matching with { MerchantId = MerchantB }).ShouldBeFalse();
        conditions.Covers(matching with { Urgent = false }).ShouldBeFalse();
    }

    [Fact]
    public void FirstMatch_TwoPoliciesCover_LowestPositionWinsWhateverTheListOrder()
    {
        var vip = Policy("VIP", 2, new SlaConditions { MinCustomerTier = 3 });
        var urgent = Policy("加急", 1, new SlaConditions { Urgent = true });
        var fallback = Policy("默认", 9, SlaConditions.Any);
        var urgentVip = Plain with { CustomerTier = 5, Urgent = true };

        SlaPolicy.FirstMatch([fallback, vip, urgent], urgentVip).ShouldBeSameAs(urgent);
        SlaPolicy.FirstMatch([urgent, fallback, vip], urgentVip).ShouldBeSameAs(urgent);
        SlaPolicy.FirstMatch([fallback, vip, urgent], Plain with { CustomerTier = 5 }).ShouldBeSameAs(vip);
        SlaPolicy.FirstMatch([fallback, vip, urgent], Plain).ShouldBeSameAs(fallback);
    }

    [Fact]
    public void FirstMatch_InactivePolicy_IsSkipped()
    {
        var retired = Policy("旧政策", 1, SlaConditions.Any);
        retired.IsActive = false;
        var current = Policy("现行", 2, SlaConditions.Any);

        SlaPolicy.FirstMatch([retired, current], Plain).ShouldBeSameAs(current);
        SlaPolicy.FirstMatch([retired], Plain).ShouldBeNull();
    }

    [Fact]
    public void FirstMatch_NothingCovers_IsNull()
    {
        SlaPolicy.FirstMatch([Policy("微信", 1, new SlaConditions { Channels = [Channel.WeChat] })], Plain).ShouldBeNull();
        SlaPolicy.FirstMatch([], Plain).ShouldBeNull();
    }

    [Fact]
    public void FirstMatch_SamePosition_TieIsBrokenByIdSoTheChoiceIsStable()
    {
        var second = Policy("b", 1, SlaConditions.Any, Guid.Parse("0193a1b2-0000-7000-8000-000000000002"));
        var first = Policy("a", 1, SlaConditions.Any, Guid.Parse("0193a1b2-0000-7000-8000-000000000001"));

        SlaPolicy.FirstMatch([second, first], Plain).ShouldBeSameAs(first);
        SlaPolicy.FirstMatch([first, second], Plain).ShouldBeSameAs(first);
    }

    [Fact]
    public void FirstMatch_MerchantPolicyBeforeThePlatformDefault_TakesOnlyThatMerchantsTickets()
    {
        var merchantPolicy = Policy("商家 A", 1, new SlaConditions { MerchantId = MerchantA });
        var platform = Policy("平台", 2, SlaConditions.Any);

        SlaPolicy.FirstMatch([platform, merchantPolicy], Plain with { MerchantId = MerchantA }).ShouldBeSameAs(merchantPolicy);
        SlaPolicy.FirstMatch([platform, merchantPolicy], Plain with { MerchantId = MerchantB }).ShouldBeSameAs(platform);
    }

    [Fact]
    public void For_EachMetric_GivesItsTargetAndPromiseHasNone()
    {
        FourHours.For(SlaMetric.FirstResponse).ShouldBe(TimeSpan.FromHours(1));
        FourHours.For(SlaMetric.NextResponse).ShouldBe(TimeSpan.FromHours(2));
        FourHours.For(SlaMetric.Resolution).ShouldBe(TimeSpan.FromHours(4));
        FourHours.For(SlaMetric.Promise).ShouldBeNull();
        (FourHours with { NextResponse = null }).For(SlaMetric.NextResponse).ShouldBeNull();
    }

    [Fact]
    public void Problem_UsableTargets_IsNull()
    {
        FourHours.Problem().ShouldBeNull();
        new SlaTargets(null, null, TimeSpan.FromDays(365), 1).Problem().ShouldBeNull();
        new SlaTargets(TimeSpan.FromTicks(1), null, null, 99).Problem().ShouldBeNull();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(-5)]
    public void Problem_WarnAtOutsideOneTo99_NamesWarnAt(int percent)
    {
        (FourHours with { WarnAtPercent = percent }).Problem().ShouldNotBeNull().ShouldContain("warnAtPercent");
    }

    [Fact]
    public void Problem_NoTargetAtAll_SaysOneIsNeeded()
    {
        new SlaTargets(null, null, null, 80).Problem().ShouldNotBeNull().ShouldContain("at least one");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    [InlineData((365 * 24 * 60) + 1)]
    public void Problem_TargetZeroNegativeOrOverAYear_IsRefused(int minutes)
    {
        (FourHours with { Resolution = TimeSpan.FromMinutes(minutes) }).Problem().ShouldNotBeNull().ShouldContain("365 days");
        (FourHours with { FirstResponse = TimeSpan.FromMinutes(minutes) }).Problem().ShouldNotBeNull().ShouldContain("365 days");
    }

    private static SlaPolicy Policy(string name, int position, SlaConditions conditions, Guid? id = null) => new()
    {
        Id = id ?? Guid.NewGuid(),
        Name = name,
        Position = position,
        Conditions = conditions,
        Targets = FourHours,
        CalendarKey = "cn-2026",
    };
}
