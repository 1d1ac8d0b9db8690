namespace Kefu.Domain.Intake.Facts;

/// <summary>
/// What an agent reads before the customer's message: a one-line summary in the customer's own words, and the
/// message taken apart into 事实 (the facts stated), 异常 (what went wrong) and 诉求 (what the customer wants).
/// </summary>
public sealed record IntakeBrief(
    string Summary,
    IReadOnlyList<ExtractedFact> Facts,
    IReadOnlyList<Anomaly> Anomalies,
    IReadOnlyList<CustomerRequest> Requests)
{
    public static IntakeBrief Of(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(zone);

        return new IntakeBrief(
            BriefSummary.Write(text, now, zone),
            FactExtractor.Extract(text, now, zone),
            IssueCues.FindAnomalies(text),
            IssueCues.FindRequests(text));
    }
}
