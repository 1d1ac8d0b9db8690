namespace Kefu.Domain.Routing;

/// <summary>A chat or ticket waiting for, or being given to, an agent: what assignment and queue order need to know about it.</summary>
public sealed record WorkItem
{
    public required Guid Id { get; init; }
    public required WorkKind Kind { get; init; }

    /// <summary>The merchant whose customer raised it, in platform mode; null for the platform's own work.</summary>
    public Guid? MerchantId { get; init; }

    /// <summary>With the platform's arbitration team (纠纷仲裁组): the merchant's own agents may no longer work on it.</summary>
    public bool InArbitration { get; init; }

    /// <summary>The customer's named account manager, offered the work before anyone else.</summary>
    public Guid? CustomerManagerId { get; init; }

    /// <summary>The merchant's named account manager, next after the customer's.</summary>
    public Guid? MerchantManagerId { get; init; }

    public int VipLevel { get; init; }

    /// <summary>An approved urgent-lane (加急) request: ahead of everything else in the queue.</summary>
    public bool Urgent { get; init; }

    /// <summary>When it started waiting for an agent; among equals the longest-waiting goes first.</summary>
    public DateTimeOffset WaitingSince { get; init; }
}
