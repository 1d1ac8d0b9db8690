namespace Kefu.Domain.Knowledge;

/// <summary>One way of asking an entry's question (its title or one of its phrasings), as the matcher indexes it.</summary>
public sealed record MatchableEntry(Guid Id, string Title, IReadOnlyList<string> Phrasings, string? ExtraText = null);

/// <summary>An entry ranked for a question: the best cosine of any of its phrasings, and how sure the matcher is that it answers the question.</summary>
public sealed record FaqMatch(Guid EntryId, double Similarity, double Confidence);

/// <summary>
/// Ranks FAQ entries for a customer's question by TF-IDF cosine over <see cref="KnowledgeText"/> terms. Each phrasing
/// is a document; an entry scores its best phrasing. A term of the question the knowledge base never uses still counts
/// in the question's length (with the highest IDF), so a question that only shares a word or two with an entry is not
/// mistaken for it. The confidence is a logistic function of the best similarity and of its lead over the next entry: a
/// question close to two different entries is ambiguous even when both are close.
/// </summary>
public sealed class FaqMatcher
{
    /// <summary>Logistic coefficients: 0.5 confidence at a cosine of <see cref="Midpoint"/> with no lead; see docs/knowledge-and-bot.md.</summary>
    public const double Midpoint = 0.2;
    public const double Slope = 16.0;
    public const double LeadSlope = 3.0;

    /// <summary>The confidence below which a question is better handed to a person than answered.</summary>
    public const double DefaultThreshold = 0.55;

    private readonly List<(Guid EntryId, Dictionary<string, double> Vector, double Norm)> _documents = [];
    private readonly Dictionary<string, double> _idf = new(StringComparer.Ordinal);
    private readonly double _unknownIdf;
    private readonly Dictionary<string, List<int>> _postings = new(StringComparer.Ordinal);

    public FaqMatcher(IEnumerable<MatchableEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var raw = new List<(Guid EntryId, Dictionary<string, double> Terms)>();
        foreach (var entry in entries)
        {
            foreach (var phrasing in entry.Phrasings.Prepend(entry.Title).Where(p => !string.IsNullOrWhiteSpace(p)))
            {
                raw.Add((entry.Id, KnowledgeText.Terms(phrasing)));
            }

            // All the ways of asking together: a question may borrow words from several phrasings ("日结" from one, "没发" from another).
            var phrasings = entry.Phrasings.Prepend(entry.Title).Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
            if (phrasings.Count > 1)
            {
                raw.Add((entry.Id, KnowledgeText.Terms(string.Join('\n', phrasings))));
            }

            if (!string.IsNullOrWhiteSpace(entry.ExtraText))
            {
                raw.Add((entry.Id, KnowledgeText.Terms(entry.ExtraText)));
            }
        }

        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in raw.SelectMany(d => d.Terms.Keys))
        {
            documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
        }

        foreach (var (term, count) in documentFrequency)
        {
            _idf[term] = Math.Log((1.0 + raw.Count) / (1.0 + count)) + 1.0;
        }

        _unknownIdf = Math.Log(1.0 + raw.Count) + 1.0;
        foreach (var (entryId, terms) in raw)
        {
            var vector = terms.ToDictionary(t => t.Key, t => Tf(t.Value) * _idf[t.Key], StringComparer.Ordinal);
            var norm = Math.Sqrt(vector.Values.Sum(v => v * v));
            if (norm == 0)
            {
                continue;
            }

            var index = _documents.Count;
            _documents.Add((entryId, vector, norm));
            foreach (var term in vector.Keys)
            {
                if (!_postings.TryGetValue(term, out var list))
                {
                    _postings[term] = list = [];
                }

                list.Add(index);
            }
        }

        EntryCount = _documents.Select(d => d.EntryId).Distinct().Count();
    }

    public int EntryCount { get; }

    /// <summary>Entries sharing any term with the question, best first, at most <paramref name="take"/>.</summary>
    public IReadOnlyList<FaqMatch> Rank(string question, int take = 5, IReadOnlySet<Guid>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        var terms = KnowledgeText.Terms(question);
        var query = terms.ToDictionary(
            t => t.Key, t => Tf(t.Value) * _idf.GetValueOrDefault(t.Key, _unknownIdf), StringComparer.Ordinal);
        var queryNorm = Math.Sqrt(query.Values.Sum(v => v * v));
        if (queryNorm == 0)
        {
            return [];
        }

        var dots = new Dictionary<int, double>();
        foreach (var (term, weight) in query)
        {
            if (_postings.TryGetValue(term, out var documents))
            {
                foreach (var index in documents)
                {
                    dots[index] = dots.GetValueOrDefault(index) + weight * _documents[index].Vector[term];
                }
            }
        }

        var best = new Dictionary<Guid, double>();
        foreach (var (index, dot) in dots)
        {
            var (entryId, _, norm) = _documents[index];
            if (exclude?.Contains(entryId) == true)
            {
                continue;
            }

            var cosine = dot / (norm * queryNorm);
            if (cosine > best.GetValueOrDefault(entryId))
            {
                best[entryId] = cosine;
            }
        }

        var ranked = best.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(Math.Max(take, 2)).ToList();
        var results = new List<FaqMatch>(ranked.Count);
        for (var i = 0; i < ranked.Count && i < take; i++)
        {
            var next = i + 1 < ranked.Count ? ranked[i + 1].Value : 0.0;
            var lead = i == 0 ? ranked[i].Value - next : 0.0;
            results.Add(new FaqMatch(ranked[i].Key, Math.Round(ranked[i].Value, 4), Math.Round(Confidence(ranked[i].Value, lead), 4)));
        }

        return results;
    }

    /// <summary>The best entry when its confidence reaches <paramref name="threshold"/>; null means "do not answer, hand over".</summary>
    public FaqMatch? Answer(string question, double threshold, IReadOnlySet<Guid>? exclude = null)
    {
        var top = Rank(question, 1, exclude);
        return top.Count == 1 && top[0].Confidence >= threshold ? top[0] : null;
    }

    /// <summary>Sublinear term frequency; a lone single Han character keeps its lower weight.</summary>
    private static double Tf(double weight) => weight < 1.0 ? weight : 1.0 + Math.Log(weight);

    public static double Confidence(double similarity, double lead) =>
        1.0 / (1.0 + Math.Exp(-(Slope * (similarity - Midpoint) + LeadSlope * lead)));
}
