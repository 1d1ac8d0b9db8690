namespace Kefu.Domain.Webhooks;

/// <summary>A URL of the host platform that is sent the workspace's events it subscribed to, signed with its own secret.</summary>
public sealed class WebhookEndpoint
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 200;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string Url { get; set; }
    public string? Description { get; set; }
    public IReadOnlyList<string> Events { get; set; } = [];
    public bool IsActive { get; set; } = true;

    /// <summary>The signing secret, protected by the host's data-protection key ring; shown in clear only when made.</summary>
    public required string ProtectedSecret { get; set; }

    /// <summary>The secret's first characters, so admins can tell which one a receiver holds.</summary>
    public required string SecretPrefix { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool Wants(string eventType) => IsActive && Events.Contains(eventType);
}

/// <summary>One try to deliver one event to one endpoint, as the admin's delivery log shows it.</summary>
public sealed class WebhookAttempt
{
    public const int MaxResponseLength = 1000;
    public const int MaxErrorLength = 500;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid EndpointId { get; init; }

    /// <summary>The outbox row (the delivery) this attempt was for; its id is the idempotency key the receiver sees.</summary>
    public Guid DeliveryId { get; init; }
    public Guid EventId { get; init; }
    public required string EventType { get; init; }
    public int Attempt { get; init; }
    public DateTimeOffset AttemptedAt { get; init; }
    public int? StatusCode { get; init; }
    public int DurationMs { get; init; }
    public bool Succeeded { get; init; }
    public string? Error { get; init; }

    /// <summary>The start of what the receiver answered, cut to <see cref="MaxResponseLength"/> characters.</summary>
    public string? Response { get; init; }

    public static string? Truncate(string? text, int max) =>
        text is null || text.Length <= max ? text : text[..max];
}
