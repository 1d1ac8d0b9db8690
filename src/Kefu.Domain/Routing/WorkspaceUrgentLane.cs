namespace Kefu.Domain.Routing;

/// <summary>A workspace's own urgent-lane rules; a workspace without a row uses <see cref="UrgentLanePolicy.Defaults"/>.</summary>
public sealed class WorkspaceUrgentLane
{
    public Guid WorkspaceId { get; init; }

    /// <summary>Tried in order; an empty list sends every request to a supervisor.</summary>
    public IReadOnlyList<UrgentLaneRule> Rules { get; set; } = [];
}
