using System.Security.Cryptography;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Kefu.Domain.WeChat;

/// <summary>
/// The signature WeChat puts on every callback: SHA-1 over the token, timestamp, nonce (and, in safe
/// mode, the encrypted body) sorted as strings and joined, in lower-case hex.
/// </summary>
public static class WeChatSignature
{
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "WeChat's protocol fixes SHA-1; we only verify and produce what it specifies.")]
    public static string Compute(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var sorted = parts.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted))));
    }

    /// <summary>Compares in constant time, so a caller cannot find the signature a byte at a time.</summary>
    public static bool Matches(string? claimed, params string[] parts)
    {
        if (string.IsNullOrEmpty(claimed) || claimed.Length != 40)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(parts));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(claimed.ToLowerInvariant()));
    }
}
