namespace Kefu.Domain.Search;

/// <summary>A candidate document's token string and how much a match in it is worth (a subject over a message body).</summary>
public readonly record struct RankedDocument(string Terms, double Weight);

/// <summary>
/// BM25 over the candidates a full-text index returned, computed here so SQLite and PostgreSQL rank alike.
/// Document frequencies come from the candidates themselves; an exact token counts fully, a prefix match half.
/// </summary>
public static class SearchRanking
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    public static double[] Score(SearchQuery query, IReadOnlyList<RankedDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(documents);
        var scores = new double[documents.Count];
        if (documents.Count == 0 || query.IsEmpty)
        {
            return scores;
        }

        var tokens = documents.Select(d => d.Terms.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var frequencies = new double[documents.Count, query.Groups.Count];
        var documentFrequency = new int[query.Groups.Count];
        for (var d = 0; d < documents.Count; d++)
        {
            for (var g = 0; g < query.Groups.Count; g++)
            {
                frequencies[d, g] = Frequency(tokens[d], query.Groups[g]);
                documentFrequency[g] += frequencies[d, g] > 0 ? 1 : 0;
            }
        }

        var averageLength = Math.Max(1, tokens.Average(t => t.Length));
        for (var d = 0; d < documents.Count; d++)
        {
            var score = 0.0;
            for (var g = 0; g < query.Groups.Count; g++)
            {
                var tf = frequencies[d, g];
                if (tf <= 0)
                {
                    continue;
                }

                var idf = Math.Log(1 + ((documents.Count - documentFrequency[g] + 0.5) / (documentFrequency[g] + 0.5)));
                score += idf * tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * tokens[d].Length / averageLength))));
            }

            scores[d] = score * documents[d].Weight;
        }

        return scores;
    }

    /// <summary>TF-IDF cosine between a text and each candidate (macros for a ticket): 0 when they share no bigram or word.</summary>
    public static double[] Similarity(string text, IReadOnlyList<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var bags = candidates.Select(Bag).ToArray();
        var query = Bag(text);
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in bags.SelectMany(b => b.Keys))
        {
            documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
        }

        double Idf(string term) => Math.Log(1 + ((candidates.Count + 1.0) / (documentFrequency.GetValueOrDefault(term) + 1.0)));
        double Norm(Dictionary<string, int> bag) => Math.Sqrt(bag.Sum(p => Math.Pow(p.Value * Idf(p.Key), 2)));
        var queryNorm = Norm(query);
        return [.. bags.Select(bag =>
        {
            var dot = query.Where(p => bag.ContainsKey(p.Key)).Sum(p => p.Value * bag[p.Key] * Idf(p.Key) * Idf(p.Key));
            var norm = queryNorm * Norm(bag);
            return norm == 0 ? 0 : dot / norm;
        })];
    }

    private static Dictionary<string, int> Bag(string? text)
    {
        var bag = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in SearchTokenizer.Tokenize(text))
        {
            if (token.Kind is SearchTokenKind.Bigram or SearchTokenKind.Word)
            {
                bag[token.Text] = bag.GetValueOrDefault(token.Text) + 1;
            }
        }

        return bag;
    }

    private static double Frequency(string[] tokens, SearchGroup group)
    {
        var count = 0.0;
        var phrase = group.Tokens;
        for (var i = 0; i + phrase.Count <= tokens.Length; i++)
        {
            var exact = true;
            var matches = true;
            for (var j = 0; j < phrase.Count && matches; j++)
            {
                var token = tokens[i + j];
                if (string.Equals(token, phrase[j], StringComparison.Ordinal))
                {
                    continue;
                }

                exact = false;
                matches = group.Prefix && j == phrase.Count - 1 && token.StartsWith(phrase[j], StringComparison.Ordinal);
            }

            count += matches ? (exact ? 1 : 0.5) : 0;
        }

        return count;
    }
}
