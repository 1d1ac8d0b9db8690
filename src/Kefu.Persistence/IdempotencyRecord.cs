namespace Kefu.Persistence;

/// <summary>
/// The first answer given to a request that carried an Idempotency-Key, kept so that a retry gets
/// the same answer instead of a second ticket.
/// </summary>
public sealed class IdempotencyRecord
{
    public Guid WorkspaceId { get; init; }
    public required string Key { get; init; }

    /// <summary>SHA-256 of the request body: the same key with a different body is a client bug, not a retry.</summary>
    public required string RequestHash { get; init; }
    public int StatusCode { get; init; }
    public required string ResponseBody { get; init; }
    public string? Location { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
