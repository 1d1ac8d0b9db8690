using Kefu.Domain.Routing;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;

using static Kefu.Domain.Tests.Routing.RoutingFixture;

namespace Kefu.Domain.Tests.Routing;

public sealed class PlatformRoutingTests
{
    private static readonly Guid Arbitration = Id("team 纠纷仲裁组");
    private static readonly Guid PlatformTeam = Id("team platform");
    private static readonly Guid ShopA = Id("merchant shop a");
    private static readonly Guid ShopATeam = Id("team shop a");
    private static readonly Guid ShopWithoutTeam = Id("merchant shop c");

    private static readonly PlatformRouting Platform = new(Arbitration, new Dictionary<Guid, Guid> { [ShopA] = ShopATeam });
    private static readonly RoutingDecision RulesDecision = new(PlatformTeam, TicketPriority.Normal, false, RoutingReason.NoRuleMatched);

    private static SlaClock MerchantFirstResponse() => new(SlaMetric.FirstResponse, TimeSpan.FromHours(2), BusinessCalendar.AlwaysOpen, Now);

    [Fact]
    public void PlatformWork_FollowsTheRules()
    {
        var decision = Platform.Decide(new PlatformRoutingRequest(), RulesDecision, Now);

        decision.ShouldBe(new PlatformRoutingDecision(PlatformTeam, PlatformRouteReason.PlatformRules));
        decision.IsArbitration.ShouldBeFalse();
    }

    [Fact]
    public void MerchantsCustomer_GoesToTheMerchantsTeamFirst()
    {
        Platform.Decide(new PlatformRoutingRequest { MerchantId = ShopA }, RulesDecision, Now)
            .ShouldBe(new PlatformRoutingDecision(ShopATeam, PlatformRouteReason.MerchantTeam));
    }

    [Fact]
    public void MerchantWithoutATeam_FollowsTheRules()
    {
        Platform.Decide(new PlatformRoutingRequest { MerchantId = ShopWithoutTeam }, RulesDecision, Now).TeamId.ShouldBe(PlatformTeam);
    }

    [Fact]
    public void Dispute_GoesToArbitration()
    {
        var decision = Platform.Decide(new PlatformRoutingRequest { MerchantId = ShopA, Disputed = true }, RulesDecision, Now);

        decision.TeamId.ShouldBe(Arbitration);
        decision.Reason.ShouldBe(PlatformRouteReason.Dispute);
        decision.IsArbitration.ShouldBeTrue();
        decision.Describe().ShouldContain("full history");
    }

    [Fact]
    public void MerchantLetsTheClockRunOut_GoesToArbitrationOnlyOnceBreached()
    {
        var request = new PlatformRoutingRequest { MerchantId = ShopA, MerchantClocks = [MerchantFirstResponse()] };

        Platform.Decide(request, RulesDecision, Now.AddHours(2)).TeamId.ShouldBe(ShopATeam);
        var lapsed = Platform.Decide(request, RulesDecision, Now.AddHours(2).AddSeconds(1));

        lapsed.TeamId.ShouldBe(Arbitration);
        lapsed.Reason.ShouldBe(PlatformRouteReason.MerchantSlaLapsed);
    }

    [Fact]
    public void MerchantAnsweredInTime_StaysWithTheMerchant()
    {
        var clock = MerchantFirstResponse();
        clock.Stop(Now.AddMinutes(30));

        Platform.Decide(new PlatformRoutingRequest { MerchantId = ShopA, MerchantClocks = [clock] }, RulesDecision, Now.AddDays(1))
            .TeamId.ShouldBe(ShopATeam);
    }

    [Fact]
    public void InArbitration_StaysThere()
    {
        Platform.Decide(new PlatformRoutingRequest { MerchantId = ShopA, InArbitration = true }, RulesDecision, Now)
            .ShouldBe(new PlatformRoutingDecision(Arbitration, PlatformRouteReason.StaysInArbitration));
    }

    [Fact]
    public void ArbitratedItem_IsNeverGivenToTheMerchantsAgents()
    {
        var merchantAgent = Agent("A-1", merchantId: ShopA);
        var arbiter = Agent("9001", lastAssignedAt: Now);
        var decision = Platform.Decide(new PlatformRoutingRequest { MerchantId = ShopA, Disputed = true }, RulesDecision, Now);
        var item = Item("dispute", WorkKind.Ticket, merchantId: ShopA) with { InArbitration = decision.IsArbitration, MerchantManagerId = merchantAgent.AgentId };
        var arbitration = Team("纠纷仲裁组", [merchantAgent, arbiter]);

        AgentPicker.Pick(item, arbitration, Board(merchantAgent, arbiter)).Pick!.Agent.AgentNumber.ShouldBe("9001");
    }

    [Fact]
    public void ArbitrationTeam_CannotBeAMerchantsTeam()
    {
        Should.Throw<ArgumentException>(() => new PlatformRouting(Arbitration, new Dictionary<Guid, Guid> { [ShopA] = Arbitration }));
    }
}
