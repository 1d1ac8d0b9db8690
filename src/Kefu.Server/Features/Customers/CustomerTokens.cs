using System.Buffers.Binary;
using System.Security.Claims;
using System.Security.Cryptography;
using Kefu.Server.Features.Auth;
using Microsoft.AspNetCore.DataProtection;

namespace Kefu.Server.Features.Customers;

/// <summary>Who a customer bearer token speaks for, and until when.</summary>
public sealed record CustomerSession(Guid WorkspaceId, Guid CustomerId, bool IsSignedUser, DateTimeOffset ExpiresAt);

/// <summary>
/// Short-lived bearer tokens for widget and app sessions. They are sealed with Data Protection (the key ring
/// agent cookies use), so nothing is stored per session and 10,000 open widgets cost no rows; the expiry is
/// inside the sealed payload and checked against <see cref="TimeProvider"/>.
/// </summary>
public sealed class CustomerTokens(IDataProtectionProvider protection, TimeProvider time)
{
    public const string Prefix = "kfc_";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    private const int PayloadLength = 16 + 16 + 1 + 8;
    private readonly IDataProtector _protector = protection.CreateProtector("Kefu.CustomerToken.v1");

    public (string Token, DateTimeOffset ExpiresAt) Issue(Guid workspaceId, Guid customerId, bool isSignedUser, DateTimeOffset? expiresAt = null)
    {
        var expiry = expiresAt ?? time.GetUtcNow() + Lifetime;
        var payload = new byte[PayloadLength];
        workspaceId.TryWriteBytes(payload.AsSpan(0, 16));
        customerId.TryWriteBytes(payload.AsSpan(16, 16));
        payload[32] = isSignedUser ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(33), expiry.ToUnixTimeSeconds());
        return (Prefix + Base64Url(_protector.Protect(payload)), expiry);
    }

    /// <returns>The session, or null when the token is forged, damaged or expired.</returns>
    public CustomerSession? Read(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        byte[] payload;
        try
        {
            payload = _protector.Unprotect(FromBase64Url(token[Prefix.Length..]));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }

        if (payload.Length != PayloadLength)
        {
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(33)));
        return expiresAt <= time.GetUtcNow()
            ? null
            : new CustomerSession(new Guid(payload.AsSpan(0, 16)), new Guid(payload.AsSpan(16, 16)), payload[32] == 1, expiresAt);
    }

    public static ClaimsIdentity Identity(CustomerSession session, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, session.CustomerId.ToString()),
                new Claim(KefuClaims.Workspace, session.WorkspaceId.ToString()),
                new Claim(KefuClaims.Kind, KefuClaims.CustomerKind),
                new Claim(KefuClaims.CustomerId, session.CustomerId.ToString()),
            ],
            authenticationType);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}
