using Kefu.Domain.Routing;

using static Kefu.Domain.Tests.Routing.RoutingFixture;

namespace Kefu.Domain.Tests.Routing;

/// <summary>
/// Invariants checked over many seeded random worlds: agents coming and going, loads rising and falling, offers
/// declined, expired and raced for. Each seed is reported on failure so a case can be replayed.
/// </summary>
public sealed class RoutingPropertyTests
{
    private const int Worlds = 40;
    private const int StepsPerWorld = 400;
    private static readonly TimeSpan TimeToAnswer = TimeSpan.FromSeconds(20);

    public static TheoryData<int> Seeds() => new(Enumerable.Range(20260310, Worlds));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Placement_NeverChoosesAnAgentWhoIsNotOnlineOrIsFull(int seed)
    {
        var random = new Random(seed);
        var world = RandomWorld(random);
        var now = Now;
        var held = new List<(Guid Agent, WorkKind Kind)>();

        for (var step = 0; step < StepsPerWorld; step++)
        {
            now = now.AddSeconds(random.Next(1, 90));
            Disturb(random, world.Board, held);

            var item = RandomItem(random, world, $"{seed}/{step}", now);
            var passed = RandomPassed(random, world.Board);
            var teamId = world.Teams[random.Next(world.Teams.Count)].TeamId;
            var before = world.Board.Agents.ToDictionary(agent => agent.AgentId);

            var placement = OverflowPlacement.Place(item, teamId, world.Directory, world.Board, NoBacklog(TimeSpan.FromMinutes(5)), now, passed);

            if (placement.Agent is not { } pick)
            {
                var stillFree = before.Values.Where(agent => agent.CanTakeNew(item.Kind) && agent.MayWorkOn(item) && !passed.Contains(agent.AgentId));
                var onDutyMembers = world.Directory.OverflowChain(teamId).Where(team => team.Calendar.IsOpen(now)).SelectMany(team => team.MemberIds);
                stillFree.Select(agent => agent.AgentId).Intersect(onDutyMembers).ShouldBeEmpty($"seed {seed} step {step}: someone could have taken it");
                continue;
            }

            var chosen = before[pick.Agent.AgentId];
            chosen.Availability.ShouldBe(AgentAvailability.Online, $"seed {seed} step {step}");
            chosen.Load.For(item.Kind).ShouldBeLessThan(chosen.Capacity.For(item.Kind), $"seed {seed} step {step}");
            chosen.MayWorkOn(item).ShouldBeTrue($"seed {seed} step {step}: merchant isolation");
            passed.ShouldNotContain(chosen.AgentId, $"seed {seed} step {step}: asked again after passing");

            world.Board.RecordAssignment(chosen.AgentId, item.Kind, now);
            held.Add((chosen.AgentId, item.Kind));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Offers_NeverTwoAgentsForOneItem(int seed)
    {
        var random = new Random(seed);
        var world = RandomWorld(random);
        var now = Now;
        var items = Enumerable.Range(0, 12).Select(i => RandomItem(random, world, $"{seed}/{i}", now)).ToArray();
        var offers = items.ToDictionary(item => item.Id, item => new AssignmentOffers(item.Id));
        var acceptedBy = new Dictionary<Guid, Guid>();

        for (var step = 0; step < StepsPerWorld; step++)
        {
            now = now.AddSeconds(random.Next(0, 15));
            var item = items[random.Next(items.Length)];
            var itemOffers = offers[item.Id];
            var agent = world.Agents[random.Next(world.Agents.Count)].AgentId;

            switch (random.Next(4))
            {
                case 0:
                    var placement = OverflowPlacement.Place(item, world.Teams[0].TeamId, world.Directory, world.Board, NoBacklog(TimeSpan.FromMinutes(5)), now, itemOffers.PassedAgents);
                    if (placement.Agent is { } pick)
                    {
                        TryOffer(itemOffers, pick.Agent.AgentId, now);
                    }

                    break;
                case 1:
                    TryOffer(itemOffers, agent, now);
                    break;
                case 2:
                    // Several agents race to accept the same item at the same moment; the live offer's holder among them.
                    foreach (var racer in world.Agents.OrderBy(_ => random.Next()).Take(3).Select(a => a.AgentId).Append(itemOffers.LiveOffer(now)?.AgentId ?? agent))
                    {
                        try
                        {
                            itemOffers.Accept(racer, now);
                            acceptedBy.ContainsKey(item.Id).ShouldBeFalse($"seed {seed} step {step}: a second acceptance");
                            acceptedBy[item.Id] = racer;
                        }
                        catch (OfferConflictException)
                        {
                        }
                    }

                    break;
                default:
                    try
                    {
                        itemOffers.Decline(itemOffers.LiveOffer(now)?.AgentId ?? agent, now);
                    }
                    catch (OfferConflictException)
                    {
                    }

                    break;
            }

            foreach (var (id, record) in offers)
            {
                record.History.Count(offer => offer.Status == OfferStatus.Open).ShouldBeLessThanOrEqualTo(1, $"seed {seed} step {step}");
                record.History.Count(offer => offer.Status == OfferStatus.Accepted).ShouldBeLessThanOrEqualTo(1, $"seed {seed} step {step}");
                OverlappingLiveOffers(record.History).ShouldBeFalse($"seed {seed} step {step}: two offers live at once");
                record.AcceptedBy.ShouldBe(acceptedBy.TryGetValue(id, out var taker) ? taker : null);
            }
        }
    }

    private static void TryOffer(AssignmentOffers offers, Guid agentId, DateTimeOffset now)
    {
        try
        {
            offers.Offer(agentId, now, TimeToAnswer);
        }
        catch (OfferConflictException)
        {
        }
    }

    /// <summary>Whether some offer was made before the previous one was closed or had expired.</summary>
    private static bool OverlappingLiveOffers(IReadOnlyList<AssignmentOffer> history)
    {
        for (var i = 1; i < history.Count; i++)
        {
            var previousEnd = history[i - 1].ClosedAt ?? history[i - 1].ExpiresAt;
            if (history[i].OfferedAt < previousEnd)
            {
                return true;
            }
        }

        return false;
    }

    private sealed record World(AgentBoard Board, IReadOnlyList<AgentSnapshot> Agents, IReadOnlyList<TeamRouting> Teams, TeamDirectory Directory, Guid Merchant);

    private static World RandomWorld(Random random)
    {
        var merchant = Id($"merchant {random.Next()}");
        var agents = Enumerable.Range(0, random.Next(3, 25)).Select(i => Agent(
            $"{1000 + i}",
            (AgentAvailability)random.Next(4),
            chats: random.Next(0, 4),
            tickets: random.Next(0, 6),
            chatLoad: random.Next(0, 3),
            ticketLoad: random.Next(0, 4),
            lastAssignedAt: random.Next(3) == 0 ? null : Now.AddMinutes(-random.Next(600)),
            merchantId: random.Next(4) == 0 ? merchant : null)).ToList();
        var teamCount = random.Next(1, 5);
        var teams = new List<TeamRouting>();
        for (var t = 0; t < teamCount; t++)
        {
            var members = agents.Where(_ => random.Next(3) == 0).ToArray();
            teams.Add(Team(
                $"team {t}",
                members,
                random.Next(2) == 0 ? AssignmentStrategy.RoundRobin : AssignmentStrategy.LeastLoaded,
                calendar: random.Next(3) == 0 ? ShanghaiDaytime : null,
                overflowTo: t + 1 < teamCount ? $"team {t + 1}" : null));
        }

        return new World(Board([.. agents]), agents, teams, new TeamDirectory(teams), merchant);
    }

    private static WorkItem RandomItem(Random random, World world, string name, DateTimeOffset now) => Item(
        name,
        random.Next(2) == 0 ? WorkKind.Chat : WorkKind.Ticket,
        vipLevel: random.Next(4),
        waitingSince: now,
        merchantId: random.Next(3) == 0 ? world.Merchant : null) with
    {
        InArbitration = random.Next(6) == 0,
        CustomerManagerId = random.Next(4) == 0 ? world.Agents[random.Next(world.Agents.Count)].AgentId : null,
        MerchantManagerId = random.Next(4) == 0 ? world.Agents[random.Next(world.Agents.Count)].AgentId : null,
    };

    private static HashSet<Guid> RandomPassed(Random random, AgentBoard board) =>
        [.. board.Agents.Where(_ => random.Next(8) == 0).Select(agent => agent.AgentId)];

    /// <summary>Some agents change availability, some finish work they hold.</summary>
    private static void Disturb(Random random, AgentBoard board, List<(Guid Agent, WorkKind Kind)> held)
    {
        foreach (var agent in board.Agents.Where(_ => random.Next(10) == 0).ToArray())
        {
            board.SetAvailability(agent.AgentId, (AgentAvailability)random.Next(4));
        }

        for (var i = held.Count - 1; i >= 0; i--)
        {
            if (random.Next(3) == 0)
            {
                board.RecordRelease(held[i].Agent, held[i].Kind);
                held.RemoveAt(i);
            }
        }
    }
}
