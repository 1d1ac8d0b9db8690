using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Kefu.Domain.Analytics;

/// <summary>
/// Terms for the recurring-issue report: Chinese (and other CJK) text as overlapping two-character terms, since there is
/// no word segmenter, and Latin text as lower-case words; stop words and numbers are left out.
/// </summary>
public static class Terms
{
    public const int MaxTextLength = 4000;

    private static readonly FrozenSet<string> StopWords = new[]
    {
        "the", "and", "for", "you", "your", "with", "this", "that", "have", "has", "was", "are", "not", "but", "can", "please",
        "hello", "thanks", "thank", "my", "is", "it", "to", "of", "in", "on", "an", "be", "me", "we", "at", "or", "so", "do", "no",
        "你好", "您好", "谢谢", "请问", "一下", "我的", "我们", "你们", "什么", "怎么", "这个", "那个", "就是", "可以", "已经",
        "还是", "但是", "因为", "所以", "现在", "一个", "没有", "是不", "不是", "了吗", "吗？", "的话", "麻烦", "客服",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The distinct terms of <paramref name="text"/>, in order of first appearance.</summary>
    public static IReadOnlyList<string> Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var span = text.AsSpan(0, Math.Min(text.Length, MaxTextLength));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var terms = new List<string>();
        var latin = new StringBuilder();
        var previousCjk = '\0';
        void Add(string term)
        {
            if (!StopWords.Contains(term) && seen.Add(term))
            {
                terms.Add(term);
            }
        }

        void FlushLatin()
        {
            if (latin.Length >= 2 && !latin.ToString().All(char.IsAsciiDigit))
            {
                Add(latin.ToString());
            }

            latin.Clear();
        }

        foreach (var c in span)
        {
            if (IsCjk(c))
            {
                FlushLatin();
                if (previousCjk != '\0')
                {
                    Add(string.Concat(previousCjk.ToString(), c.ToString()));
                }

                previousCjk = c;
            }
            else if (char.IsLetterOrDigit(c))
            {
                previousCjk = '\0';
                latin.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
            else
            {
                previousCjk = '\0';
                FlushLatin();
            }
        }

        FlushLatin();
        return terms;
    }

    private static bool IsCjk(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u3040' and <= '\u30FF') or (>= '\uAC00' and <= '\uD7AF');
}

public sealed record RisingTerm(string Term, long ThisWeek, long LastWeek, double Growth);

public static class RisingTerms
{
    /// <summary>
    /// Terms counted in more tickets this week than last, ranked by growth (this + 1) / (last + 1) and then by count;
    /// a term must appear in at least <paramref name="minCount"/> tickets this week.
    /// </summary>
    public static IReadOnlyList<RisingTerm> Rank(IReadOnlyDictionary<string, long> thisWeek, IReadOnlyDictionary<string, long> lastWeek, int minCount, int take)
    {
        ArgumentNullException.ThrowIfNull(thisWeek);
        ArgumentNullException.ThrowIfNull(lastWeek);
        return [.. thisWeek
            .Where(t => t.Value >= minCount)
            .Select(t => (t.Key, Now: t.Value, Before: lastWeek.TryGetValue(t.Key, out var b) ? b : 0))
            .Where(t => t.Now > t.Before)
            .Select(t => new RisingTerm(t.Key, t.Now, t.Before, (t.Now + 1.0) / (t.Before + 1.0)))
            .OrderByDescending(t => t.Growth).ThenByDescending(t => t.ThisWeek).ThenBy(t => t.Term, StringComparer.Ordinal)
            .Take(take)];
    }

    /// <summary>In how many of the texts each term appears (once per text).</summary>
    public static Dictionary<string, long> DocumentCounts(IEnumerable<string?> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (var term in Terms.Of(text))
            {
                counts[term] = counts.TryGetValue(term, out var n) ? n + 1 : 1;
            }
        }

        return counts;
    }
}
