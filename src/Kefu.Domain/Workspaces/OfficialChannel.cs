using System.Globalization;

namespace Kefu.Domain.Workspaces;

public enum OfficialChannelKind
{
    Phone,
    Email,
    WeChat,
    QQ,
    Web,
}

/// <summary>
/// A contact handle the workspace really uses (hotline, support mailbox, WeChat or QQ account, web address). Anyone can
/// check a handle against the list, so a "customer service" number from a scammer is recognised as not official.
/// </summary>
public sealed class OfficialChannel
{
    public const int MaxValueLength = 200;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public OfficialChannelKind Kind { get; init; }

    /// <summary>The handle in its one comparable form (see <see cref="Normalise"/>).</summary>
    public required string Value { get; init; }

    /// <summary>What the workspace calls it, e.g. 官方客服热线.</summary>
    public string? Label { get; init; }

    /// <summary>
    /// The comparable form of a handle, so that "+86 138-0013-8000" and "13800138000", or "HTTPS://WWW.Example.com/help"
    /// and "example.com", are the same channel. Null when the text cannot be such a handle.
    /// </summary>
    public static string? Normalise(OfficialChannelKind kind, string? text)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > MaxValueLength)
        {
            return null;
        }

        switch (kind)
        {
            case OfficialChannelKind.Phone:
                var digits = new string([.. value.Where(char.IsAsciiDigit)]);
                if (value.Any(c => !char.IsAsciiDigit(c) && c is not (' ' or '-' or '+' or '(' or ')')))
                {
                    return null;
                }

                if (digits.StartsWith("86", StringComparison.Ordinal) && digits.Length == 13)
                {
                    digits = digits[2..];
                }

                return digits.Length is >= 5 and <= 15 ? digits : null;
            case OfficialChannelKind.Email:
                var at = value.IndexOf('@', StringComparison.Ordinal);
                return at > 0 && at == value.LastIndexOf('@') && at < value.Length - 3 && !value.Any(char.IsWhiteSpace)
                    ? value.ToLowerInvariant()
                    : null;
            case OfficialChannelKind.QQ:
                return value.All(char.IsAsciiDigit) && value.Length is >= 5 and <= 12 ? value : null;
            case OfficialChannelKind.WeChat:
                return value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') && value.Length is >= 3 and <= 40
                    ? value.ToLowerInvariant()
                    : null;
            case OfficialChannelKind.Web:
                var withScheme = value.Contains("://", StringComparison.Ordinal) ? value : "https://" + value;
                if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !uri.Host.Contains('.', StringComparison.Ordinal))
                {
                    return null;
                }

                var host = uri.IdnHost.ToLower(CultureInfo.InvariantCulture);
                return host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
            default:
                return null;
        }
    }
}
