namespace Kefu.Domain.Outbox;

/// <summary>
/// Something to send after a change commits (a webhook call, an email, a WeChat message), written in the same
/// transaction as the change, so a crash never loses it and a rolled-back change never sends it. Delivered at
/// least once: the receiving side sees <see cref="Id"/> as the idempotency key of every attempt.
/// </summary>
public sealed class OutboxMessage
{
    public const int MaxKindLength = 32;
    public const int MaxErrorLength = 2000;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }

    /// <summary>Which delivery sends it: "webhook", "email", "wechat" ...</summary>
    public required string Kind { get; init; }

    /// <summary>JSON the delivery of <see cref="Kind"/> reads; written once, never changed.</summary>
    public required string Payload { get; init; }

    /// <summary>The stored record the row is addressed to, when there is one (a webhook endpoint), for its delivery log.</summary>
    public Guid? TargetId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset NextAttemptAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? DeadLetteredAt { get; init; }

    /// <summary>The deliverer run holding the row, until <see cref="ClaimedUntil"/>; after that another node may take it over.</summary>
    public Guid? ClaimedBy { get; init; }
    public DateTimeOffset? ClaimedUntil { get; init; }

    /// <summary>The key a receiver uses to drop a repeated delivery.</summary>
    public string IdempotencyKey => Id.ToString("N");

    public static OutboxMessage Create(Guid workspaceId, string kind, string payload, DateTimeOffset now, Guid? targetId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(payload);
        if (kind.Length > MaxKindLength)
        {
            throw new ArgumentException($"An outbox kind has at most {MaxKindLength} characters.", nameof(kind));
        }

        return new OutboxMessage
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, Kind = kind, Payload = payload, TargetId = targetId, CreatedAt = now, NextAttemptAt = now,
        };
    }
}
