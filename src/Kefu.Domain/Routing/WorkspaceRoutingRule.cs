namespace Kefu.Domain.Routing;

/// <summary>One stored line of a workspace's routing table; <see cref="Position"/> orders the table.</summary>
public sealed class WorkspaceRoutingRule
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public int Position { get; set; }
    public required RoutingRule Rule { get; set; }
}
