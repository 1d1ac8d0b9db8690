using System.Net;
using System.Text;

namespace Kefu.Domain.Search;

/// <summary>Where a match lies in <see cref="SearchSnippet.Text"/>, in UTF-16 code units.</summary>
public readonly record struct Highlight(int Start, int Length);

/// <summary>
/// A short piece of a document around its first match, with the matches marked. <see cref="Text"/> is the
/// customer's text as written (show it as text, never as markup); <see cref="Html"/> is the same text
/// HTML-encoded with each match wrapped in &lt;mark&gt;, safe to insert as markup.
/// </summary>
public sealed record SearchSnippet(string Text, IReadOnlyList<Highlight> Highlights)
{
    public const int DefaultWidth = 80;
    private const int LeadIn = 16;
    private const char Ellipsis = '…';

    public string Html
    {
        get
        {
            var html = new StringBuilder(Text.Length + (Highlights.Count * 13));
            var position = 0;
            foreach (var highlight in Highlights)
            {
                html.Append(WebUtility.HtmlEncode(Text[position..highlight.Start]))
                    .Append("<mark>").Append(WebUtility.HtmlEncode(Text.Substring(highlight.Start, highlight.Length))).Append("</mark>");
                position = highlight.Start + highlight.Length;
            }

            return html.Append(WebUtility.HtmlEncode(Text[position..])).ToString();
        }
    }

    public static SearchSnippet Build(string text, SearchQuery query, int width = DefaultWidth)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(query);
        var matches = Matches(text, query);
        var start = matches.Count == 0 ? 0 : Math.Max(0, matches[0].Start - LeadIn);
        var end = Math.Min(text.Length, start + width);
        start = Math.Max(0, Math.Min(start, end - width));
        if (start > 0 && char.IsLowSurrogate(text[start]))
        {
            start--;
        }

        if (end < text.Length && char.IsLowSurrogate(text[end]))
        {
            end++;
        }

        var prefix = start > 0 ? 1 : 0;
        var body = new StringBuilder(end - start + 2);
        if (prefix == 1)
        {
            body.Append(Ellipsis);
        }

        body.Append(text, start, end - start);
        if (end < text.Length)
        {
            body.Append(Ellipsis);
        }

        var highlights = matches
            .Where(m => m.Start < end && m.Start + m.Length > start)
            .Select(m =>
            {
                var from = Math.Max(m.Start, start);
                var to = Math.Min(m.Start + m.Length, end);
                return new Highlight(from - start + prefix, to - from);
            })
            .ToList();
        return new SearchSnippet(body.ToString(), highlights);
    }

    /// <summary>Every match of the query's groups in the text, sorted and merged where they overlap.</summary>
    public static IReadOnlyList<Highlight> Matches(string text, SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(query);
        var folded = SearchTokenizer.Fold(text);
        var words = SearchTokenizer.Tokenize(text).Where(t => t.Kind is SearchTokenKind.Word or SearchTokenKind.WordPart).ToList();
        var spans = new List<Highlight>();
        foreach (var group in query.Groups)
        {
            if (group.IsCjk)
            {
                for (var at = folded.IndexOf(group.Surface, StringComparison.Ordinal); at >= 0; at = folded.IndexOf(group.Surface, at + 1, StringComparison.Ordinal))
                {
                    spans.Add(new Highlight(at, group.Surface.Length));
                }
            }
            else
            {
                var word = group.Tokens[0];
                spans.AddRange(words
                    .Where(w => group.Prefix ? w.Text.StartsWith(word, StringComparison.Ordinal) : w.Text == word)
                    .Select(w => new Highlight(w.Start, group.Prefix ? word.Length : w.Length)));
            }
        }

        spans.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var merged = new List<Highlight>();
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.Start <= merged[^1].Start + merged[^1].Length)
            {
                var last = merged[^1];
                merged[^1] = new Highlight(last.Start, Math.Max(last.Start + last.Length, span.Start + span.Length) - last.Start);
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }
}
