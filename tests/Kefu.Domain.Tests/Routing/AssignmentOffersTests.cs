using Kefu.Domain.Routing;

using static Kefu.Domain.Tests.Routing.RoutingFixture;

namespace Kefu.Domain.Tests.Routing;

public sealed class AssignmentOffersTests
{
    private static readonly TimeSpan TimeToAnswer = TimeSpan.FromSeconds(30);
    private static readonly Guid ItemId = Id("item chat");
    private static readonly Guid A = Id("agent A");
    private static readonly Guid B = Id("agent B");

    [Fact]
    public void Offer_ThenAccept_ItemIsTakenByThatAgent()
    {
        var offers = new AssignmentOffers(ItemId);

        var offer = offers.Offer(A, Now, TimeToAnswer);
        offers.Accept(A, Now.AddSeconds(10));

        offer.ExpiresAt.ShouldBe(Now + TimeToAnswer);
        offers.AcceptedBy.ShouldBe(A);
        offers.History.Single().Status.ShouldBe(OfferStatus.Accepted);
        offers.LiveOffer(Now.AddSeconds(11)).ShouldBeNull();
    }

    [Fact]
    public void Offer_WhileAnotherIsLive_IsRefused()
    {
        var offers = new AssignmentOffers(ItemId);
        offers.Offer(A, Now, TimeToAnswer);

        Should.Throw<OfferConflictException>(() => offers.Offer(B, Now.AddSeconds(29), TimeToAnswer));
        offers.History.Count.ShouldBe(1);
    }

    [Fact]
    public void Accept_ByAnAgentWithoutTheOffer_IsRefused()
    {
        var offers = new AssignmentOffers(ItemId);
        offers.Offer(A, Now, TimeToAnswer);

        Should.Throw<OfferConflictException>(() => offers.Accept(B, Now.AddSeconds(1)));
        offers.AcceptedBy.ShouldBeNull();
    }

    [Fact]
    public void Accept_AfterExpiry_IsRefusedAndTheAgentCountsAsPassed()
    {
        var offers = new AssignmentOffers(ItemId);
        offers.Offer(A, Now, TimeToAnswer);

        Should.Throw<OfferConflictException>(() => offers.Accept(A, Now + TimeToAnswer));
        offers.History.Single().Status.ShouldBe(OfferStatus.Expired);
        offers.History.Single().ClosedAt.ShouldBe(Now + TimeToAnswer);
        offers.PassedAgents.ShouldContain(A);
    }

    [Fact]
    public void Decline_ThenReofferToTheNextAgent_FirstAgentIsNotAskedAgain()
    {
        var a = Agent("1001");
        var b = Agent("1002", lastAssignedAt: Now.AddMinutes(-1));
        var team = Team("售前", [a, b]);
        var board = Board(a, b);
        var item = Item("chat");
        var offers = new AssignmentOffers(item.Id);

        var first = AgentPicker.Pick(item, team, board, offers.PassedAgents).Pick!;
        offers.Offer(first.Agent.AgentId, Now, TimeToAnswer);
        offers.Decline(first.Agent.AgentId, Now.AddSeconds(5));
        var second = AgentPicker.Pick(item, team, board, offers.PassedAgents).Pick!;
        offers.Offer(second.Agent.AgentId, Now.AddSeconds(5), TimeToAnswer);

        first.Agent.AgentNumber.ShouldBe("1001");
        second.Agent.AgentNumber.ShouldBe("1002");
        Should.Throw<OfferConflictException>(() => offers.Offer(first.Agent.AgentId, Now.AddMinutes(5), TimeToAnswer));
        offers.PassedAgents.ShouldBe([a.AgentId, b.AgentId], ignoreOrder: true);
        AgentPicker.Pick(item, team, board, offers.PassedAgents).Reason.ShouldBe(NoAgentReason.AllPassed);
    }

    [Fact]
    public void Offer_AfterTheLiveOneExpired_ClosesItAndOffersTheNext()
    {
        var offers = new AssignmentOffers(ItemId);
        offers.Offer(A, Now, TimeToAnswer);

        offers.Offer(B, Now.AddSeconds(31), TimeToAnswer);

        offers.History.Select(offer => offer.Status).ShouldBe([OfferStatus.Expired, OfferStatus.Open]);
        offers.LiveOffer(Now.AddSeconds(32))!.AgentId.ShouldBe(B);
    }

    [Fact]
    public void Offer_AfterAcceptance_IsRefused()
    {
        var offers = new AssignmentOffers(ItemId);
        offers.Offer(A, Now, TimeToAnswer);
        offers.Accept(A, Now.AddSeconds(1));

        Should.Throw<OfferConflictException>(() => offers.Offer(B, Now.AddMinutes(1), TimeToAnswer));
    }

    [Fact]
    public void Withdraw_ClosesTheLiveOffer_WithoutCountingTheAgentAsPassed()
    {
        var offers = new AssignmentOffers(ItemId);
        offers.Offer(A, Now, TimeToAnswer);

        offers.Withdraw(Now.AddSeconds(3)).ShouldBeTrue();

        offers.History.Single().Status.ShouldBe(OfferStatus.Withdrawn);
        offers.PassedAgents.ShouldBeEmpty();
        offers.Withdraw(Now.AddSeconds(4)).ShouldBeFalse();
    }

    [Fact]
    public void Restore_RebuildsPassedAgentsAndTheLiveOffer()
    {
        AssignmentOffer[] stored =
        [
            new(ItemId, A, Now, Now + TimeToAnswer) { Status = OfferStatus.Declined, ClosedAt = Now.AddSeconds(2) },
            new(ItemId, B, Now.AddSeconds(2), Now.AddSeconds(32)),
        ];

        var offers = AssignmentOffers.Restore(ItemId, stored);

        offers.PassedAgents.ShouldBe([A]);
        offers.LiveOffer(Now.AddSeconds(10))!.AgentId.ShouldBe(B);
    }

    [Fact]
    public void Restore_UnrecordedExpiry_IsInferredFromTheLaterOffer()
    {
        AssignmentOffer[] stored = [new(ItemId, A, Now, Now + TimeToAnswer), new(ItemId, B, Now.AddMinutes(1), Now.AddMinutes(2))];

        var offers = AssignmentOffers.Restore(ItemId, stored);

        offers.History[0].Status.ShouldBe(OfferStatus.Expired);
        offers.PassedAgents.ShouldBe([A]);
    }

    [Fact]
    public void Restore_TwoOverlappingOffers_IsRejected()
    {
        AssignmentOffer[] stored = [new(ItemId, A, Now, Now + TimeToAnswer), new(ItemId, B, Now.AddSeconds(5), Now.AddSeconds(35))];

        Should.Throw<ArgumentException>(() => AssignmentOffers.Restore(ItemId, stored));
    }

    [Fact]
    public void Restore_OfferForAnotherItem_IsRejected()
    {
        Should.Throw<ArgumentException>(() => AssignmentOffers.Restore(ItemId, [new(Id("item other"), A, Now, Now + TimeToAnswer)]));
    }
}
