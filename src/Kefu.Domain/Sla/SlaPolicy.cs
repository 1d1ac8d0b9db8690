using Kefu.Domain.Tickets;

namespace Kefu.Domain.Sla;

/// <summary>
/// Which tickets a policy covers. An empty list or a null value places no condition; every condition
/// given must hold. Categories are matched by their stable code so a policy survives a category rename.
/// </summary>
public sealed record SlaConditions
{
    public IReadOnlyList<string> CategoryCodes { get; init; } = [];
    public IReadOnlyList<TicketPriority> Priorities { get; init; } = [];
    public IReadOnlyList<Channel> Channels { get; init; } = [];

    /// <summary>The lowest customer tier (VIP level) covered; null covers every tier.</summary>
    public int? MinCustomerTier { get; init; }

    public Guid? MerchantId { get; init; }

    /// <summary>True covers only approved urgent (加急) work, false only normal work, null both.</summary>
    public bool? Urgent { get; init; }

    public static SlaConditions Any { get; } = new();

    public bool Covers(SlaSubject subject) =>
        (CategoryCodes.Count == 0 || (subject.CategoryCode is { } code && CategoryCodes.Contains(code, StringComparer.OrdinalIgnoreCase)))
        && (Priorities.Count == 0 || Priorities.Contains(subject.Priority))
        && (Channels.Count == 0 || Channels.Contains(subject.Channel))
        && (MinCustomerTier is not { } tier || subject.CustomerTier >= tier)
        && (MerchantId is not { } merchant || subject.MerchantId == merchant)
        && (Urgent is not { } urgent || subject.Urgent == urgent);
}

/// <summary>The facts of a ticket a policy is chosen by.</summary>
public readonly record struct SlaSubject(
    string? CategoryCode,
    TicketPriority Priority,
    Channel Channel,
    int CustomerTier,
    Guid? MerchantId,
    bool Urgent);

/// <summary>
/// The working time allowed for each metric; a null target means the metric is not clocked under this policy.
/// Copied onto the ticket when the policy is chosen, so a later edit of the policy never moves an existing deadline.
/// </summary>
public sealed record SlaTargets(TimeSpan? FirstResponse, TimeSpan? NextResponse, TimeSpan? Resolution, int WarnAtPercent)
{
    public const int DefaultWarnAtPercent = 80;

    public TimeSpan? For(SlaMetric metric) => metric switch
    {
        SlaMetric.FirstResponse => FirstResponse,
        SlaMetric.NextResponse => NextResponse,
        SlaMetric.Resolution => Resolution,
        _ => null,
    };

    /// <returns>Null when the targets are usable, else what is wrong with them.</returns>
    public string? Problem()
    {
        if (WarnAtPercent is < 1 or > 99)
        {
            return "warnAtPercent must be between 1 and 99";
        }

        TimeSpan?[] targets = [FirstResponse, NextResponse, Resolution];
        if (targets.All(t => t is null))
        {
            return "at least one of firstResponse, nextResponse and resolution must be set";
        }

        return targets.Any(t => t is { } value && (value <= TimeSpan.Zero || value > TimeSpan.FromDays(365)))
            ? "targets must be more than zero and at most 365 days"
            : null;
    }
}

/// <summary>A service-level promise for the tickets its conditions cover, counted on a business calendar.</summary>
public sealed class SlaPolicy
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string Name { get; set; }

    /// <summary>Policies are tried in ascending position; the first that covers a ticket is its policy.</summary>
    public int Position { get; set; }

    public SlaConditions Conditions { get; set; } = SlaConditions.Any;
    public required SlaTargets Targets { get; set; }

    /// <summary>The key of the calendar the targets are counted on: a built-in such as <c>cn-2026</c> or <c>24x7</c>, or a workspace calendar.</summary>
    public required string CalendarKey { get; set; }

    public bool IsActive { get; set; } = true;

    public static SlaPolicy? FirstMatch(IEnumerable<SlaPolicy> policies, SlaSubject subject)
    {
        ArgumentNullException.ThrowIfNull(policies);
        return policies.Where(p => p.IsActive).OrderBy(p => p.Position).ThenBy(p => p.Id).FirstOrDefault(p => p.Conditions.Covers(subject));
    }
}
