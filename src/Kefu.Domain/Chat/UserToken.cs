using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kefu.Domain.Chat;

/// <summary>A signed-in user the host platform vouches for.</summary>
public sealed record VouchedUser(string ExternalId, string Name, DateTimeOffset ExpiresAt);

/// <summary>
/// The host platform's word that a visitor is its signed-in user, so the user's history follows them
/// across devices. Format (documented in docs/channels.md):
/// <c>v1.{b64url(externalId)}.{b64url(name)}.{expiry unix seconds}.{b64url(HMAC-SHA256(secret, everything before the last dot))}</c>,
/// base64url without padding, the key being the UTF-8 bytes of the workspace secret.
/// </summary>
public static class UserToken
{
    public const string Version = "v1";
    public const int MaxLength = 1024;
    public const int MaxExternalId = 128;
    public const int MaxName = 100;

    /// <summary>A token may live at most this long, so a leaked one stops working soon.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(24);

    /// <summary>External ids of this form are how anonymous visitors are stored; a signed user can never take one.</summary>
    public const string ReservedPrefix = "visitor:";

    public static string Sign(string externalId, string name, DateTimeOffset expiresAt, string secret)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(secret);
        var signed = string.Join('.', Version, Base64Url(Encoding.UTF8.GetBytes(externalId)), Base64Url(Encoding.UTF8.GetBytes(name)),
            expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return signed + "." + Base64Url(Mac(signed, secret));
    }

    /// <returns>The user, or null with <paramref name="error"/> saying why the token is refused.</returns>
    public static VouchedUser? Verify(string? token, string secret, DateTimeOffset now, out string error)
    {
        ArgumentNullException.ThrowIfNull(secret);
        error = "is malformed";
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return null;
        }

        var parts = token.Split('.');
        if (parts.Length != 5 || parts[0] != Version
            || !TryDecode(parts[1], out var idBytes) || !TryDecode(parts[2], out var nameBytes) || !TryDecode(parts[4], out var mac)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expirySeconds))
        {
            return null;
        }

        var signed = token[..token.LastIndexOf('.')];
        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(signed, secret)))
        {
            error = "has a signature that does not match";
            return null;
        }

        if (expirySeconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expirySeconds);
        if (expiresAt <= now)
        {
            error = "has expired";
            return null;
        }

        if (expiresAt > now + MaxLifetime)
        {
            error = $"expires more than {MaxLifetime.TotalHours:0} hours ahead";
            return null;
        }

        string externalId, name;
        try
        {
            var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
            externalId = strict.GetString(idBytes).Trim();
            name = strict.GetString(nameBytes).Trim();
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        if (externalId.Length is 0 or > MaxExternalId || name.Length > MaxName
            || externalId.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase)
            || externalId.Any(char.IsControl) || name.Any(char.IsControl))
        {
            error = "carries an external id or name that is empty, too long, reserved or has control characters";
            return null;
        }

        error = "";
        return new VouchedUser(externalId, name, expiresAt);
    }

    private static byte[] Mac(string signed, string secret) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signed));

    public static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return false;
        }

        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => "!" };
        try
        {
            bytes = Convert.FromBase64String(padded);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>Anonymous visitors: a random 128-bit id the widget keeps; knowing it is what makes one the same visitor.</summary>
public static class VisitorId
{
    public const string Prefix = "v_";

    public static string New() => Prefix + UserToken.Base64Url(RandomNumberGenerator.GetBytes(16));

    public static bool IsWellFormed(string? value) =>
        value is { Length: 24 } && value.StartsWith(Prefix, StringComparison.Ordinal)
        && value.AsSpan(2).ToString().All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string ExternalIdOf(string visitorId) => UserToken.ReservedPrefix + visitorId;
}
