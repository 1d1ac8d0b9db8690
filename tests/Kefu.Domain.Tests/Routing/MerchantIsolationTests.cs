using Kefu.Domain.Routing;

using static Kefu.Domain.Tests.Routing.RoutingFixture;

namespace Kefu.Domain.Tests.Routing;

public sealed class MerchantIsolationTests
{
    private static readonly Guid ShopA = Id("merchant shop a");
    private static readonly Guid ShopB = Id("merchant shop b");

    [Fact]
    public void MerchantAgent_MayWorkOnlyOnTheirMerchantsItems()
    {
        var agent = Agent("A-1", merchantId: ShopA);

        agent.MayWorkOn(Item("a", merchantId: ShopA)).ShouldBeTrue();
        agent.MayWorkOn(Item("b", merchantId: ShopB)).ShouldBeFalse();
        agent.MayWorkOn(Item("platform")).ShouldBeFalse();
    }

    [Fact]
    public void MerchantAgent_LosesTheirMerchantsItemInArbitration()
    {
        Agent("A-1", merchantId: ShopA).MayWorkOn(Item("a", merchantId: ShopA) with { InArbitration = true }).ShouldBeFalse();
    }

    [Fact]
    public void PlatformAgent_MayWorkOnAnything()
    {
        var agent = Agent("1001");

        agent.MayWorkOn(Item("a", merchantId: ShopA) with { InArbitration = true }).ShouldBeTrue();
        agent.MayWorkOn(Item("platform")).ShouldBeTrue();
    }

    [Fact]
    public void Pick_SharedTeam_GivesAMerchantsItemOnlyToItsOwnOrPlatformAgents()
    {
        var shopBAgent = Agent("B-1", merchantId: ShopB);
        var shopAAgent = Agent("A-1", merchantId: ShopA, lastAssignedAt: Now);
        var team = Team("mixed", [shopBAgent, shopAAgent]);

        AgentPicker.Pick(Item("a", merchantId: ShopA), team, Board(shopBAgent, shopAAgent)).Pick!.Agent.AgentNumber.ShouldBe("A-1");
        AgentPicker.Pick(Item("platform"), team, Board(shopBAgent, shopAAgent)).Reason.ShouldBe(NoAgentReason.NoneMayWorkOnIt);
    }

    [Fact]
    public void AccountManager_OfAnotherMerchant_IsNotHonoured()
    {
        var member = Agent("A-1", merchantId: ShopA);
        var otherShopsManager = Agent("B-9", merchantId: ShopB);
        var item = Item("a", merchantId: ShopA) with { CustomerManagerId = otherShopsManager.AgentId };

        AgentPicker.Pick(item, Team("A 店客服", [member]), Board(member, otherShopsManager)).Pick!.Agent.AgentNumber.ShouldBe("A-1");
    }
}
