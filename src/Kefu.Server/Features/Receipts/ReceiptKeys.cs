using System.Security.Cryptography;
using System.Text;
using Kefu.Domain.Workspaces;
using Kefu.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Receipts;

/// <summary>
/// Each workspace's receipt signing key: ECDSA P-256, made when the workspace is created (or on first
/// use for older workspaces). The PKCS#8 private key is kept only as protected by the host's
/// data-protection key ring and unprotected for the moment it signs.
/// </summary>
public sealed class ReceiptKeys(IDbContextFactory<KefuDbContext> contextFactory, IDataProtectionProvider protection, TimeProvider time)
{
    public const string Algorithm = "ECDSA-P256-SHA256";
    private const string Purpose = "Kefu.Receipts.SigningKey.v1";

    private IDataProtector Protector => protection.CreateProtector(Purpose);

    /// <summary>A new key for a workspace, ready to be added to the context that creates the workspace.</summary>
    public SigningKey Create(Guid workspaceId)
    {
        var now = time.GetUtcNow();
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pkcs8 = ecdsa.ExportPkcs8PrivateKey();
        try
        {
            return new SigningKey
            {
                Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, KeyId = Thumbprint(ecdsa.ExportParameters(false)),
                PublicKey = ecdsa.ExportSubjectPublicKeyInfo(), ProtectedPrivateKey = Convert.ToBase64String(Protector.Protect(pkcs8)), CreatedAt = now,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>The workspace's key in use, created now if the workspace has none yet.</summary>
    public async Task<SigningKey> CurrentAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.SigningKeys.AsNoTracking().FirstOrDefaultAsync(k => k.WorkspaceId == workspaceId && k.RetiredAt == null, cancellationToken);
        if (key is not null)
        {
            return key;
        }

        key = Create(workspaceId);
        db.SigningKeys.Add(key);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return key;
        }
        catch (DbUpdateException)
        {
            // Another request or node made the first key at the same moment: use that one.
            await using var again = await contextFactory.CreateDbContextAsync(cancellationToken);
            return await again.SigningKeys.AsNoTracking().FirstAsync(k => k.WorkspaceId == workspaceId && k.RetiredAt == null, cancellationToken);
        }
    }

    /// <summary>
    /// Retires the key in use and makes a new one, in one transaction: receipts are signed with the new key
    /// from now on, and receipts signed with the old one still verify, since verification looks the key up
    /// by the id each receipt names and retired keys are kept.
    /// </summary>
    public async Task<SigningKey> RotateAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var current = await db.SigningKeys.Where(k => k.WorkspaceId == workspaceId && k.RetiredAt == null).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var key in current)
        {
            key.RetiredAt = now;
        }

        // The retirement is written first: the unique index allows one key in use per workspace at any moment.
        await db.SaveChangesAsync(cancellationToken);
        var fresh = Create(workspaceId);
        db.SigningKeys.Add(fresh);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return fresh;
    }

    /// <summary>Every key the workspace has had, the one in use first, then retired ones newest first.</summary>
    public async Task<List<SigningKey>> AllAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await CurrentAsync(workspaceId, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var keys = await db.SigningKeys.AsNoTracking().Where(k => k.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        return [.. keys.OrderBy(k => k.RetiredAt is not null).ThenByDescending(k => k.CreatedAt.UtcTicks)];
    }

    /// <summary>A signature over <paramref name="data"/>: ECDSA P-256 over SHA-256, ASN.1 DER as OpenSSL writes and reads it.</summary>
    public byte[] Sign(SigningKey key, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] pkcs8;
        try
        {
            pkcs8 = Protector.Unprotect(Convert.FromBase64String(key.ProtectedPrivateKey));
        }
        catch (CryptographicException ex)
        {
            throw new SigningKeyUnavailableException(key.KeyId, ex);
        }

        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
            return ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    public static bool Verify(SigningKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(key.PublicKey, out _);
        try
        {
            return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public static string Pem(SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return PemEncoding.WriteString("PUBLIC KEY", key.PublicKey) + "\n";
    }

    public static Jwk JwkOf(SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var point = PublicPoint(key);
        return new Jwk("EC", "P-256", Base64Url(point.X!), Base64Url(point.Y!), key.KeyId, "sig");
    }

    private static ECPoint PublicPoint(SigningKey key)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(key.PublicKey, out _);
        return ecdsa.ExportParameters(false).Q;
    }

    /// <summary>RFC 7638: SHA-256 over the required JWK members in lexicographic order, without whitespace.</summary>
    private static string Thumbprint(ECParameters parameters)
    {
        var canonical = $$"""{"crv":"P-256","kty":"EC","x":"{{Base64Url(parameters.Q.X!)}}","y":"{{Base64Url(parameters.Q.Y!)}}"}""";
        return Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}

/// <summary>The public key as a JSON Web Key (RFC 7517), for verifiers that prefer JWK to PEM.</summary>
public sealed record Jwk(string Kty, string Crv, string X, string Y, string Kid, string Use);

/// <summary>The private key could not be unprotected: this node's data-protection key ring is not the one that protected it.</summary>
public sealed class SigningKeyUnavailableException(string keyId, Exception inner)
    : InvalidOperationException($"The receipt signing key {keyId} cannot be unprotected with this node's data-protection key ring.", inner);
