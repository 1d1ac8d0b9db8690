namespace Kefu.Domain.Workspaces;

/// <summary>The host platform that runs Kefu for its users; every other record belongs to exactly one.</summary>
public sealed class Workspace
{
    public const string DefaultTimeZone = "Asia/Shanghai";

    public Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Name { get; set; }
    public string TimeZone { get; set; } = DefaultTimeZone;
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Routing: the team that takes work no rule matches; null leaves work with its category's team.</summary>
    public Guid? DefaultTeamId { get; set; }

    /// <summary>Routing: the team that sorts out work whose category the classifier was unsure of.</summary>
    public Guid? GeneralTeamId { get; set; }

    /// <summary>Platform mode: the platform's dispute team (纠纷仲裁组).</summary>
    public Guid? ArbitrationTeamId { get; set; }
}

/// <summary>An enterprise or shop inside a workspace whose customers' tickets it may own.</summary>
public sealed class Merchant
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string Name { get; set; }
    public string? ExternalId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>A named account manager who gets this merchant's customers' work first, after the customer's own.</summary>
    public Guid? ManagerAgentId { get; set; }
}

/// <summary>A server-to-server credential of the host platform. Only a hash of the secret is kept.</summary>
public sealed class IntegrationKey
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string Name { get; set; }
    public required string Prefix { get; init; }
    public required string SecretHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
}
