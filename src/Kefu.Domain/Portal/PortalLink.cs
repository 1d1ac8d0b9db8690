using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kefu.Domain.Portal;

/// <summary>
/// The workspace secret the host platform signs customer portal links with. Kept encrypted at rest
/// (the server needs the secret itself, not a hash, to check an HMAC).
/// </summary>
public sealed class PortalKey
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string ProtectedSecret { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// A link the host platform gives its signed-in user to open the Kefu portal as themselves:
/// HMAC-SHA256 over workspace, external id and expiry, keyed with the workspace's portal secret.
/// </summary>
public static class PortalLink
{
    /// <summary>A link further ahead than this is refused: a leaked link must die soon.</summary>
    public static readonly TimeSpan LongestLife = TimeSpan.FromDays(1);

    public static string Sign(ReadOnlySpan<byte> secret, string workspace, string externalId, long expiresUnixSeconds)
    {
        var mac = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(Payload(workspace, externalId, expiresUnixSeconds)));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static PortalLinkVerdict Check(ReadOnlySpan<byte> secret, string workspace, string externalId, long expiresUnixSeconds, string signature, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var expected = Encoding.ASCII.GetBytes(Sign(secret, workspace, externalId, expiresUnixSeconds));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            return PortalLinkVerdict.BadSignature;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(expiresUnixSeconds);
        if (expires <= now)
        {
            return PortalLinkVerdict.Expired;
        }

        return expires - now > LongestLife ? PortalLinkVerdict.TooLong : PortalLinkVerdict.Valid;
    }

    private static string Payload(string workspace, string externalId, long expires) =>
        string.Join('\n', workspace, externalId, expires.ToString(CultureInfo.InvariantCulture));
}

public enum PortalLinkVerdict
{
    Valid,
    BadSignature,
    Expired,
    TooLong,
}
