namespace Kefu.Domain.Workspaces;

/// <summary>
/// A workspace's ECDSA P-256 key that signs contact receipts. The public half is published; the
/// private half is stored only encrypted. A retired key signs nothing new but still verifies the
/// receipts it signed.
/// </summary>
public sealed class SigningKey
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }

    /// <summary>The RFC 7638 JWK thumbprint of the public key, base64url: receipts name their key by it.</summary>
    public required string KeyId { get; init; }

    /// <summary>SubjectPublicKeyInfo, DER.</summary>
    public required byte[] PublicKey { get; init; }

    /// <summary>The PKCS#8 private key as protected by the host's data-protection key ring.</summary>
    public required string ProtectedPrivateKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RetiredAt { get; set; }
}
