using Kefu.Domain.Knowledge;

namespace Kefu.Domain.Bot;

public sealed record AskedQuestion(string Text, string Locale, DateTimeOffset At);

/// <summary>Questions customers ask in similar words, counted together: a candidate FAQ entry.</summary>
public sealed record QuestionGroup(string Locale, string Example, int Count, IReadOnlyList<string> Samples, DateTimeOffset LastAskedAt);

/// <summary>
/// Groups the questions the bot had no confident answer for, so an admin sees "12 customers asked how to 提现" rather
/// than 12 lines. Greedy: a question joins the first group whose first question is similar enough (TF-IDF cosine over
/// the same terms the matcher uses), else starts a group. Biggest groups first.
/// </summary>
public static class UnansweredQuestions
{
    public const double JoinSimilarity = 0.35;
    public const int MaxSamples = 5;

    public static IReadOnlyList<QuestionGroup> Group(IReadOnlyList<AskedQuestion> questions, int take)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var result = new List<QuestionGroup>();
        foreach (var byLocale in questions.GroupBy(q => q.Locale))
        {
            var ordered = byLocale.OrderBy(q => q.At).ToList();
            var leaders = new List<(AskedQuestion Leader, List<AskedQuestion> Members)>();
            foreach (var question in ordered)
            {
                var joined = false;
                if (leaders.Count > 0)
                {
                    var matcher = new FaqMatcher(leaders.Select((l, i) => new MatchableEntry(IdOf(i), l.Leader.Text, [])));
                    var top = matcher.Rank(question.Text, 1);
                    if (top.Count == 1 && top[0].Similarity >= JoinSimilarity)
                    {
                        leaders[IndexOf(top[0].EntryId)].Members.Add(question);
                        joined = true;
                    }
                }

                if (!joined)
                {
                    leaders.Add((question, [question]));
                }
            }

            result.AddRange(leaders.Select(l => new QuestionGroup(
                byLocale.Key, l.Leader.Text, l.Members.Count,
                [.. l.Members.Select(m => m.Text).Distinct(StringComparer.Ordinal).Take(MaxSamples)], l.Members.Max(m => m.At))));
        }

        return [.. result.OrderByDescending(g => g.Count).ThenByDescending(g => g.LastAskedAt).Take(take)];
    }

    private static Guid IdOf(int index) => new(index, 0, 0, new byte[8]);

    private static int IndexOf(Guid id) => BitConverter.ToInt32(id.ToByteArray(), 0);
}
