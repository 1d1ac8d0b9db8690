using System.Globalization;
using System.Text.RegularExpressions;

namespace Kefu.Domain.Email;

/// <summary>The ticket number carried in a mail subject as "[#12345]", so a reply from any mail client finds its ticket.</summary>
public static partial class SubjectTag
{
    public static long? FindTicketNumber(string? subject)
    {
        if (string.IsNullOrEmpty(subject))
        {
            return null;
        }

        var match = Tag().Match(subject);
        return match.Success && long.TryParse(match.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : null;
    }

    /// <summary>"Re: {subject} [#number]", with no tag or reply prefix doubled however often the thread went back and forth.</summary>
    public static string ForReply(string ticketSubject, long number)
    {
        ArgumentNullException.ThrowIfNull(ticketSubject);
        var bare = ReplyPrefix().Replace(Tag().Replace(ticketSubject, "").Trim(), "").Trim();
        return string.Create(CultureInfo.InvariantCulture, $"Re: {bare} [#{number}]");
    }

    /// <summary>A subject without reply/forward prefixes and our tag: the ticket subject a new mail gets.</summary>
    public static string Bare(string? subject) =>
        ReplyPrefix().Replace(Tag().Replace(subject ?? "", "").Trim(), "").Trim();

    [GeneratedRegex(@"[\[【［]#(?<number>\d{1,18})[\]】］]", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"^((Re|Fwd?|Aw|Wg|回复|答复|转发|回覆|轉寄)\s*[:：]\s*)+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReplyPrefix();
}
