namespace Kefu.Domain.Tickets;

/// <summary>One thread on one channel. A ticket may span several (a chat, then an email).</summary>
public sealed class Conversation
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid? TicketId { get; set; }
    public Guid CustomerId { get; set; }
    public Channel Channel { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public enum MessageDirection
{
    Inbound,
    Outbound,
}

public enum MessageVisibility
{
    Public,
    Internal,
}

public enum AuthorKind
{
    Customer,
    Agent,
    Bot,
    System,
}

public sealed class Message
{
    public const int MaxBodyLength = 20_000;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid ConversationId { get; init; }
    public Guid? TicketId { get; init; }
    public MessageDirection Direction { get; init; }
    public MessageVisibility Visibility { get; init; }
    public AuthorKind AuthorKind { get; init; }
    public Guid? AuthorAgentId { get; init; }

    /// <summary>The 工号 of the replying agent, copied so the reply keeps showing who sent it even if the agent leaves.</summary>
    public string? AuthorAgentNumber { get; init; }
    public required string Body { get; init; }

    /// <summary>The channel's own id for the message; ingesting it twice stores it once.</summary>
    public string? ExternalId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// A short code shown with every public agent reply; the public verification page confirms it was sent by an
    /// official agent of the workspace, so a forged screenshot of "customer service" can be told apart.
    /// </summary>
    public string? VerificationCode { get; init; }
}

public sealed class Attachment
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid TicketId { get; init; }
    public Guid? MessageId { get; set; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public long Size { get; init; }
    public required string Sha256 { get; init; }
    public required string StorageKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
