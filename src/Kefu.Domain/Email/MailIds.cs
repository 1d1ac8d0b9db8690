using System.Security.Cryptography;
using System.Text;

namespace Kefu.Domain.Email;

/// <summary>
/// Message-IDs and the external ids mails are stored under. Our own Message-ID is made from the stored
/// message's id, so every send of one reply (a retry too) carries the same id, and a customer's answer
/// to it names the message without any lookup table.
/// </summary>
public static class MailIds
{
    public const string ExternalIdPrefix = "email:";
    private const string OurSuffix = ".kefu";

    /// <summary>The longest external id a message row holds.</summary>
    public const int MaxExternalId = 255;

    /// <summary>Our Message-ID for a stored message, without angle brackets.</summary>
    public static string ForMessage(Guid messageId, string domain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        return $"{messageId:N}{OurSuffix}@{domain}";
    }

    /// <summary>The stored message a Message-ID of ours names, whatever domain it went out under.</summary>
    public static Guid? OurMessage(string messageId)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        var local = messageId.Trim('<', '>', ' ');
        var at = local.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        local = local[..at];
        return local.EndsWith(OurSuffix, StringComparison.Ordinal) && local.Length == 32 + OurSuffix.Length
            && Guid.TryParseExact(local[..32], "N", out var id)
            ? id
            : null;
    }

    /// <summary>The message's external id: its Message-ID, or a hash of the raw mail when it has none (or one too long to store).</summary>
    public static string ExternalId(string? messageId, ReadOnlySpan<byte> rawMail)
    {
        var trimmed = messageId?.Trim('<', '>', ' ');
        if (!string.IsNullOrEmpty(trimmed) && ExternalIdPrefix.Length + trimmed.Length <= MaxExternalId)
        {
            return ExternalIdPrefix + trimmed;
        }

        var hashed = trimmed is { Length: > 0 } ? SHA256.HashData(Encoding.UTF8.GetBytes(trimmed)) : SHA256.HashData(rawMail);
        return ExternalIdPrefix + "sha256:" + Convert.ToHexStringLower(hashed);
    }

    /// <summary>The external ids under which a referenced Message-ID may have been stored.</summary>
    public static string ReferenceExternalId(string messageId) => ExternalId(messageId, []);

    /// <summary>The Message-ID back from an external id, or null for a hash (a mail that had none).</summary>
    public static string? MessageIdOf(string? externalId) =>
        externalId is not null && externalId.StartsWith(ExternalIdPrefix, StringComparison.Ordinal) && !externalId.StartsWith(ExternalIdPrefix + "sha256:", StringComparison.Ordinal)
            ? externalId[ExternalIdPrefix.Length..]
            : null;
}
