using Kefu.Domain.Intake.Facts;

namespace Kefu.Domain.Tests.Intake.Facts;

/// <summary>
/// A fixed "now" for every extraction test: Wednesday 17 June 2026, 14:00 in Shanghai (06:00 UTC). So 昨天 is
/// 16 June, 前天 15 June, 上周五 and last Friday 12 June, and a 12月25日 without a year is last December.
/// </summary>
internal static class Extraction
{
    public static readonly DateTimeOffset Now = new(2026, 6, 17, 14, 0, 0, TimeSpan.FromHours(8));
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static IReadOnlyList<ExtractedFact> Read(string text) => FactExtractor.Extract(text, Now, Shanghai);

    public static List<ExtractedFact> Of(string text, FactKind kind) => [.. Read(text).Where(f => f.Kind == kind)];

    /// <summary>The one fact of a kind in the text, checked to point at the expected words.</summary>
    public static ExtractedFact Single(string text, FactKind kind, string highlighted) =>
        Single(FactExtractor.Extract(text, Now, Shanghai), text, kind, highlighted);

    public static ExtractedFact Single(IReadOnlyList<ExtractedFact> facts, string text, FactKind kind, string highlighted)
    {
        var ofKind = facts.Where(f => f.Kind == kind).ToList();
        ofKind.Count.ShouldBe(1, $"facts of kind {kind} in \"{text}\": {string.Join(", ", facts.Select(f => f.Kind + "=" + f.Value))}");
        text.Substring(ofKind[0].Start, ofKind[0].Length).ShouldBe(highlighted);
        return ofKind[0];
    }
}
