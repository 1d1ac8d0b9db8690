using Kefu.Domain.Tickets;

namespace Kefu.Domain.Routing;

/// <summary>
/// One line of a workspace's routing table. It matches when every condition it sets holds; a condition left empty does
/// not restrict, and within one condition any listed value will do.
/// </summary>
public sealed record RoutingRule
{
    public Guid Id { get; init; }
    public required string Name { get; init; }

    /// <summary>Category codes (<see cref="Category.Code"/>), compared ignoring case.</summary>
    public IReadOnlyList<string> CategoryCodes { get; init; } = [];

    public IReadOnlyList<Channel> Channels { get; init; } = [];

    /// <summary>The customer's VIP level must be at least this.</summary>
    public int? MinimumVipLevel { get; init; }

    public IReadOnlyList<Guid> MerchantIds { get; init; } = [];

    /// <summary>Language tags; "zh" also matches "zh-CN" and "zh-Hans-CN", "zh-TW" matches only Taiwanese variants.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>
    /// Any of these in the subject or text, ignoring case and full-width/half-width forms, as plain substrings: Chinese is
    /// written without spaces, so "退款" is found inside "我要退款了".
    /// </summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    public required Guid TeamId { get; init; }

    /// <summary>The priority the work gets; null keeps the priority it came with.</summary>
    public TicketPriority? Priority { get; init; }

    /// <summary>Sends the work straight into the urgent lane, as an approved urgent request would.</summary>
    public bool MarksUrgent { get; init; }
}
