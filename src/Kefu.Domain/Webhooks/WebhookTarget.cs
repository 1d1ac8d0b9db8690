using System.Net;
using System.Net.Sockets;

namespace Kefu.Domain.Webhooks;

/// <summary>
/// Which URLs may receive webhooks. Only absolute http(s) URLs without credentials; and unless private targets are
/// allowed (tests, a host platform inside the same network on purpose), no loopback, private, link-local or
/// otherwise internal address, so a webhook cannot be pointed at the server's own network (SSRF).
/// </summary>
public static class WebhookTarget
{
    /// <returns>Why the URL is refused, or null when it is acceptable as written (its host name is checked again when connecting).</returns>
    public static string? Refusal(string? url, bool allowPrivate)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > WebhookEndpoint.MaxUrlLength)
        {
            return $"must be an absolute http or https URL of at most {WebhookEndpoint.MaxUrlLength} characters";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "must be an absolute http or https URL";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not carry a user name or password";
        }

        if (!allowPrivate)
        {
            if (uri.IsLoopback || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".internal", StringComparison.OrdinalIgnoreCase))
            {
                return "must not point at this machine or an internal host";
            }

            if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && IsPrivate(address))
            {
                return "must not point at a private, loopback or link-local address";
            }
        }

        return null;
    }

    /// <summary>Addresses a public webhook must never reach: loopback, RFC 1918, CGNAT, link-local (cloud metadata), unique-local, unspecified, multicast.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10
                || b[0] == 0
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || b[0] >= 224;
        }

        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal;
    }
}
