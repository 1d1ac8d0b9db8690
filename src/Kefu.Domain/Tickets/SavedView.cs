namespace Kefu.Domain.Tickets;

/// <summary>
/// An agent's named inbox filter (an inbox view narrowed by priority, category and search text), kept for themselves
/// or shared with the workspace.
/// </summary>
public sealed class SavedView
{
    public const int MaxNameLength = 60;
    public const int MaxQueryLength = 100;
    public const int MaxPerAgent = 30;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid OwnerAgentId { get; init; }
    public required string Name { get; init; }
    public required string View { get; init; }
    public TicketPriority? Priority { get; init; }
    public string? Category { get; init; }
    public string? Query { get; init; }
    public bool Shared { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
