using Kefu.Domain.Customers;
using Kefu.Domain.Search;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Search;

/// <summary>
/// Keeps the search entries in step with the data, inside the same write: every batch's new tickets, messages and
/// customers get an entry, and a changed ticket subject or customer contact replaces its entry, so whatever a
/// commit made durable is searchable the moment the caller hears back. Other features index their own documents
/// (knowledge articles) through <see cref="IndexAsync"/> and <see cref="RemoveAsync"/>.
/// </summary>
public sealed class SearchIndexer(TimeProvider time) : IWriteFollower
{
    public async Task BeforeSaveAsync(WriteScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var db = scope.Db;
        var now = time.GetUtcNow();
        var indexed = new HashSet<Guid>();
        var replaced = new List<SearchEntry>();

        // Materialised first: inserting an entry adds to both sequences.
        var added = scope.PendingInserts.Concat(db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).Select(e => e.Entity)).ToList();
        foreach (var row in added)
        {
            if (Entry(row, now) is { } entry && indexed.Add(entry.SourceId))
            {
                scope.Insert(entry);
            }
        }

        var changedCustomers = new Dictionary<Guid, Customer>();
        foreach (var tracked in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Modified || e.State == EntityState.Added).ToList())
        {
            switch (tracked.Entity)
            {
                case Ticket ticket when tracked.State == EntityState.Modified && tracked.Property(nameof(Ticket.Subject)).IsModified && indexed.Add(ticket.Id):
                    replaced.Add(ForTicket(ticket, now));
                    break;
                case Customer customer when tracked.State == EntityState.Modified && !indexed.Contains(customer.Id)
                    && (tracked.Property(nameof(Customer.Name)).IsModified || tracked.Property(nameof(Customer.Email)).IsModified || tracked.Property(nameof(Customer.Phone)).IsModified):
                    changedCustomers[customer.Id] = customer;
                    break;
                case CustomerIdentity identity when tracked.State == EntityState.Added && !indexed.Contains(identity.CustomerId):
                    if (db.ChangeTracker.Entries<Customer>().FirstOrDefault(c => c.Entity.Id == identity.CustomerId)?.Entity is { } owner)
                    {
                        changedCustomers[owner.Id] = owner;
                    }

                    break;
            }
        }

        if (changedCustomers.Count > 0)
        {
            replaced.AddRange(await ForExistingCustomersAsync(db, [.. changedCustomers.Values], now));
        }

        foreach (var kind in replaced.GroupBy(e => e.Kind))
        {
            var sources = kind.Select(e => e.SourceId).ToList();
            await db.SearchEntries.Where(e => e.Kind == kind.Key && sources.Contains(e.SourceId)).ExecuteDeleteAsync();
        }

        foreach (var entry in replaced)
        {
            scope.Insert(entry);
        }
    }

    /// <summary>
    /// Indexes (or re-indexes) a document another feature owns, such as a knowledge article, in that feature's write.
    /// The texts are tokenised together; <paramref name="ticketId"/> ties the entry to a ticket's visibility.
    /// </summary>
    public static async Task IndexAsync(WriteScope scope, Guid workspaceId, string kind, Guid sourceId, DateTimeOffset now, Guid? ticketId, params string?[] texts)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await RemoveAsync(scope.Db, kind, sourceId);
        scope.Insert(new SearchEntry { WorkspaceId = workspaceId, Kind = kind, SourceId = sourceId, TicketId = ticketId, Terms = SearchTerms.Of(texts), IndexedAt = now });
    }

    /// <summary>Takes a document out of search (an article unpublished or deleted).</summary>
    public static Task<int> RemoveAsync(KefuDbContext db, string kind, Guid sourceId)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.SearchEntries.Where(e => e.Kind == kind && e.SourceId == sourceId).ExecuteDeleteAsync();
    }

    /// <summary>Adds entries for the tickets, messages and customers a bulk loader (the demo seeder) added to the context.</summary>
    public static void IndexAdded(KefuDbContext db, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entries = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).Select(e => Entry(e.Entity, now)).OfType<SearchEntry>().ToList();
        db.SearchEntries.AddRange(entries);
    }

    public static SearchEntry? Entry(object row, DateTimeOffset now) => row switch
    {
        Ticket ticket => ForTicket(ticket, now),
        Message { TicketId: not null } message => ForMessage(message, now),
        Customer customer => ForCustomer(customer, customer.Identities.Select(i => (i.Kind, i.Handle)), now),
        _ => null,
    };

    public static SearchEntry ForTicket(Ticket ticket, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new SearchEntry
        {
            WorkspaceId = ticket.WorkspaceId, Kind = SearchKinds.Ticket, SourceId = ticket.Id, TicketId = ticket.Id, IndexedAt = now,
            Terms = SearchTerms.Of(ticket.Subject, ticket.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), ticket.OrderNumber),
        };
    }

    public static SearchEntry ForMessage(Message message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new SearchEntry
        {
            WorkspaceId = message.WorkspaceId, Kind = SearchKinds.Message, SourceId = message.Id, TicketId = message.TicketId, IndexedAt = now,
            Terms = SearchTerms.Of(message.Body),
        };
    }

    /// <summary>Name, contact details, the platform's id and every identity but anonymous widget visitors.</summary>
    public static SearchEntry ForCustomer(Customer customer, IEnumerable<(IdentityKind Kind, string Handle)> identities, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var handles = identities.Where(i => i.Kind != IdentityKind.Visitor).Select(i => i.Handle);
        return new SearchEntry
        {
            WorkspaceId = customer.WorkspaceId, Kind = SearchKinds.Customer, SourceId = customer.Id, IndexedAt = now,
            Terms = SearchTerms.Of([customer.Name, customer.Email, customer.Phone, customer.ExternalId, .. handles.Distinct(StringComparer.Ordinal)]),
        };
    }

    private static async Task<IEnumerable<SearchEntry>> ForExistingCustomersAsync(KefuDbContext db, List<Customer> customers, DateTimeOffset now)
    {
        var ids = customers.Select(c => c.Id).ToList();
        var stored = await db.CustomerIdentities.AsNoTracking().Where(i => ids.Contains(i.CustomerId)).Select(i => new { i.CustomerId, i.Kind, i.Handle }).ToListAsync();
        return customers.Select(c => ForCustomer(c,
            stored.Where(s => s.CustomerId == c.Id).Select(s => (s.Kind, s.Handle)).Concat(c.Identities.Select(i => (i.Kind, i.Handle))), now));
    }
}
