using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Kefu.Server.Features.Channels;

/// <summary>
/// Channel secrets must be read back (to check a signature or call WeChat), so unlike bearer keys they cannot
/// be hashed: they are stored encrypted under the host's data-protection key ring.
/// </summary>
public sealed class ChannelSecrets(IDataProtectionProvider protection)
{
    private const string Purpose = "Kefu.Channels.Secrets.v1";

    public string Protect(string secret) => protection.CreateProtector(Purpose).Protect(secret);

    public string Unprotect(string protectedSecret) => protection.CreateProtector(Purpose).Unprotect(protectedSecret);

    public static string NewSecret(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}

/// <summary>
/// Remembers the nonces of signed callbacks this node accepted for twice the replay window, so the same signed
/// request cannot be played again while its timestamp is still fresh. Only verified requests are remembered, so
/// nobody without the secret can fill the cache. Another node's cache does not see them; idempotency by message
/// id still keeps a replay from storing anything twice.
/// </summary>
public sealed class ReplayGuard(Microsoft.Extensions.Caching.Memory.IMemoryCache cache)
{
    public bool WasSeen(string channel, string nonce) => cache.TryGetValue(Key(channel, nonce), out _);

    public void Remember(string channel, string nonce) =>
        Microsoft.Extensions.Caching.Memory.CacheExtensions.Set(cache, Key(channel, nonce), true, Domain.Channels.ReplayWindow.Tolerance * 2);

    private static string Key(string channel, string nonce) => $"replay:{channel}:{nonce}";
}
