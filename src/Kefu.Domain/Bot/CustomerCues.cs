namespace Kefu.Domain.Bot;

/// <summary>What a customer's short message says to the bot itself: "转人工", "没用", rather than a question.</summary>
public static class CustomerCues
{
    /// <summary>Longer messages are questions even when they mention a person ("人工审核要多久").</summary>
    public const int MaxCueLength = 24;

    private static readonly string[] HumanCues =
    [
        "转人工", "人工客服", "人工服务", "找人工", "要人工", "真人", "人工", "客服小姐姐", "接人工",
        "talk to a human", "talk to a person", "speak to a human", "speak to a person", "human agent", "real person", "live agent",
        "talk to an agent", "speak to an agent", "human please", "agent please", "operator",
    ];

    private static readonly string[] UnhelpfulCues =
    [
        "没用", "没有用", "没帮助", "没有帮助", "不是这个", "不对", "答非所问", "没解决", "没有解决", "不是我要问的",
        "not helpful", "didn't help", "did not help", "doesn't help", "does not help", "not what i asked", "wrong answer", "useless",
    ];

    public static bool AsksForHuman(string text) => Matches(text, HumanCues);

    public static bool SaysUnhelpful(string text) => Matches(text, UnhelpfulCues);

    private static bool Matches(string text, string[] cues)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        return trimmed.Length <= MaxCueLength && cues.Any(c => trimmed.Contains(c, StringComparison.OrdinalIgnoreCase));
    }
}
