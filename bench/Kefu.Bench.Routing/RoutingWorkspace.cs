using Kefu.Domain.Routing;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;

namespace Kefu.Bench.Routing;

/// <summary>
/// A workspace of realistic size: 20 teams of 10 agents, 50 routing rules mixing every kind of condition, overflow
/// chains three teams deep, and about two thirds of agents online with some work in hand.
/// </summary>
internal sealed class RoutingWorkspace
{
    public const int TeamCount = 20;
    public const int AgentsPerTeam = 10;
    public const int RuleCount = 50;

    public static readonly DateTimeOffset Now = new(2026, 3, 10, 10, 0, 0, TimeSpan.FromHours(8));

    private static readonly string[] Categories = ["refund", "delivery", "account-security", "invoice", "coupon", "return", "payment", "membership", "logistics", "complaint"];
    private static readonly string[] Keywords = ["退款", "没收到", "被盗", "发票", "优惠券", "退货", "扣款", "会员", "物流", "投诉", "refund", "chargeback"];

    public RoutingWorkspace(int seed = 42)
    {
        var random = new Random(seed);
        var officeHours = new BusinessCalendar(
            "Asia/Shanghai",
            new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
                .ToDictionary(day => day, IReadOnlyList<WorkingPeriod> (_) => [WorkingPeriod.Parse("09:00-12:00"), WorkingPeriod.Parse("13:30-18:00")]));

        var agents = new List<AgentSnapshot>();
        var teams = new List<TeamRouting>();
        for (var t = 0; t < TeamCount; t++)
        {
            var members = new List<Guid>();
            for (var a = 0; a < AgentsPerTeam; a++)
            {
                var agent = new AgentSnapshot
                {
                    AgentId = Guid.CreateVersion7(Now),
                    AgentNumber = (1000 + (t * AgentsPerTeam) + a).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Availability = random.Next(3) == 0 ? (AgentAvailability)random.Next(1, 4) : AgentAvailability.Online,
                    Capacity = new WorkCounts(3, 15),
                    Load = new WorkCounts(random.Next(0, 4), random.Next(0, 16)),
                    LastAssignedAt = Now.AddSeconds(-random.Next(3600)),
                };
                agents.Add(agent);
                members.Add(agent.AgentId);
            }

            teams.Add(new TeamRouting
            {
                TeamId = TeamId(t),
                Name = $"team {t}",
                Strategy = t % 2 == 0 ? AssignmentStrategy.RoundRobin : AssignmentStrategy.LeastLoaded,
                MemberIds = members,
                Calendar = t % 4 == 3 ? BusinessCalendar.AlwaysOpen : officeHours,

                // Chains of three: 0 → 1 → 2, 3 → 4 → 5, ...; the last team of each chain is 7×24.
                OverflowTeamId = t % 3 == 2 || t + 1 >= TeamCount ? null : TeamId(t + 1),
            });
        }

        var rules = new List<RoutingRule>();
        for (var r = 0; r < RuleCount; r++)
        {
            var rule = new RoutingRule { Name = $"rule {r}", TeamId = TeamId(r % TeamCount), Priority = (TicketPriority)(r % 4) };
            rules.Add((r % 5) switch
            {
                0 => rule with { CategoryCodes = [Categories[r % Categories.Length]], Channels = [(Channel)(r % 6)] },
                1 => rule with { MinimumVipLevel = 3 + (r % 3), CategoryCodes = [Categories[(r + 3) % Categories.Length]] },
                2 => rule with { Languages = [r % 2 == 0 ? "en" : "zh-TW"], Channels = [Channel.Email] },
                3 => rule with { MerchantIds = [Guid.CreateVersion7(Now)] },
                _ => rule with { Keywords = [Keywords[r % Keywords.Length], Keywords[(r + 5) % Keywords.Length]], Channels = [Channel.App, Channel.Web] },
            });
        }

        Rules = new RoutingRules(rules, TeamId(0), TeamId(1));
        Directory = new TeamDirectory(teams);
        Agents = agents;
    }

    public RoutingRules Rules { get; }
    public TeamDirectory Directory { get; }
    public IReadOnlyList<AgentSnapshot> Agents { get; }

    public static Guid TeamId(int index) => new(index + 1, 0, 0, new byte[8]);
}
