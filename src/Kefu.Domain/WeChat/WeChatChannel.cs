namespace Kefu.Domain.WeChat;

public enum WeChatAccountKind
{
    /// <summary>公众号: AppId + AppSecret, URL verification echoes echostr as sent.</summary>
    OfficialAccount,

    /// <summary>企业微信: CorpId + secret, every callback encrypted, echostr decrypted before it is echoed.</summary>
    WeCom,
}

public enum WeChatSecurityMode
{
    /// <summary>明文模式: messages in clear, signed over token, timestamp and nonce.</summary>
    Plain,

    /// <summary>安全模式: messages AES-encrypted, signed (msg_signature) over the ciphertext too. Clear messages are refused.</summary>
    Safe,
}

/// <summary>One workspace's WeChat account, as configured in the WeChat admin console. Secrets are stored protected.</summary>
public sealed class WeChatChannel
{
    public const string DefaultApiBaseUrl = "https://api.weixin.qq.com";

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public WeChatAccountKind Kind { get; set; }
    public WeChatSecurityMode Mode { get; set; }

    /// <summary>AppId for an Official Account, CorpId for WeCom: also the receiver id inside encrypted messages.</summary>
    public required string AppId { get; set; }

    /// <summary>WeCom's application id, needed to send as that application.</summary>
    public string? AgentId { get; set; }
    public required string ProtectedToken { get; set; }
    public required string ProtectedAppSecret { get; set; }
    public string? ProtectedEncodingAesKey { get; set; }
    public required string ApiBaseUrl { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
