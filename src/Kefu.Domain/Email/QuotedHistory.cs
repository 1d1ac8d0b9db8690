using System.Text.RegularExpressions;

namespace Kefu.Domain.Email;

/// <summary>
/// Cuts the earlier conversation that mail clients copy under a reply, so the ticket's timeline shows
/// what the customer wrote this time and not the whole thread again on every message.
/// </summary>
public static partial class QuotedHistory
{
    /// <summary>How many lines after a "From:" line may hold the rest of a copied header block.</summary>
    private const int HeaderBlockLines = 5;

    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var end = lines.Length;
        for (var i = 0; i < lines.Length; i++)
        {
            if (StartsHistory(lines, i))
            {
                end = i;
                break;
            }
        }

        // A reply on top of a ">" quote: the quote and the attribution line above it go, inline answers between quotes stay.
        while (end > 0 && (IsQuoted(lines[end - 1]) || string.IsNullOrWhiteSpace(lines[end - 1])))
        {
            end--;
        }

        if (end > 0 && end < lines.Length && IsAttribution(lines[end - 1]))
        {
            end--;
        }

        var kept = string.Join('\n', lines[..end]).Trim();

        // A mail that is nothing but a forward keeps its text: an empty message would tell the agent nothing.
        return kept.Length == 0 ? text.Trim() : kept;
    }

    private static bool StartsHistory(string[] lines, int index)
    {
        var line = lines[index].Trim();
        if (line.Length == 0 || IsQuoted(lines[index]))
        {
            return false;
        }

        if (OriginalMessageDivider().IsMatch(line) || IsAttribution(line))
        {
            return true;
        }

        // Gmail wraps a long "On ... wrote:" over two lines.
        if (index + 1 < lines.Length && line.StartsWith("On ", StringComparison.Ordinal) && EnglishAttribution().IsMatch(line + " " + lines[index + 1].Trim()))
        {
            return true;
        }

        // Outlook, QQ Mail and 163 copy the earlier mail's headers: From/发件人 followed closely by Sent/Date/To/Subject.
        if (HeaderFrom().IsMatch(line))
        {
            var following = lines.Skip(index + 1).Take(HeaderBlockLines).Select(l => l.Trim());
            return following.Any(l => HeaderOther().IsMatch(l));
        }

        return false;
    }

    private static bool IsAttribution(string line) =>
        EnglishAttribution().IsMatch(line.Trim()) || ChineseAttribution().IsMatch(line.Trim());

    private static bool IsQuoted(string line) => line.TrimStart().StartsWith('>');

    [GeneratedRegex(@"^-{2,}\s*(Original Message|原始邮件|原始郵件|Forwarded by .*)\s*-{2,}$|^_{10,}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMessageDivider();

    [GeneratedRegex(@"^On\s.{4,}\s(wrote|writes)\s*:$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishAttribution();

    [GeneratedRegex(@"^在.{4,}(写道|寫道)\s*[:：]$", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseAttribution();

    [GeneratedRegex(@"^\*?(From|发件人|寄件者)\*?\s*[:：]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderFrom();

    [GeneratedRegex(@"^\*?(Sent|Date|To|Subject|发送时间|日期|时间|收件人|主题|寄件日期|收件者|主旨)\*?\s*[:：]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderOther();
}
