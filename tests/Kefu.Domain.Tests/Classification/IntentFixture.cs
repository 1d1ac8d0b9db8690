using System.Text;
using Kefu.Domain.Classification;

namespace Kefu.Domain.Tests.Classification;

/// <summary>The small Chinese/English intent set under tests/Fixtures/intents (five intents plus out-of-scope), read without quotes handling it does not need.</summary>
internal static class IntentFixture
{
    public static IReadOnlyList<LabelledText> Train { get; } = Read("train.csv");

    public static IReadOnlyList<LabelledText> Test { get; } = Read("test.csv");

    private static List<LabelledText> Read(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "intents", name), Encoding.UTF8).Skip(1);
        return [.. lines.Where(l => l.Length > 0).Select(Parse)];
    }

    private static LabelledText Parse(string line)
    {
        var split = line.LastIndexOf(',');
        var text = line[..split];
        if (text.StartsWith('"'))
        {
            text = text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
        }

        return new LabelledText(text, line[(split + 1)..]);
    }
}
