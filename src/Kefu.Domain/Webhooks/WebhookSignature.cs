using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kefu.Domain.Webhooks;

/// <summary>
/// The signature on every webhook: HMAC-SHA256 with the endpoint's secret over the Unix timestamp (seconds), a dot
/// and the exact body bytes, as lowercase hex prefixed "v1=". The timestamp inside the MAC lets a receiver refuse
/// replays of an old delivery.
/// </summary>
public static class WebhookSignature
{
    public const string Version = "v1=";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Version + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>What a receiver does: recompute, compare in constant time, and refuse timestamps outside the tolerance.</summary>
    public static bool Verify(string secret, long timestamp, ReadOnlySpan<byte> body, string signature, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
