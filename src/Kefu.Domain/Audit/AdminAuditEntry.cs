namespace Kefu.Domain.Audit;

/// <summary>
/// One configuration change made by an admin (or an operator's CLI verb): who, when, which record, and
/// the fields before and after. Written in the same transaction as the change and never changed or removed.
/// </summary>
public sealed class AdminAuditEntry
{
    public const int MaxEntityLength = 64;
    public const int MaxEntityIdLength = 200;
    public const int MaxActorLength = 100;
    public const int MaxSourceLength = 300;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public DateTimeOffset At { get; init; }

    /// <summary>"agent" for a signed-in admin, "cli" for an operator's command.</summary>
    public required string ActorKind { get; init; }
    public Guid? ActorAgentId { get; init; }

    /// <summary>The admin's 工号, or the operator's name for a CLI verb.</summary>
    public required string Actor { get; init; }

    public required AdminAuditAction Action { get; init; }

    /// <summary>The kind of record, e.g. "team", "slaPolicy", "integrationKey".</summary>
    public required string Entity { get; init; }

    /// <summary>The record's key (several parts joined with '/').</summary>
    public required string EntityId { get; init; }

    /// <summary>JSON object: field name → { "before": ..., "after": ... }; secrets appear only as "[redacted]".</summary>
    public required string Changes { get; init; }

    /// <summary>What made the change: "PUT /api/v1/admin/teams/…" or the CLI verb.</summary>
    public required string Source { get; init; }
}

public enum AdminAuditAction
{
    Created,
    Changed,
    Deleted,
}
