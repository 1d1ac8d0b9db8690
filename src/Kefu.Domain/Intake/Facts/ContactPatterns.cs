using System.Text.RegularExpressions;

namespace Kefu.Domain.Intake.Facts;

/// <summary>
/// Mainland mobile numbers (1[3-9] and nine more digits, grouped 3-4-4 or not, with or without +86) and landlines
/// with an area code (010-12345678, (0755)86013388). A landline written as one run of digits needs a word saying it
/// is a phone, because 02162345678 looks like many other numbers.
/// </summary>
internal static partial class ContactPatterns
{
    public static void Find(string text, List<Candidate> candidates)
    {
        foreach (Match match in Email().Matches(text))
        {
            var at = match.Value.IndexOf('@', StringComparison.Ordinal);
            var value = match.Value[..at] + match.Value[at..].ToLowerInvariant();
            candidates.Add(Candidate.For(Rank.Labelled, new ExtractedFact(FactKind.Email, value, match.Index, match.Length)));
        }

        foreach (Match match in Mobile().Matches(text))
        {
            var digits = match.Groups["a"].Value + match.Groups["b"].Value + match.Groups["c"].Value;
            candidates.Add(Candidate.For(Rank.Contact, new ExtractedFact(FactKind.Phone, digits, match.Index, match.Length)));
        }

        foreach (Match match in Landline().Matches(text))
        {
            AddLandline(match, candidates);
        }

        foreach (Match match in LabelledLandline().Matches(text))
        {
            AddLandline(match, candidates);
        }
    }

    private static void AddLandline(Match match, List<Candidate> candidates)
    {
        var area = match.Groups["area"];
        var local = string.Concat(match.Groups["local"].Captures.Select(c => c.Value));
        if (local.Length is < 7 or > 8)
        {
            return;
        }

        var number = match.Groups["number"];
        var fact = new ExtractedFact(FactKind.Phone, area.Value + "-" + local, number.Index, number.Length);
        candidates.Add(new Candidate(match.Index, match.Length, Rank.Contact, fact));
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9\-])", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\d+*])(?:(?:\+|00)?86[ \-]?|\(\+?86\)[ ]?)?(?<a>1[3-9]\d)[ \-]?(?<b>\d{4})[ \-]?(?<c>\d{4})(?![\d*])", RegexOptions.CultureInvariant)]
    private static partial Regex Mobile();

    private const string AreaCode = @"(?<area>010|02\d|0[3-9]\d{2})";

    [GeneratedRegex(@"(?<![\d+*\-])(?<number>(?:\(" + AreaCode + @"\)[ ]?|" + AreaCode + @"[ \-])(?<local>\d{3,4})(?:[ \-]?(?<local>\d{4}))?)(?![\d*\-])", RegexOptions.CultureInvariant)]
    private static partial Regex Landline();

    [GeneratedRegex(@"(?:电话|座机|固话|联系方式|tel|phone)[\s:：是为]*(?<number>" + AreaCode + @"(?<local>\d{7,8}))(?!\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LabelledLandline();
}
