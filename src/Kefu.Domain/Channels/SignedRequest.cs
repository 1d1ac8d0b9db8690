using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kefu.Domain.Channels;

/// <summary>Whether a signed callback's timestamp is recent enough to accept: older (or far-future) ones may be replays.</summary>
public static class ReplayWindow
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>Reads Unix seconds and checks them against <paramref name="now"/> ± <see cref="Tolerance"/>.</summary>
    public static bool IsFresh(string? unixSeconds, DateTimeOffset now) =>
        long.TryParse(unixSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && seconds is > 0 and < 253_402_300_799
        && (DateTimeOffset.FromUnixTimeSeconds(seconds) - now).Duration() <= Tolerance;
}

/// <summary>
/// The signature on a generic webhook channel's inbound request: HMAC-SHA256 with the channel secret over
/// "{timestamp}.{raw body}", in lower-case hex. The timestamp is inside the MAC, so it cannot be refreshed on a replay.
/// </summary>
public static class ChannelSignature
{
    public const string Scheme = "sha256=";

    public static string Compute(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(timestamp);
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    public static bool Matches(string? claimed, string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(claimed))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(secret, timestamp, body)), Encoding.ASCII.GetBytes(claimed.Trim().ToLowerInvariant()));
    }
}
