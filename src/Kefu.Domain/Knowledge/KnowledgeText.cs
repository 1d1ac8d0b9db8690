using System.Globalization;
using System.Text;

namespace Kefu.Domain.Knowledge;

/// <summary>
/// Terms of a text for matching questions to FAQ entries. Chinese is written without spaces, so Han runs give character
/// bigrams (the unit most two-character words 退款, 卡密, 结算 fall on) and, weighted lower, single characters; other
/// scripts give lower-cased words with a light English suffix strip. Digits fold to one shape: order numbers and amounts
/// differ in every message, and what they are (an order number) is what says something about the question.
/// </summary>
public static class KnowledgeText
{
    public const double UnigramWeight = 0.3;

    private static readonly HashSet<string> EnglishStopWords =
    [
        "a", "an", "the", "i", "my", "me", "you", "your", "is", "are", "was", "were", "be", "been", "am", "do", "does", "did",
        "to", "of", "in", "on", "for", "and", "or", "it", "its", "this", "that", "with", "at", "by", "from", "please", "can",
        "could", "would", "will", "should", "there", "what", "how", "why", "when", "have", "has", "had", "so", "but", "not", "no",
        "we", "our", "us", "hi", "hello", "still", "just", "any", "get", "got",
    ];

    public static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    /// <summary>The text's terms with their weights (repeats add up).</summary>
    public static Dictionary<string, double> Terms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        var normalised = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var i = 0;
        while (i < normalised.Length)
        {
            var c = normalised[i];
            if (IsHan(c))
            {
                var start = i;
                while (i < normalised.Length && IsHan(normalised[i]))
                {
                    i++;
                }

                AddHanRun(terms, normalised.AsSpan(start, i - start));
            }
            else if (char.IsLetterOrDigit(c))
            {
                var start = i;
                while (i < normalised.Length && char.IsLetterOrDigit(normalised[i]) && !IsHan(normalised[i]))
                {
                    i++;
                }

                AddWord(terms, normalised[start..i]);
            }
            else
            {
                i++;
            }
        }

        return terms;
    }

    private static void AddHanRun(Dictionary<string, double> terms, ReadOnlySpan<char> run)
    {
        for (var k = 0; k < run.Length; k++)
        {
            Add(terms, run.Slice(k, 1).ToString(), UnigramWeight);
            if (k + 1 < run.Length)
            {
                Add(terms, run.Slice(k, 2).ToString(), 1.0);
            }
        }
    }

    private static void AddWord(Dictionary<string, double> terms, string word)
    {
        if (word.Any(char.IsDigit))
        {
            // 订单FS20261118 and FS20261119 are the same kind of thing; keep the letters, fold the digits.
            var shape = new StringBuilder(word.Length);
            foreach (var c in word)
            {
                shape.Append(char.IsDigit(c) ? '0' : c);
            }

            Add(terms, "#" + shape.ToString(), 0.5);
            return;
        }

        if (word.Length < 2 || EnglishStopWords.Contains(word))
        {
            return;
        }

        Add(terms, Stem(word), 1.0);
    }

    /// <summary>refunds/refunded/refunding → refund: enough for FAQ matching without a dictionary.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        foreach (var suffix in (ReadOnlySpan<string>)["ing", "ed", "es", "s"])
        {
            if (word.Length > suffix.Length + 2 && word.EndsWith(suffix, StringComparison.Ordinal) && !word.EndsWith("ss", StringComparison.Ordinal))
            {
                return word[..^suffix.Length];
            }
        }

        return word;
    }

    private static void Add(Dictionary<string, double> terms, string term, double weight) =>
        terms[term] = terms.GetValueOrDefault(term) + weight;

    public static string Describe(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
