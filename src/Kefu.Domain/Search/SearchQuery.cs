namespace Kefu.Domain.Search;

/// <summary>
/// One thing a query asks for: a single token, or a phrase of consecutive bigrams (a Chinese word of three or more
/// characters). <paramref name="Prefix"/> also accepts tokens that start with the last one (refund finds refunded,
/// 13800 finds 13800138000, a single Chinese character finds every bigram it begins).
/// </summary>
public sealed record SearchGroup(IReadOnlyList<string> Tokens, bool Prefix, string Surface, bool IsCjk);

/// <summary>A parsed search: every group must match (<see cref="Parse"/>) or any may (<see cref="AnyOf"/>, for "more like this").</summary>
public sealed class SearchQuery
{
    public const int MaxGroups = 16;
    public const int MaxAnyGroups = 24;

    private SearchQuery(IReadOnlyList<SearchGroup> groups, bool matchAny)
    {
        Groups = groups;
        MatchAny = matchAny;
    }

    public IReadOnlyList<SearchGroup> Groups { get; }

    public bool MatchAny { get; }

    public bool IsEmpty => Groups.Count == 0;

    /// <summary>What a person typed: Chinese runs become phrases, words and numbers match as prefixes of at least two characters.</summary>
    public static SearchQuery Parse(string? text)
    {
        var groups = new List<SearchGroup>();
        var bigrams = new List<string>();
        var runStart = -1;
        var folded = text is null ? "" : SearchTokenizer.Fold(text);
        foreach (var token in SearchTokenizer.Tokenize(text))
        {
            switch (token.Kind)
            {
                case SearchTokenKind.Bigram:
                    runStart = runStart < 0 ? token.Start : runStart;
                    bigrams.Add(token.Text);
                    break;
                case SearchTokenKind.Unigram:
                    var surface = folded[(runStart < 0 ? token.Start : runStart)..(token.Start + 1)];
                    Add(groups, bigrams.Count == 0
                        ? new SearchGroup([token.Text], Prefix: true, surface, IsCjk: true)
                        : new SearchGroup([.. bigrams], Prefix: false, surface, IsCjk: true));
                    bigrams.Clear();
                    runStart = -1;
                    break;
                case SearchTokenKind.Word:
                    Add(groups, new SearchGroup([token.Text], Prefix: token.Length >= 2, token.Text, IsCjk: false));
                    break;
                case SearchTokenKind.WordPart:
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(text), token.Kind, "unknown token kind");
            }
        }

        return new SearchQuery([.. groups.Take(MaxGroups)], matchAny: false);
    }

    /// <summary>The distinct bigrams and words of a text, any of which may match: finds tickets about the same thing.</summary>
    public static SearchQuery AnyOf(string? text)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<SearchGroup>();
        foreach (var token in SearchTokenizer.Tokenize(text))
        {
            if (token.Kind is SearchTokenKind.Bigram or SearchTokenKind.Word && token.Length >= 2 && seen.Add(token.Text))
            {
                groups.Add(new SearchGroup([token.Text], Prefix: false, token.Text, IsCjk: token.Kind == SearchTokenKind.Bigram));
            }
        }

        return new SearchQuery([.. groups.Take(MaxAnyGroups)], matchAny: true);
    }

    private static void Add(List<SearchGroup> groups, SearchGroup group)
    {
        if (!groups.Exists(g => g.Tokens.SequenceEqual(group.Tokens) && g.Prefix == group.Prefix))
        {
            groups.Add(group);
        }
    }
}

/// <summary>The token string stored for a document: what the database's full-text index is built over.</summary>
public static class SearchTerms
{
    public static string Of(params string?[] texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return string.Join(' ', texts.SelectMany(SearchTokenizer.Tokenize).Select(t => t.Text));
    }
}
