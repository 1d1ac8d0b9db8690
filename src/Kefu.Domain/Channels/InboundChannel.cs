namespace Kefu.Domain.Channels;

/// <summary>
/// A generic webhook channel (QQ, DingTalk, an SMS gateway ...): a gateway posts signed JSON to the
/// channel's URL, and replies go back to it as signed JSON through the outbox.
/// </summary>
public sealed class InboundChannel
{
    public const int MaxKey = 40;
    public const int MaxName = 100;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }

    /// <summary>The public, unguessable part of the channel's URL; unique across workspaces.</summary>
    public required string Key { get; init; }
    public required string Name { get; set; }

    /// <summary>The HMAC secret, protected by the host's key ring; shown in clear once, when the channel is made.</summary>
    public required string ProtectedSecret { get; init; }

    /// <summary>Where replies to this channel's customers are posted (by the outbox), if anywhere.</summary>
    public string? OutboundUrl { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
