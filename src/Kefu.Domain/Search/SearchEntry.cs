namespace Kefu.Domain.Search;

/// <summary>
/// One searchable document (a ticket's subject and number, one message, a customer, an article) as its token
/// string. The database indexes <see cref="Terms"/> with its own full-text engine; the key is a number because
/// SQLite's full-text table addresses rows by integer.
/// </summary>
public sealed class SearchEntry
{
    public long Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string Kind { get; init; }
    public Guid SourceId { get; init; }

    /// <summary>The ticket a ticket or message entry belongs to, for filters and visibility.</summary>
    public Guid? TicketId { get; init; }
    public required string Terms { get; init; }
    public DateTimeOffset IndexedAt { get; init; }
}

/// <summary>What an entry was made from.</summary>
public static class SearchKinds
{
    public const string Ticket = "ticket";
    public const string Message = "message";
    public const string Customer = "customer";

    /// <summary>Knowledge-base articles, indexed by the knowledge feature through the same seam.</summary>
    public const string Article = "article";
}
