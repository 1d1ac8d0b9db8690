using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Kefu.Domain.Intake.Facts;

/// <summary>
/// A summary made of the customer's own clauses, not of words Kefu puts in their mouth: a short message is its own
/// summary once greetings and emoji are gone; a long one keeps the clauses that say what went wrong and what the
/// customer wants, in the order they wrote them. Reference numbers are left out because the facts show them.
/// </summary>
public static partial class BriefSummary
{
    /// <summary>At most this many characters for a Chinese message, counting every character, not only the Chinese ones.</summary>
    public const int MaxChinese = 30;

    public const int MaxEnglish = 80;

    private const char Ellipsis = '…';

    public static bool IsChinese(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int ideographs = 0, letters = 0;
        foreach (var c in text)
        {
            if (IsIdeograph(c))
            {
                ideographs++;
            }
            else if (char.IsAsciiLetter(c))
            {
                letters++;
            }
        }

        // One Chinese character carries about as much as a short English word.
        return ideographs > 0 && ideographs * 4 >= letters;
    }

    public static int LimitFor(string text) => IsChinese(text) ? MaxChinese : MaxEnglish;

    public static string Write(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(text);
        var chinese = IsChinese(text);
        var limit = chinese ? MaxChinese : MaxEnglish;
        var separator = chinese ? "，" : ", ";

        var clauses = ClauseBreak().Split(Clean(text))
            .Select(c => Filler().Replace(c.Trim(), "").Trim())
            .Where(c => c.Length > 0 && !Courtesy().IsMatch(c))
            .ToList();
        if (clauses.Count == 0)
        {
            return "";
        }

        var whole = string.Join(separator, clauses);
        if (whole.Length <= limit)
        {
            return whole;
        }

        var scored = clauses.Select((clause, index) => Score(clause, index, now, zone)).ToList();
        var byScore = scored.OrderByDescending(c => c.Score).ThenBy(c => c.Index).ToList();

        // What went wrong leads; what the customer wants comes next if it fits; then whatever else fits, by weight.
        var lead = byScore.FirstOrDefault(c => c.HasAnomaly) ?? byScore[0];
        var leadText = lead.Clause.Length <= limit ? lead.Clause : Compress(lead.Clause, chinese);
        if (leadText.Length > limit)
        {
            return Cut(leadText, limit, chinese);
        }

        var chosen = new SortedDictionary<int, string> { [lead.Index] = leadText };
        var length = leadText.Length;
        var rest = byScore.Where(c => c.HasRequest && c != lead).Take(1).Concat(byScore.Where(c => c != lead && c.Score > 0));
        foreach (var next in rest)
        {
            if (!chosen.ContainsKey(next.Index) && length + separator.Length + next.Clause.Length <= limit)
            {
                chosen[next.Index] = next.Clause;
                length += separator.Length + next.Clause.Length;
            }
        }

        return string.Join(separator, chosen.Values);
    }

    private sealed record ScoredClause(string Clause, int Index, int Score, bool HasAnomaly, bool HasRequest);

    /// <summary>Money at stake or an account in a stranger's hands (被盗, 被骗, 扣了两次) outweighs a delay.</summary>
    private static readonly AnomalyKind[] Urgent = [AnomalyKind.AccountCompromised, AnomalyKind.Fraud, AnomalyKind.ChargedTwice];

    private static ScoredClause Score(string clause, int index, DateTimeOffset now, TimeZoneInfo zone)
    {
        var anomalies = IssueCues.FindAnomalies(clause);
        var hasRequest = IssueCues.FindRequests(clause).Count > 0;
        var score = anomalies.Count > 0 ? 4 : 0;
        if (anomalies.Any(a => Urgent.Contains(a.Kind)))
        {
            score += 1;
        }

        if (hasRequest)
        {
            score += 3;
        }

        if (Topic().IsMatch(clause))
        {
            score += 1;
        }

        var facts = FactExtractor.Extract(clause, now, zone);
        score += Math.Min(2, facts.Count(f => f.Kind is FactKind.Amount));
        var identifierLength = facts.Where(f => f.Kind is not (FactKind.Amount or FactKind.Date)).Sum(f => f.Length);
        if (identifierLength * 2 >= clause.Length)
        {
            score -= 3;
        }

        return new ScoredClause(clause, index, score, anomalies.Count > 0, hasRequest);
    }

    private static string Clean(string text)
    {
        var kept = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.Format or UnicodeCategory.PrivateUse
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            kept.Append(rune.ToString());
        }

        return Spaces().Replace(RepeatedMarks().Replace(kept.ToString(), "$1"), " ");
    }

    private static string Compress(string clause, bool chinese) =>
        (chinese ? ChineseSoftWords() : EnglishSoftWords()).Replace(clause, "").Trim();

    /// <summary>Cuts at the limit, on a word boundary in English, and marks the cut.</summary>
    private static string Cut(string clause, int limit, bool chinese)
    {
        var end = limit - 1;
        if (!chinese)
        {
            var space = clause.LastIndexOf(' ', end);
            if (space > limit / 2)
            {
                end = space;
            }
        }

        if (char.IsHighSurrogate(clause[end - 1]))
        {
            end--;
        }

        return clause[..end].TrimEnd() + Ellipsis;
    }

    private static bool IsIdeograph(char c) => c is >= '\u4e00' and <= '\u9fff' or >= '\u3400' and <= '\u4dbf';

    /// <summary>Clause ends; a comma or point between digits (1,299.00) is part of a number.</summary>
    [GeneratedRegex(@"[，。！？!?；;\n…~～]+|(?<!\d)[.,]+|[.,]+(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex ClauseBreak();

    [GeneratedRegex(@"^(?:(?:客服(?=你好|您好|在吗|在不在|[\s，,：:！!])|亲爱的|亲|您好|你好|在吗|在不在|有人吗|hi|hello|hey|dear\s+\w+|请问一下|请问|问一下|我想问一下|想咨询一下|咨询一下|麻烦问一下|急急急|急|喂|(?:but|and|so)(?=\s))[\s，,：:！!]*)+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Filler();

    [GeneratedRegex(@"^(?:谢谢(?:你|您)?|多谢|麻烦了|麻烦你了|辛苦了|thanks?(?:\s+you)?(?:\s+very\s+much)?|thx|please|在吗|有人吗)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Courtesy();

    [GeneratedRegex(@"([！？!?。，,~～])\1+", RegexOptions.CultureInvariant)]
    private static partial Regex RepeatedMarks();

    [GeneratedRegex(@"[ \t\u00a0]+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"到现在|至今|已经|一直|真的|实在|麻烦|请|帮我|我这个|了吧|的话|啊|呀|呢|吧", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseSoftWords();

    [GeneratedRegex(@"\b(?:please|really|actually|just|basically|I\s+think|kindly)\b\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishSoftWords();

    [GeneratedRegex(@"充值|退款|提现|工资|佣金|结算|卡密|订单|快递|包裹|物流|账号|发票|秒杀|任务|招聘|兼职|余额|refund|order|payment|account|parcel|package|invoice|card", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Topic();
}
