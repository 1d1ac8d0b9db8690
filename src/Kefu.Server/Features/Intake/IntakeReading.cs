using System.Globalization;
using Kefu.Domain.Intake.Facts;

namespace Kefu.Server.Features.Intake;

/// <summary>Where something was found: the text it is in (subject, description or a message) and the span inside that text.</summary>
public sealed record SpanView(string Source, Guid? MessageId, int Start, int Length, string Text);

public sealed record FactView(
    FactKind Kind,
    string Value,
    SpanView Span,
    decimal? Amount,
    string? Currency,
    DateOnly? Date,
    DateTimeOffset? Instant,
    DatePrecision? Precision);

public sealed record AnomalyView(AnomalyKind Kind, SpanView Span);

public sealed record RequestView(RequestKind Kind, SpanView Span);

/// <summary>A fact the category needs that nothing the customer wrote or filled in supplies, and how to ask for it.</summary>
public sealed record MissingFactView(FactKind Fact, IReadOnlyList<FactKind> AlsoAccepted, string Question);

/// <summary>One piece of the customer's own text. Relative dates in it (昨天) count from when it was written.</summary>
public sealed record CustomerText(string Source, Guid? MessageId, string Text, DateTimeOffset WrittenAt)
{
    public const string Subject = "subject";
    public const string Description = "description";
    public const string Message = "message";
}

/// <summary>
/// The customer's texts taken apart for an agent: every fact with the text it came from, each kind of anomaly and
/// request once (where it was first said), a one-line summary, and what the category still needs after the facts and the
/// structured fields, asked in <see cref="Locale"/>.
/// </summary>
public record IntakeReading(
    string Locale,
    string? Category,
    string Summary,
    IReadOnlyList<FactView> Facts,
    IReadOnlyList<AnomalyView> Anomalies,
    IReadOnlyList<RequestView> Requests,
    IReadOnlyList<FactKind> KnownFromFields,
    IReadOnlyList<MissingFactView> Missing)
{
    public bool Complete => Missing.Count == 0;

    public static IntakeReading Of(
        IReadOnlyList<CustomerText> texts,
        string summarySource,
        string? categoryCode,
        StructuredFields fields,
        DateTimeOffset now,
        TimeZoneInfo zone,
        IntakeQuestions questions,
        CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(culture);

        var facts = new List<(ExtractedFact Fact, FactView View)>();
        var anomalies = new List<AnomalyView>();
        var requests = new List<RequestView>();
        foreach (var text in texts)
        {
            var brief = IntakeBrief.Of(text.Text, text.WrittenAt, zone);
            facts.AddRange(brief.Facts.Select(f => (f, new FactView(
                f.Kind, f.Value, Span(text, f.Start, f.Length), f.Amount, f.Currency, f.Date, f.Instant, f.Precision))));
            anomalies.AddRange(brief.Anomalies.Select(a => new AnomalyView(a.Kind, Span(text, a.Start, a.Length))));
            requests.AddRange(brief.Requests.Select(r => new RequestView(r.Kind, Span(text, r.Start, r.Length))));
        }

        var missing = FactRequirements.Default.Missing(categoryCode, facts.Select(f => f.Fact), fields)
            .Select(required => new MissingFactView(required.Kind, required.AlsoAccepted, questions.Ask(required, categoryCode, culture)))
            .ToList();

        return new IntakeReading(
            culture.Name,
            categoryCode,
            BriefSummary.Write(summarySource, now, zone),
            [.. facts.Select(f => f.View)],
            [.. anomalies.DistinctBy(a => a.Kind)],
            [.. requests.DistinctBy(r => r.Kind)],
            [.. fields.Present()],
            missing);
    }

    private static SpanView Span(CustomerText text, int start, int length) =>
        new(text.Source, text.MessageId, start, length, text.Text.Substring(start, length));
}
