namespace Kefu.Domain.Email;

public enum MailSecurity
{
    /// <summary>Plain connection: loopback or a trusted network only.</summary>
    None,

    /// <summary>Connect in plain text and upgrade with STARTTLS (SMTP 587, IMAP 143).</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTP 465, IMAP 993).</summary>
    Tls,
}

/// <summary>
/// A support mailbox of a workspace: where mail comes in (IMAP polling or the inbound webhook) and how
/// replies go out (SMTP). Passwords are stored encrypted and never shown again.
/// </summary>
public sealed class EmailChannel
{
    public const int MaxHost = 253;
    public const int MaxUser = 254;
    public const int MaxAddress = 254;
    public const int MaxName = 100;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }

    /// <summary>The support address customers write to and replies come from, e.g. kefu@example.com.</summary>
    public required string FromAddress { get; set; }
    public string? FromName { get; set; }
    public bool Enabled { get; set; } = true;

    public string? ImapHost { get; set; }
    public int ImapPort { get; set; } = 993;
    public MailSecurity ImapSecurity { get; set; } = MailSecurity.Tls;
    public string? ImapUser { get; set; }
    public string? ImapPasswordProtected { get; set; }

    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 465;
    public MailSecurity SmtpSecurity { get; set; } = MailSecurity.Tls;
    public string? SmtpUser { get; set; }
    public string? SmtpPasswordProtected { get; set; }

    /// <summary>SHA-256 of the secret a mail gateway sends with the inbound webhook.</summary>
    public required string InboundSecretHash { get; set; }

    /// <summary>The IMAP mailbox's UIDVALIDITY when <see cref="LastSeenUid"/> was read; a new value means the UIDs were renumbered.</summary>
    public long ImapUidValidity { get; set; }

    /// <summary>The highest IMAP UID already processed, so a restart continues where the last run stopped.</summary>
    public long LastSeenUid { get; set; }
    public DateTimeOffset? LastPolledAt { get; set; }
    public string? LastPollError { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool PollsImap => Enabled && !string.IsNullOrWhiteSpace(ImapHost) && !string.IsNullOrWhiteSpace(ImapUser);

    /// <summary>The domain our Message-IDs are made under: the support address's own.</summary>
    public string MessageIdDomain => FromAddress[(FromAddress.LastIndexOf('@') + 1)..];
}

/// <summary>An address mail to which came back undeliverable: replies to it are not sent until someone clears it.</summary>
public sealed class BouncingAddress
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string Address { get; init; }
    public int Bounces { get; set; }
    public DateTimeOffset FirstBouncedAt { get; init; }
    public DateTimeOffset LastBouncedAt { get; set; }
    public string? LastReason { get; set; }
}
