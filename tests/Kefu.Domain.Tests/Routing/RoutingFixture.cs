using Kefu.Domain.Routing;
using Kefu.Domain.Sla;

namespace Kefu.Domain.Tests.Routing;

/// <summary>Agents, teams and items for routing tests, with ids derived from readable names.</summary>
internal static class RoutingFixture
{
    /// <summary>Tuesday 2026-03-10 10:00 in Shanghai: the office calendar is open.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 10, 0, 0, TimeSpan.FromHours(8));

    public static Guid Id(string name)
    {
        Span<byte> bytes = stackalloc byte[16];
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name));
        hash.AsSpan(0, 16).CopyTo(bytes);
        return new Guid(bytes);
    }

    public static AgentSnapshot Agent(
        string number,
        AgentAvailability availability = AgentAvailability.Online,
        int chats = 3,
        int tickets = 10,
        int chatLoad = 0,
        int ticketLoad = 0,
        DateTimeOffset? lastAssignedAt = null,
        Guid? merchantId = null) => new()
        {
            AgentId = Id("agent " + number),
            AgentNumber = number,
            Availability = availability,
            Capacity = new WorkCounts(chats, tickets),
            Load = new WorkCounts(chatLoad, ticketLoad),
            LastAssignedAt = lastAssignedAt,
            MerchantId = merchantId,
        };

    public static TeamRouting Team(
        string name,
        IEnumerable<AgentSnapshot> members,
        AssignmentStrategy strategy = AssignmentStrategy.RoundRobin,
        BusinessCalendar? calendar = null,
        string? overflowTo = null,
        Guid? merchantId = null) => new()
        {
            TeamId = Id("team " + name),
            Name = name,
            Strategy = strategy,
            MemberIds = [.. members.Select(member => member.AgentId)],
            Calendar = calendar ?? BusinessCalendar.AlwaysOpen,
            OverflowTeamId = overflowTo is null ? null : Id("team " + overflowTo),
            MerchantId = merchantId,
        };

    public static WorkItem Item(
        string name,
        WorkKind kind = WorkKind.Chat,
        int vipLevel = 0,
        bool urgent = false,
        DateTimeOffset? waitingSince = null,
        Guid? merchantId = null) => new()
        {
            Id = Id("item " + name),
            Kind = kind,
            VipLevel = vipLevel,
            Urgent = urgent,
            WaitingSince = waitingSince ?? Now,
            MerchantId = merchantId,
        };

    public static AgentBoard Board(params AgentSnapshot[] agents) => new(agents);

    public static Func<Guid, TeamBacklog> NoBacklog(TimeSpan averageHandleTime) => _ => new TeamBacklog([], averageHandleTime);

    /// <summary>Monday to Friday 09:00–18:00 in Shanghai.</summary>
    public static BusinessCalendar ShanghaiDaytime { get; } = new(
        "Asia/Shanghai",
        new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .ToDictionary(day => day, IReadOnlyList<WorkingPeriod> (_) => [WorkingPeriod.Parse("09:00-18:00")]));
}
