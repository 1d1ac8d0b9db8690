using Kefu.Domain.Routing;

using static Kefu.Domain.Tests.Routing.RoutingFixture;

namespace Kefu.Domain.Tests.Routing;

public sealed class AgentPickerTests
{
    [Theory]
    [InlineData(AgentAvailability.Busy)]
    [InlineData(AgentAvailability.Away)]
    [InlineData(AgentAvailability.Offline)]
    public void Pick_OnlyOnlineAgents(AgentAvailability availability)
    {
        var other = Agent("1001", availability, lastAssignedAt: null);
        var online = Agent("1002", lastAssignedAt: Now.AddHours(-1));
        var team = Team("售前", [other, online]);

        AgentPicker.Pick(Item("chat"), team, Board(other, online)).Pick!.Agent.AgentId.ShouldBe(online.AgentId);
    }

    [Fact]
    public void Pick_NobodyOnline_SaysSo()
    {
        var away = Agent("1001", AgentAvailability.Away);
        var outcome = AgentPicker.Pick(Item("chat"), Team("售前", [away]), Board(away));

        outcome.Found.ShouldBeFalse();
        outcome.Reason.ShouldBe(NoAgentReason.NoneOnline);
    }

    [Fact]
    public void Pick_CapacityIsPerKind()
    {
        var fullOfChats = Agent("1001", chats: 2, chatLoad: 2, tickets: 5, ticketLoad: 0);
        var team = Team("售后", [fullOfChats]);
        var board = Board(fullOfChats);

        AgentPicker.Pick(Item("chat", WorkKind.Chat), team, board).Reason.ShouldBe(NoAgentReason.AllAtCapacity);
        AgentPicker.Pick(Item("ticket", WorkKind.Ticket), team, board).Pick!.Agent.AgentId.ShouldBe(fullOfChats.AgentId);
    }

    [Fact]
    public void Pick_ZeroCapacityForAKind_NeverGetsThatKind()
    {
        var ticketsOnly = Agent("1001", chats: 0, tickets: 20);
        var outcome = AgentPicker.Pick(Item("chat"), Team("工单组", [ticketsOnly]), Board(ticketsOnly));

        outcome.Reason.ShouldBe(NoAgentReason.AllAtCapacity);
    }

    [Fact]
    public void RoundRobin_LongestIdleFirst_NeverAssignedBeforeAll()
    {
        var recent = Agent("1001", lastAssignedAt: Now.AddMinutes(-1));
        var idle = Agent("1002", lastAssignedAt: Now.AddMinutes(-30));
        var fresh = Agent("1003");
        var team = Team("售前", [recent, idle, fresh]);

        AgentPicker.Pick(Item("a"), team, Board(recent, idle, fresh)).Pick!.Agent.AgentNumber.ShouldBe("1003");
        AgentPicker.Pick(Item("a"), team, Board(recent, idle)).Pick!.Agent.AgentNumber.ShouldBe("1002");
    }

    [Fact]
    public void RoundRobin_Ties_GoToTheLowestAgentNumberNaturally()
    {
        var ten = Agent("10");
        var nine = Agent("9");
        var team = Team("售前", [ten, nine]);

        var pick = AgentPicker.Pick(Item("a"), team, Board(ten, nine)).Pick!;

        pick.Agent.AgentNumber.ShouldBe("9");
        pick.Basis.ShouldBe(PickBasis.RoundRobin);
    }

    [Fact]
    public void RoundRobin_ManyAssignments_EveryAgentGetsTheSameShareInTurn()
    {
        var agents = Enumerable.Range(1, 7).Select(i => Agent($"{1000 + i}", chats: 1000)).ToArray();
        var team = Team("售前", agents);
        var board = Board(agents);
        var counts = agents.ToDictionary(agent => agent.AgentId, _ => 0);
        var order = new List<string>();

        // All at one moment on purpose: a batch decided at one `now` must still rotate.
        for (var i = 0; i < 700; i++)
        {
            var pick = AgentPicker.Pick(Item($"chat {i}"), team, board).Pick!;
            board.RecordAssignment(pick.Agent.AgentId, WorkKind.Chat, Now);
            counts[pick.Agent.AgentId]++;
            order.Add(pick.Agent.AgentNumber);
        }

        counts.Values.ShouldAllBe(count => count == 100);
        order.Take(14).ShouldBe(["1001", "1002", "1003", "1004", "1005", "1006", "1007", "1001", "1002", "1003", "1004", "1005", "1006", "1007"]);
    }

    [Fact]
    public void RoundRobin_AgentSkippedWhileFull_ComesBackFirstWhenFreed()
    {
        var a = Agent("1001", chats: 1);
        var b = Agent("1002", chats: 5);
        var team = Team("售前", [a, b]);
        var board = Board(a, b);

        board.RecordAssignment(AgentPicker.Pick(Item("1"), team, board).Pick!.Agent.AgentId, WorkKind.Chat, Now);
        board.RecordAssignment(AgentPicker.Pick(Item("2"), team, board).Pick!.Agent.AgentId, WorkKind.Chat, Now.AddSeconds(1));
        AgentPicker.Pick(Item("3"), team, board).Pick!.Agent.AgentNumber.ShouldBe("1002");
        board.RecordRelease(a.AgentId, WorkKind.Chat);

        AgentPicker.Pick(Item("4"), team, board).Pick!.Agent.AgentNumber.ShouldBe("1001");
    }

