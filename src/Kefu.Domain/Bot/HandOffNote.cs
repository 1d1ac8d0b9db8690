using System.Text;

namespace Kefu.Domain.Bot;

public enum TranscriptSpeaker
{
    Customer,
    Bot,
}

public sealed record TranscriptLine(TranscriptSpeaker Speaker, string Text, DateTimeOffset At);

/// <summary>A fact the intake extraction found in the customer's text, as the note lists it (e.g. "OrderNumber", "FS20261118-0032").</summary>
public sealed record NoteFact(string Kind, string Value);

/// <summary>
/// The internal note an agent finds on a ticket the bot handed over: why, what was said, and the facts already
/// extracted, so the agent neither re-reads the chat nor asks again.
/// </summary>
public static class HandOffNote
{
    public const int MaxLineLength = 400;
    public const int MaxLines = 40;

    public sealed record Labels(string Heading, string Reason, string Transcript, string Customer, string Bot, string Facts, string NoFacts);

    public static string Compose(Labels labels, string reason, IReadOnlyList<TranscriptLine> transcript, IReadOnlyList<NoteFact> facts)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(transcript);
        ArgumentNullException.ThrowIfNull(facts);
        var note = new StringBuilder();
        note.Append(labels.Heading).Append('\n');
        note.Append(labels.Reason).Append(reason).Append("\n\n");
        note.Append(labels.Transcript).Append('\n');
        foreach (var line in transcript.OrderBy(l => l.At).TakeLast(MaxLines))
        {
            var text = line.Text.Replace('\n', ' ').Trim();
            note.Append(line.Speaker == TranscriptSpeaker.Customer ? labels.Customer : labels.Bot).Append(": ")
                .Append(text.Length <= MaxLineLength ? text : text[..MaxLineLength] + "…").Append('\n');
        }

        note.Append('\n').Append(labels.Facts).Append('\n');
        if (facts.Count == 0)
        {
            note.Append(labels.NoFacts).Append('\n');
        }

        foreach (var fact in facts.DistinctBy(f => (f.Kind, f.Value)))
        {
            note.Append("- ").Append(fact.Kind).Append(": ").Append(fact.Value).Append('\n');
        }

        return note.ToString().TrimEnd();
    }
}
