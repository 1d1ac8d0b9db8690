namespace Kefu.Domain.Knowledge;

public enum KnowledgeKind
{
    Article,
    Faq,
}

public enum KnowledgeStatus
{
    Draft,
    Published,
}

public enum KnowledgeVisibility
{
    Internal,
    Public,
}

/// <summary>The locales the knowledge base is written in; customers' messages are matched against entries of their own.</summary>
public static class KnowledgeLocales
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    public static readonly IReadOnlyList<string> All = [Chinese, English];

    public static bool IsKnown(string? locale) => locale is Chinese or English;

    /// <summary>A message with any Han character is Chinese; customers mixing in order numbers or brand names still write Chinese.</summary>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Any(KnowledgeText.IsHan) ? Chinese : English;
    }
}

/// <summary>
/// A help article or a FAQ entry (question, other ways customers ask it, answer) in one locale. Only published public
/// entries reach customers (the help centre, the bot); internal ones are for agents. Every change raises
/// <see cref="Version"/>, which also guards against two admins overwriting each other.
/// </summary>
public sealed class KnowledgeEntry
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 20_000;
    public const int MaxPhrasings = 30;
    public const int MaxPhrasingLength = 200;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public KnowledgeKind Kind { get; init; }
    public required string Locale { get; set; }
    public Guid? CategoryId { get; set; }

    /// <summary>The article's title, or the FAQ's question as customers usually put it.</summary>
    public required string Title { get; set; }

    /// <summary>Other ways customers ask the FAQ's question; empty for articles.</summary>
    public IReadOnlyList<string> Phrasings { get; set; } = [];

    /// <summary>The article's text, or the FAQ's answer.</summary>
    public required string Body { get; set; }
    public KnowledgeStatus Status { get; set; }
    public KnowledgeVisibility Visibility { get; set; }
    public int Version { get; private set; } = 1;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }

    public bool IsCustomerFacing => Status == KnowledgeStatus.Published && Visibility == KnowledgeVisibility.Public;

    public static KnowledgeEntry Create(Guid id, Guid workspaceId, KnowledgeKind kind, KnowledgeContent content, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        var entry = new KnowledgeEntry
        {
            Id = id, WorkspaceId = workspaceId, Kind = kind, Locale = content.Locale, Title = content.Title, Body = content.Body, CreatedAt = now,
        };
        entry.Apply(content, now);
        return entry;
    }

    public void Revise(KnowledgeContent content, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        Apply(content, now);
        Version++;
    }

    private void Apply(KnowledgeContent content, DateTimeOffset now)
    {
        Locale = content.Locale;
        CategoryId = content.CategoryId;
        Title = content.Title;
        Phrasings = Kind == KnowledgeKind.Faq ? [.. content.Phrasings] : [];
        Body = content.Body;
        if (content.Status == KnowledgeStatus.Published && Status != KnowledgeStatus.Published)
        {
            PublishedAt = now;
        }

        Status = content.Status;
        Visibility = content.Visibility;
        UpdatedAt = now;
    }
}

/// <summary>What an admin writes of an entry; checked before it is applied.</summary>
public sealed record KnowledgeContent(
    string Locale, Guid? CategoryId, string Title, IReadOnlyList<string> Phrasings, string Body, KnowledgeStatus Status, KnowledgeVisibility Visibility);
