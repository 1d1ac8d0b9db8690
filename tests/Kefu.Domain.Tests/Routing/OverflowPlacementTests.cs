using Kefu.Domain.Routing;
using Kefu.Domain.Sla;

using static Kefu.Domain.Tests.Routing.RoutingFixture;

namespace Kefu.Domain.Tests.Routing;

public sealed class OverflowPlacementTests
{
    private static readonly TimeSpan HandleTime = TimeSpan.FromMinutes(6);

    /// <summary>Saturday 2026-03-14 11:00 in Shanghai: the daytime calendar is closed until Monday 09:00.</summary>
    private static readonly DateTimeOffset Saturday = new(2026, 3, 14, 11, 0, 0, TimeSpan.FromHours(8));

    private static readonly DateTimeOffset MondayNine = new(2026, 3, 16, 9, 0, 0, TimeSpan.FromHours(8));

    private static Placement Place(WorkItem item, string team, AgentBoard board, DateTimeOffset now, params TeamRouting[] teams) =>
        OverflowPlacement.Place(item, Id("team " + team), new TeamDirectory(teams), board, NoBacklog(HandleTime), now);

    [Fact]
    public void Place_TeamHasRoom_AssignsThere()
    {
        var a = Agent("1001");

        var placement = Place(Item("chat"), "售前", Board(a), Now, Team("售前", [a], overflowTo: "通用"), Team("通用", []));

        placement.Kind.ShouldBe(PlacementKind.Assigned);
        placement.TeamId.ShouldBe(Id("team 售前"));
        placement.Agent!.Agent.AgentId.ShouldBe(a.AgentId);
        placement.Overflowed.ShouldBeFalse();
    }

    [Fact]
    public void Place_NobodyOnline_OverflowsToTheNextTeam()
    {
        var away = Agent("1001", AgentAvailability.Away);
        var backup = Agent("2001");

        var placement = Place(Item("chat"), "售前", Board(away, backup), Now, Team("售前", [away], overflowTo: "通用"), Team("通用", [backup]));

        placement.Kind.ShouldBe(PlacementKind.Assigned);
        placement.TeamId.ShouldBe(Id("team 通用"));
        placement.PassedOver.ShouldBe([new OverflowStep(Id("team 售前"), "售前", NoAgentReason.NoneOnline)]);
    }

    [Fact]
    public void Place_SeveralFullTeams_WalksTheWholeChain()
    {
        var full1 = Agent("1001", chats: 2, chatLoad: 2);
        var full2 = Agent("2001", chats: 2, chatLoad: 2);
        var free3 = Agent("3001");
        TeamRouting[] teams = [Team("一线", [full1], overflowTo: "二线"), Team("二线", [full2], overflowTo: "三线"), Team("三线", [free3])];

        var placement = Place(Item("chat"), "一线", Board(full1, full2, free3), Now, teams);

        placement.TeamId.ShouldBe(Id("team 三线"));
        placement.PassedOver.Select(step => step.Reason).ShouldBe([NoAgentReason.AllAtCapacity, NoAgentReason.AllAtCapacity]);
    }

    [Fact]
    public void Place_TeamOffDuty_OverflowsEvenWithAgentsOnline()
    {
        var dayAgent = Agent("1001");
        var nightAgent = Agent("2001");
        TeamRouting[] teams = [Team("白班", [dayAgent], calendar: ShanghaiDaytime, overflowTo: "7x24"), Team("7x24", [nightAgent])];

        var placement = Place(Item("chat"), "白班", Board(dayAgent, nightAgent), Saturday, teams);

        placement.Agent!.Agent.AgentId.ShouldBe(nightAgent.AgentId);
        placement.PassedOver.Single().Reason.ShouldBe(NoAgentReason.OffDuty);
    }

    [Fact]
    public void Place_EveryoneFullButOnDuty_QueuesWhereTheWaitIsShortest()
    {
        var first = Agent("1001", chats: 1, chatLoad: 1);
        var second = new[] { Agent("2001", chats: 2, chatLoad: 2), Agent("2002", chats: 2, chatLoad: 2) };
        TeamRouting[] teams = [Team("一线", [first], overflowTo: "二线"), Team("二线", second)];

        var placement = Place(Item("chat"), "一线", Board([first, .. second]), Now, teams);

        placement.Kind.ShouldBe(PlacementKind.Queued);
        placement.TeamId.ShouldBe(Id("team 二线"));
        placement.ExpectedResponse!.Kind.ShouldBe(WaitEstimateKind.Known);
        placement.ExpectedResponse.Wait.ShouldBe(HandleTime / 4);
    }

    [Fact]
    public void Place_QueueAhead_CountsOnlyItemsServedBeforeThisOne()
    {
        var full = Agent("1001", chats: 1, chatLoad: 1);
        var team = Team("一线", [full]);
        var vip = Item("vip", vipLevel: 3);
        WorkItem[] waiting = [Item("older vip", vipLevel: 3, waitingSince: Now.AddMinutes(-5)), Item("plain", waitingSince: Now.AddMinutes(-9)), Item("ticket", WorkKind.Ticket)];

        var placement = OverflowPlacement.Place(vip, team.TeamId, new TeamDirectory([team]), Board(full), _ => new TeamBacklog(waiting, HandleTime), Now);

        placement.Kind.ShouldBe(PlacementKind.Queued);
        placement.ExpectedResponse!.Wait.ShouldBe(HandleTime * 2);
    }

