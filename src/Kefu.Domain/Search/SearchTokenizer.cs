namespace Kefu.Domain.Search;

/// <summary>A token and where it came from in the original text (full-width folding keeps offsets one to one).</summary>
public readonly record struct SearchToken(string Text, int Start, int Length, SearchTokenKind Kind);

public enum SearchTokenKind
{
    /// <summary>Two adjacent CJK characters.</summary>
    Bigram,

    /// <summary>The last CJK character of a run, so a one-character query can find every position by prefix.</summary>
    Unigram,

    /// <summary>A run of letters and digits in any script without spaces between words' letters (latin, cyrillic ...).</summary>
    Word,

    /// <summary>The letter or digit part of a mixed word (sf1409 gives sf and 1409 too).</summary>
    WordPart,
}

/// <summary>
/// Splits customer-service text into search tokens the same way for indexing and querying. Chinese has no
/// spaces and a dictionary segmenter is not available on-box, so CJK runs become overlapping bigrams
/// (退款申请 → 退款 款申 申请): a two-character word is one token and a longer word a phrase of bigrams.
/// Other letters and digits form words; full-width forms fold to ASCII and everything is lower-cased.
/// </summary>
public static class SearchTokenizer
{
    /// <summary>Longer runs are ids or noise nobody types into a search box; they are left out of the index.</summary>
    public const int MaxWordLength = 64;

    public static IReadOnlyList<SearchToken> Tokenize(string? text)
    {
        var tokens = new List<SearchToken>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }

        var folded = Fold(text);
        var position = 0;
        while (position < folded.Length)
        {
            var c = folded[position];
            if (IsCjk(c))
            {
                var end = position;
                while (end < folded.Length && IsCjk(folded[end]))
                {
                    end++;
                }

                for (var i = position; i + 1 < end; i++)
                {
                    tokens.Add(new SearchToken(folded.Substring(i, 2), i, 2, SearchTokenKind.Bigram));
                }

                tokens.Add(new SearchToken(folded.Substring(end - 1, 1), end - 1, 1, SearchTokenKind.Unigram));
                position = end;
            }
            else if (IsWordChar(c))
            {
                var end = position;
                while (end < folded.Length && IsWordChar(folded[end]))
                {
                    end++;
                }

                AddWord(tokens, folded, position, end);
                position = end;
            }
            else
            {
                position++;
            }
        }

        return tokens;
    }

    /// <summary>The text as the index sees it: full-width ASCII and the ideographic space folded, lower case. Same length as the input.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                c = c switch
                {
                    >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                    '\u3000' => ' ',
                    _ => c,
                };
                span[i] = char.ToLowerInvariant(c);
            }
        });
    }

    /// <summary>Han (with extension A and compatibility ideographs), kana and Hangul: scripts written without spaces between words.</summary>
    public static bool IsCjk(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF')
            or (>= '\u3040' and <= '\u30FF') or (>= '\uAC00' and <= '\uD7AF');

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) && !char.IsSurrogate(c);

    private static void AddWord(List<SearchToken> tokens, string folded, int start, int end)
    {
        if (end - start > MaxWordLength)
        {
            return;
        }

        tokens.Add(new SearchToken(folded[start..end], start, end - start, SearchTokenKind.Word));
        var boundaries = new List<int>();
        for (var i = start + 1; i < end; i++)
        {
            if (char.IsDigit(folded[i]) != char.IsDigit(folded[i - 1]))
            {
                boundaries.Add(i);
            }
        }

        if (boundaries.Count == 0)
        {
            return;
        }

        boundaries.Add(end);
        var partStart = start;
        foreach (var partEnd in boundaries)
        {
            tokens.Add(new SearchToken(folded[partStart..partEnd], partStart, partEnd - partStart, SearchTokenKind.WordPart));
            partStart = partEnd;
        }
    }
}
