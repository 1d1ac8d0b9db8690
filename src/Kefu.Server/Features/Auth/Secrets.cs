using System.Security.Cryptography;
using System.Text;

namespace Kefu.Server.Features.Auth;

/// <summary>
/// Bearer secrets (integration keys, agent tokens). They are 256 random bits, so a single SHA-256
/// is a safe way to store them: unlike passwords they cannot be guessed from a dictionary.
/// </summary>
public static class Secrets
{
    public const string IntegrationKeyPrefix = "kfk_";
    public const string AgentTokenPrefix = "kfa_";

    public static string NewSecret(string prefix) =>
        prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The first characters, kept in clear so people can tell their keys apart in lists.</summary>
    public static string DisplayPrefix(string secret) => secret.Length <= 10 ? secret[..Math.Min(4, secret.Length)] : secret[..10];

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
