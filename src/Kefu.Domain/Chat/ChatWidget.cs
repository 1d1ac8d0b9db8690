namespace Kefu.Domain.Chat;

/// <summary>
/// A workspace's web chat widget: the public key pages embed, and the secret the host platform signs
/// user tokens with. The key only names the workspace; it grants nothing a stranger could not get by
/// opening the widget.
/// </summary>
public sealed class ChatWidget
{
    public const string WidgetKeyPrefix = "kfw_";
    public const string SecretPrefix = "kfs_";

    public Guid WorkspaceId { get; init; }
    public required string WidgetKey { get; set; }

    /// <summary>Kept in clear because verifying an HMAC needs it; it is shown only to admins.</summary>
    public required string UserTokenSecret { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset SecretRotatedAt { get; set; }

    /// <summary>The team whose duty decides whether the widget says someone is there; null means the workspace's default team.</summary>
    public Guid? TeamId { get; set; }
}

/// <summary>How far a reader (the customer, or an agent) has read a ticket's thread.</summary>
public sealed class ChatReadMark
{
    public const string CustomerReader = "customer";
    public const string AgentReader = "agent";

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid TicketId { get; init; }

    /// <summary><see cref="CustomerReader"/> or <see cref="AgentReader"/>: the customer sees "read" once any agent has read.</summary>
    public required string Reader { get; init; }
    public Guid MessageId { get; set; }
    public DateTimeOffset MessageCreatedAt { get; set; }
    public DateTimeOffset ReadAt { get; set; }
    public Guid? AgentId { get; set; }

    /// <summary>Moves the mark forward only: a late "read up to" for an older message never undoes a newer one.</summary>
    public bool Advance(Guid messageId, DateTimeOffset messageCreatedAt, DateTimeOffset now, Guid? agentId)
    {
        if (messageCreatedAt < MessageCreatedAt || messageId == MessageId)
        {
            return false;
        }

        MessageId = messageId;
        MessageCreatedAt = messageCreatedAt;
        ReadAt = now;
        AgentId = agentId;
        return true;
    }
}
