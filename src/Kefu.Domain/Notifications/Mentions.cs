namespace Kefu.Domain.Notifications;

/// <summary>A colleague who can be mentioned in an internal note: by 工号 (<c>@1003</c>) or by name (<c>@李娜</c>).</summary>
public sealed record MentionTarget(Guid AgentId, string AgentNumber, string DisplayName);

/// <summary>Finds the colleagues an internal note mentions.</summary>
public static class Mentions
{
    public const string Kind = "ticket.mentioned";
    public const string SubTaskAssignedKind = "ticket.subtask_assigned";

    /// <summary>
    /// Every colleague named right after an '@'. Chinese text has no spaces, so a name is matched as the start of what
    /// follows the '@' ("@李娜看一下"), the longest name winning; a 工号 must not run on into more digits
    /// ("@10031" is not 1003). An e-mail address (text before the '@') is not a mention.
    /// </summary>
    public static IReadOnlyList<MentionTarget> Find(string text, IReadOnlyList<MentionTarget> colleagues)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(colleagues);
        var found = new List<MentionTarget>();
        for (var at = text.IndexOf('@', StringComparison.Ordinal); at >= 0; at = text.IndexOf('@', at + 1))
        {
            if (at > 0 && char.IsAsciiLetterOrDigit(text[at - 1]))
            {
                continue;
            }

            var rest = text.AsSpan(at + 1);
            MentionTarget? best = null;
            var bestLength = 0;
            foreach (var colleague in colleagues)
            {
                var length = MatchLength(rest, colleague);
                if (length > bestLength)
                {
                    best = colleague;
                    bestLength = length;
                }
            }

            if (best is not null && !found.Contains(best))
            {
                found.Add(best);
            }
        }

        return found;
    }

    private static int MatchLength(ReadOnlySpan<char> rest, MentionTarget colleague)
    {
        var number = colleague.AgentNumber;
        if (number.Length > 0 && rest.StartsWith(number, StringComparison.Ordinal) && (rest.Length == number.Length || !char.IsAsciiDigit(rest[number.Length])))
        {
            return number.Length;
        }

        var name = colleague.DisplayName;
        return name.Length > 0 && rest.StartsWith(name, StringComparison.OrdinalIgnoreCase) ? name.Length : 0;
    }
}
