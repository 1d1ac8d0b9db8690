namespace Kefu.Domain.Intake.Facts;

/// <summary>
/// Finds the facts an agent needs in a customer's free text: order and other reference numbers, amounts, dates and
/// times, phone numbers, email addresses. Every piece of text is read as at most one fact: where readings overlap,
/// words that say what a number is ("订单号", "tracking no.") win over the number's shape, dates and phone shapes over
/// amounts, and a marked amount (¥, 元) over a bare number after a money word.
/// </summary>
public static class FactExtractor
{
    public static readonly TimeZoneInfo DefaultZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <param name="now">The moment relative dates are counted from (昨天, 3 days ago).</param>
    /// <param name="zone">The workspace's time zone: its calendar decides what 昨天 is, and times of day are its wall clock.</param>
    public static IReadOnlyList<ExtractedFact> Extract(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(zone);

        var folded = TextFolding.Fold(text);
        var candidates = new List<Candidate>();
        IdentifierRules.Find(folded, candidates);
        ContactPatterns.Find(folded, candidates);
        DateRules.Find(folded, now, zone, candidates);
        AmountRules.Find(folded, candidates);

        return Resolve(candidates);
    }

    public static IReadOnlyList<ExtractedFact> Extract(string text, DateTimeOffset now) => Extract(text, now, DefaultZone);

    private static List<ExtractedFact> Resolve(List<Candidate> candidates)
    {
        var taken = new List<Candidate>();
        foreach (var candidate in candidates.OrderBy(c => c.Rank).ThenByDescending(c => c.ClaimLength).ThenBy(c => c.ClaimStart))
        {
            if (!taken.Exists(t => t.ClaimStart < candidate.ClaimEnd && candidate.ClaimStart < t.ClaimEnd))
            {
                taken.Add(candidate);
            }
        }

        return [.. taken.Where(c => c.Fact is not null).Select(c => c.Fact!).OrderBy(f => f.Start)];
    }
}