    [Fact]
    public void Place_WholeChainOffDuty_TakesATicketAnsweredAfterTheNextOpening()
    {
        var a = Agent("1001", AgentAvailability.Offline, chats: 3);
        var b = Agent("1002", AgentAvailability.Offline, chats: 3);
        var team = Team("白班", [a, b], calendar: ShanghaiDaytime);

        var placement = Place(Item("chat"), "白班", Board(a, b), Saturday, team);

        placement.Kind.ShouldBe(PlacementKind.TakeAsTicket);
        placement.TeamId.ShouldBe(team.TeamId);
        placement.ExpectedResponse!.Kind.ShouldBe(WaitEstimateKind.AfterOpening);
        placement.ExpectedResponse.NotBefore.ShouldBe(MondayNine);
        placement.ExpectedResponse.ExpectedAt.ShouldBe(MondayNine);
        placement.ExpectedResponse.Describe().ShouldStartWith("after 2026-03-16T01:00:00.0000000+00:00");
    }

    [Fact]
    public void Place_TakeAsTicket_PicksTheTeamThatOpensFirst()
    {
        var early = Agent("1001", AgentAvailability.Offline);
        var late = Agent("2001", AgentAvailability.Offline);
        var lateCalendar = new BusinessCalendar(
            "Asia/Shanghai",
            new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> { [DayOfWeek.Tuesday] = [WorkingPeriod.Parse("09:00-18:00")] });
        TeamRouting[] teams = [Team("周二班", [late], calendar: lateCalendar, overflowTo: "白班"), Team("白班", [early], calendar: ShanghaiDaytime)];

        var placement = Place(Item("chat"), "周二班", Board(early, late), Saturday, teams);

        placement.Kind.ShouldBe(PlacementKind.TakeAsTicket);
        placement.TeamId.ShouldBe(Id("team 白班"));
        placement.ExpectedResponse!.NotBefore.ShouldBe(MondayNine);
    }

    [Fact]
    public void Place_OnDutyButNobodyOnline_TakesATicketWithAnUnknownWait()
    {
        var offline = Agent("1001", AgentAvailability.Offline);

        var placement = Place(Item("chat"), "售前", Board(offline), Now, Team("售前", [offline]));

        placement.Kind.ShouldBe(PlacementKind.TakeAsTicket);
        placement.ExpectedResponse.ShouldBe(WaitEstimate.Unknown);
        placement.ExpectedResponse!.Describe().ShouldBe("unknown");
    }

    [Fact]
    public void Place_AccountManagerOnline_GetsTheWorkWhileTheTeamIsOffDuty()
    {
        var member = Agent("1001");
        var manager = Agent("9001");
        var item = Item("chat") with { CustomerManagerId = manager.AgentId };

        var placement = Place(item, "白班", Board(member, manager), Saturday, Team("白班", [member], calendar: ShanghaiDaytime));

        placement.Kind.ShouldBe(PlacementKind.Assigned);
        placement.Agent!.Basis.ShouldBe(PickBasis.CustomerManager);
    }

    [Fact]
    public void Directory_CyclicChain_IsRejectedNamingTheLoop()
    {
        TeamRouting[] teams = [Team("甲", [], overflowTo: "乙"), Team("乙", [], overflowTo: "丙"), Team("丙", [], overflowTo: "乙"), Team("丁", [], overflowTo: "甲")];

        var error = Should.Throw<OverflowCycleException>(() => new TeamDirectory(teams));

        error.TeamNames.ShouldBe(["乙", "丙", "乙"]);
        TeamDirectory.FindCycle(teams).ShouldBe([Id("team 乙"), Id("team 丙"), Id("team 乙")]);
    }

    [Fact]
    public void Directory_TeamOverflowingToItself_IsACycle()
    {
        Should.Throw<OverflowCycleException>(() => new TeamDirectory([Team("甲", [], overflowTo: "甲")]));
    }

    [Fact]
    public void Directory_LongAcyclicChain_IsAcceptedInOrder()
    {
        TeamRouting[] teams = [Team("4", []), Team("2", [], overflowTo: "3"), Team("1", [], overflowTo: "2"), Team("3", [], overflowTo: "4")];

        TeamDirectory.FindCycle(teams).ShouldBeNull();
        new TeamDirectory(teams).OverflowChain(Id("team 1")).Select(team => team.Name).ShouldBe(["1", "2", "3", "4"]);
    }

    [Fact]
    public void Directory_UnknownOrCrossMerchantOverflow_IsRejected()
    {
        Should.Throw<ArgumentException>(() => new TeamDirectory([Team("甲", [], overflowTo: "不存在")]));
        Should.Throw<ArgumentException>(() => new TeamDirectory(
            [Team("A 店", [], overflowTo: "B 店", merchantId: Id("shop a")), Team("B 店", [], merchantId: Id("shop b"))]));
        Should.NotThrow(() => new TeamDirectory([Team("A 店", [], overflowTo: "平台", merchantId: Id("shop a")), Team("平台", [])]));
    }
}