    [Fact]
    public void LeastLoaded_FewestItemsOfTheKindFirst()
    {
        var busy = Agent("1001", chatLoad: 2, ticketLoad: 0, lastAssignedAt: Now.AddHours(-5));
        var light = Agent("1002", chatLoad: 1, ticketLoad: 8, lastAssignedAt: Now);
        var team = Team("售后", [busy, light], AssignmentStrategy.LeastLoaded);
        var board = Board(busy, light);

        var chatPick = AgentPicker.Pick(Item("chat"), team, board).Pick!;
        chatPick.Agent.AgentNumber.ShouldBe("1002");
        chatPick.Basis.ShouldBe(PickBasis.LeastLoaded);
        AgentPicker.Pick(Item("ticket", WorkKind.Ticket), team, board).Pick!.Agent.AgentNumber.ShouldBe("1001");
    }

    [Fact]
    public void LeastLoaded_EqualLoads_LongestIdleFirst()
    {
        var recent = Agent("1001", chatLoad: 1, lastAssignedAt: Now);
        var idle = Agent("1002", chatLoad: 1, lastAssignedAt: Now.AddMinutes(-10));
        var team = Team("售后", [recent, idle], AssignmentStrategy.LeastLoaded);

        AgentPicker.Pick(Item("chat"), team, Board(recent, idle)).Pick!.Agent.AgentNumber.ShouldBe("1002");
    }

    [Fact]
    public void LeastLoaded_ManyAssignments_KeepsLoadsLevel()
    {
        var agents = new[] { Agent("1001", chats: 50, chatLoad: 6), Agent("1002", chats: 50), Agent("1003", chats: 50, chatLoad: 3) };
        var team = Team("售后", agents, AssignmentStrategy.LeastLoaded);
        var board = Board(agents);

        for (var i = 0; i < 30; i++)
        {
            var pick = AgentPicker.Pick(Item($"chat {i}"), team, board).Pick!;
            board.RecordAssignment(pick.Agent.AgentId, WorkKind.Chat, Now.AddSeconds(i));
        }

        board.Agents.Select(agent => agent.Load.Chats).ShouldBe([13, 13, 13], ignoreOrder: true);
    }

    [Fact]
    public void Pick_SkipsAgentsWhoPassed_AndSaysSoWhenAllHave()
    {
        var a = Agent("1001");
        var b = Agent("1002");
        var team = Team("售前", [a, b]);
        var board = Board(a, b);

        AgentPicker.Pick(Item("chat"), team, board, new HashSet<Guid> { a.AgentId }).Pick!.Agent.AgentId.ShouldBe(b.AgentId);
        AgentPicker.Pick(Item("chat"), team, board, new HashSet<Guid> { a.AgentId, b.AgentId }).Reason.ShouldBe(NoAgentReason.AllPassed);
    }

    [Fact]
    public void AccountManager_CustomersManagerFirst_EvenOutsideTheTeam()
    {
        var member = Agent("1001");
        var customerManager = Agent("2001", lastAssignedAt: Now);
        var merchantManager = Agent("2002");
        var item = Item("chat") with { CustomerManagerId = customerManager.AgentId, MerchantManagerId = merchantManager.AgentId };

        var pick = AgentPicker.Pick(item, Team("售前", [member]), Board(member, customerManager, merchantManager)).Pick!;

        pick.Agent.AgentId.ShouldBe(customerManager.AgentId);
        pick.Basis.ShouldBe(PickBasis.CustomerManager);
    }

    [Fact]
    public void AccountManager_CustomersManagerUnavailable_MerchantsManagerNext()
    {
        var member = Agent("1001");
        var customerManager = Agent("2001", AgentAvailability.Away);
        var merchantManager = Agent("2002");
        var item = Item("chat") with { CustomerManagerId = customerManager.AgentId, MerchantManagerId = merchantManager.AgentId };

        var pick = AgentPicker.Pick(item, Team("售前", [member]), Board(member, customerManager, merchantManager)).Pick!;

        pick.Basis.ShouldBe(PickBasis.MerchantManager);
    }

    [Theory]
    [InlineData(AgentAvailability.Offline, 0, false)]
    [InlineData(AgentAvailability.Online, 3, false)]
    [InlineData(AgentAvailability.Online, 0, true)]
    public void AccountManager_OfflineFullOrPassed_FallsBackToTheTeam(AgentAvailability availability, int chatLoad, bool passed)
    {
        var member = Agent("1001");
        var manager = Agent("2001", availability, chats: 3, chatLoad: chatLoad);
        var item = Item("chat") with { CustomerManagerId = manager.AgentId };
        var passedAgents = passed ? new HashSet<Guid> { manager.AgentId } : null;

        var pick = AgentPicker.Pick(item, Team("售前", [member]), Board(member, manager), passedAgents).Pick!;

        pick.Agent.AgentId.ShouldBe(member.AgentId);
        pick.Basis.ShouldBe(PickBasis.RoundRobin);
    }

    [Fact]
    public void AccountManager_NotOnTheBoard_FallsBackToTheTeam()
    {
        var member = Agent("1001");
        var item = Item("chat") with { CustomerManagerId = Id("agent deleted") };

        AgentPicker.Pick(item, Team("售前", [member]), Board(member)).Pick!.Agent.AgentId.ShouldBe(member.AgentId);
    }
}
