namespace Kefu.Domain.Workspaces;

/// <summary>
/// The last ticket number handed out in a workspace. Numbers are taken with one conditional
/// UPDATE ... RETURNING, which behaves the same on SQLite and PostgreSQL.
/// </summary>
public sealed class TicketCounter
{
    public const long FirstNumber = 10001;

    public Guid WorkspaceId { get; init; }
    public long LastNumber { get; set; } = FirstNumber - 1;
}
