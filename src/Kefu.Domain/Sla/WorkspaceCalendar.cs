namespace Kefu.Domain.Sla;

/// <summary>
/// A business calendar an admin keeps for the workspace (a team's own hours, next year's holidays), stored as the
/// same JSON as the built-in calendars so it can be exported, edited and imported again.
/// </summary>
public sealed class WorkspaceCalendar
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }

    /// <summary>The name policies refer to it by; unique in the workspace and never one of the built-in names.</summary>
    public required string Key { get; init; }

    public required string Definition { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Keys are short lowercase names: letters, digits and dashes.</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: >= 2 and <= 40 } && key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
