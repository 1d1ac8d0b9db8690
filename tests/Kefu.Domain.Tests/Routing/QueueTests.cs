using Kefu.Domain.Routing;

using static Kefu.Domain.Tests.Routing.RoutingFixture;

namespace Kefu.Domain.Tests.Routing;

public sealed class QueueTests
{
    private static readonly TimeSpan HandleTime = TimeSpan.FromMinutes(6);

    [Fact]
    public void Order_UrgentFirst_ThenVipLevel_ThenLongestWaiting()
    {
        var oldPlain = Item("old plain", waitingSince: Now.AddMinutes(-30));
        var newPlain = Item("new plain", waitingSince: Now.AddMinutes(-1));
        var vip2 = Item("vip2", vipLevel: 2, waitingSince: Now);
        var vip5 = Item("vip5", vipLevel: 5, waitingSince: Now);
        var urgentPlain = Item("urgent plain", urgent: true, waitingSince: Now);
        var urgentVip = Item("urgent vip", urgent: true, vipLevel: 1, waitingSince: Now);

        var sorted = QueueOrder.Sort([newPlain, vip2, oldPlain, urgentPlain, vip5, urgentVip]);

        sorted.ShouldBe([urgentVip, urgentPlain, vip5, vip2, oldPlain, newPlain]);
    }

    [Fact]
    public void Order_ExactTies_AreBrokenTheSameWayWhateverTheInputOrder()
    {
        var items = Enumerable.Range(0, 20).Select(i => Item($"same {i}")).ToArray();

        QueueOrder.Sort(items).ShouldBe(QueueOrder.Sort(items.Reverse()));
    }

    [Fact]
    public void Estimate_AllSlotsBusy_PositionTimesHandleTimeOverSlots()
    {
        var agents = new[] { Agent("1001", chats: 3, chatLoad: 3), Agent("1002", chats: 3, chatLoad: 3), Agent("1003", AgentAvailability.Away, chats: 3) };
        var team = Team("售前", agents);

        var third = QueueEstimate.ForPosition(team, WorkKind.Chat, 3, Board(agents), HandleTime, Now);

        third.Kind.ShouldBe(WaitEstimateKind.Known);
        third.Wait.ShouldBe(TimeSpan.FromMinutes(3));
        third.ExpectedAt.ShouldBe(Now.AddMinutes(3));
        third.Describe().ShouldStartWith("about 3 min");
    }

    [Fact]
    public void Estimate_FreeSlots_AreTakenByTheFirstInLine()
    {
        var agents = new[] { Agent("1001", chats: 3, chatLoad: 1), Agent("1002", chats: 3, chatLoad: 3) };
        var board = Board(agents);
        var team = Team("售前", agents);

        QueueEstimate.ForPosition(team, WorkKind.Chat, 2, board, HandleTime, Now).Wait.ShouldBe(TimeSpan.Zero);
        QueueEstimate.ForPosition(team, WorkKind.Chat, 5, board, HandleTime, Now).Wait.ShouldBe(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public void Estimate_RunsPastClosing_ContinuesAtTheNextOpening()
    {
        var agent = Agent("1001", chats: 1, chatLoad: 1);
        var team = Team("白班", [agent], calendar: ShanghaiDaytime);
        var tuesdayEvening = new DateTimeOffset(2026, 3, 10, 17, 58, 0, TimeSpan.FromHours(8));

        var estimate = QueueEstimate.ForPosition(team, WorkKind.Chat, 1, Board(agent), HandleTime, tuesdayEvening);

        estimate.Wait.ShouldBe(HandleTime);
        estimate.ExpectedAt.ShouldBe(new DateTimeOffset(2026, 3, 11, 9, 4, 0, TimeSpan.FromHours(8)));
    }

    [Fact]
    public void Estimate_OffDuty_SaysAfterTheOpening_WithTheWaitIfMembersComeOnDuty()
    {
        var members = new[] { Agent("1001", AgentAvailability.Offline, chats: 2), Agent("1002", AgentAvailability.Offline, chats: 2) };
        var team = Team("白班", members, calendar: ShanghaiDaytime);
        var night = new DateTimeOffset(2026, 3, 10, 22, 0, 0, TimeSpan.FromHours(8));
        var opening = new DateTimeOffset(2026, 3, 11, 9, 0, 0, TimeSpan.FromHours(8));

        var fourth = QueueEstimate.ForPosition(team, WorkKind.Chat, 4, Board(members), HandleTime, night);
        var sixth = QueueEstimate.ForPosition(team, WorkKind.Chat, 6, Board(members), HandleTime, night);

        fourth.Kind.ShouldBe(WaitEstimateKind.AfterOpening);
        fourth.NotBefore.ShouldBe(opening);
        fourth.ExpectedAt.ShouldBe(opening);
        sixth.Wait.ShouldBe(TimeSpan.FromMinutes(3));
        sixth.ExpectedAt.ShouldBe(opening.AddMinutes(3));
    }

    [Fact]
    public void Estimate_OffDutyWithNoStaffForTheKind_GivesOnlyTheOpening()
    {
        var ticketsOnly = Agent("1001", AgentAvailability.Offline, chats: 0);
        var team = Team("白班", [ticketsOnly], calendar: ShanghaiDaytime);
        var night = new DateTimeOffset(2026, 3, 10, 22, 0, 0, TimeSpan.FromHours(8));

        var estimate = QueueEstimate.ForPosition(team, WorkKind.Chat, 1, Board(ticketsOnly), HandleTime, night);

        estimate.Kind.ShouldBe(WaitEstimateKind.AfterOpening);
        estimate.ExpectedAt.ShouldBeNull();
        estimate.Describe().ShouldEndWith("when the team comes on duty");
    }

    [Fact]
    public void Estimate_OnDutyButNobodyOnline_IsUnknown()
    {
        var away = Agent("1001", AgentAvailability.Away);

        QueueEstimate.ForPosition(Team("售前", [away]), WorkKind.Chat, 1, Board(away), HandleTime, Now).ShouldBe(WaitEstimate.Unknown);
    }

    [Fact]
    public void Positions_NumberEachKindSeparatelyInServingOrder()
    {
        var agent = Agent("1001", chats: 1, chatLoad: 1, tickets: 1, ticketLoad: 1);
        var team = Team("售前", [agent]);
        var plainChat = Item("plain chat", waitingSince: Now.AddMinutes(-10));
        var vipChat = Item("vip chat", vipLevel: 1);
        var ticket = Item("ticket", WorkKind.Ticket);

        var positions = QueueEstimate.Positions(team, [plainChat, ticket, vipChat], Board(agent), HandleTime, Now);

        positions.Select(p => (p.Item.Id, p.Position)).ShouldBe([(vipChat.Id, 1), (plainChat.Id, 2), (ticket.Id, 1)]);
        positions[1].Estimate.Wait.ShouldBe(HandleTime * 2);
    }

    [Fact]
    public void RecentAverageHandleTime_IsTheMean_OrTheFallbackWithoutData()
    {
        QueueEstimate.RecentAverageHandleTime([TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(8)], HandleTime).ShouldBe(TimeSpan.FromMinutes(6));
        QueueEstimate.RecentAverageHandleTime([], TimeSpan.FromMinutes(10)).ShouldBe(TimeSpan.FromMinutes(10));
    }
}
