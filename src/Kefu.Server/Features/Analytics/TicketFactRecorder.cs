using Kefu.Domain.Analytics;
using Kefu.Domain.Customers;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Csat;
using Kefu.Server.Features.Sla;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Analytics;

/// <summary>
/// Turns the timeline entries a write batch adds into metric facts, in the same transaction, so a fact exists exactly when
/// its event does. A batch of new tickets costs one fact insert each and no query: their ledgers are not stored until a
/// later event needs one, and are then rebuilt from the ticket's timeline (one query for the batch).
/// </summary>
public sealed class TicketFactRecorder(WorkspaceCatalog catalogs, QualityLoop loop) : IWriteFollower
{
    public async Task BeforeSaveAsync(WriteScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var db = scope.Db;
        var entries = scope.PendingInserts.OfType<AuditEvent>()
            .Concat(db.ChangeTracker.Entries<AuditEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity))
            .Distinct(ReferenceEqualityComparer.Instance).Cast<AuditEvent>()
            .Where(e => e.Kind == AuditKinds.TicketCreated || TimelineMetrics.Read(e) is not null)
            .ToList();
        if (entries.Count == 0)
        {
            return;
        }

        var tickets = scope.PendingInserts.OfType<Ticket>().Concat(db.ChangeTracker.Entries<Ticket>().Select(e => e.Entity))
            .DistinctBy(t => t.Id).ToDictionary(t => t.Id);
        var groups = entries.GroupBy(e => e.TicketId).Where(g => tickets.ContainsKey(g.Key)).ToList();
        var earlier = groups.Where(g => g.Min(e => e.Sequence) > 1).ToDictionary(g => g.Key, g => g.Min(e => e.Sequence));
        var ledgers = earlier.Count == 0
            ? []
            : await db.TicketLedgers.Where(l => earlier.Keys.Contains(l.TicketId)).ToDictionaryAsync(l => l.TicketId, scope.CancellationToken);
        var missing = earlier.Where(e => !ledgers.ContainsKey(e.Key)).ToDictionary();
        if (missing.Count > 0)
        {
            foreach (var ledger in await LedgerReplay.RestoreAsync(db, catalogs, missing, tickets, scope.CancellationToken))
            {
                ledgers[ledger.TicketId] = ledger;
                scope.Insert(ledger);
            }
        }

        Dictionary<Guid, int>? tiers = null;
        foreach (var group in groups)
        {
            var ticket = tickets[group.Key];
            var catalog = await catalogs.GetAsync(ticket.WorkspaceId, scope.CancellationToken);
            var calendar = catalog.Sla.Calendar(ticket.SlaCalendarKey ?? SlaBook.DefaultCalendarKey);
            var subject = LedgerReplay.Subject(ticket);
            var facts = new List<TicketFact>();
            ledgers.TryGetValue(ticket.Id, out var ledger);
            foreach (var entry in group.OrderBy(e => e.Sequence))
            {
                if (entry.Kind == AuditKinds.TicketCreated)
                {
                    tiers ??= TiersOf(scope);
                    ledger = TicketLedger.Open(subject, tiers.GetValueOrDefault(ticket.CustomerId), entry.CreatedAt, catalog.TimeZone, NewId(entry.CreatedAt), out var created);
                    facts.Add(created);
                }
                else if (ledger is not null && TimelineMetrics.Read(entry) is { } metric)
                {
                    facts.AddRange(ledger.Apply(metric, subject, calendar, catalog.TimeZone, NewId(entry.CreatedAt)));
                }
            }

            // A ledger opened in this batch is stored once something beyond the creation happened to it.
            if (ledger is not null && !ledgers.ContainsKey(ticket.Id) && facts.Any(f => f.Kind != FactKind.Created))
            {
                scope.Insert(ledger);
            }

            foreach (var fact in facts)
            {
                scope.Insert(fact);
            }

            if (ledger is not null)
            {
                await loop.OnFactsAsync(scope, ticket, ledger, facts, catalog, calendar);
            }
        }
    }

    private static Func<Guid> NewId(DateTimeOffset at) => () => Guid.CreateVersion7(at);

    /// <summary>The batch's customers' tiers, gathered once: looking each up by scanning the batch made intake quadratic in the batch size.</summary>
    private static Dictionary<Guid, int> TiersOf(WriteScope scope)
    {
        var tiers = new Dictionary<Guid, int>();
        foreach (var customer in scope.PendingInserts.OfType<Customer>().Concat(scope.Db.ChangeTracker.Entries<Customer>().Select(e => e.Entity)))
        {
            tiers.TryAdd(customer.Id, customer.Tier);
        }

        return tiers;
    }
}

/// <summary>Rebuilds ledgers (and, for a full rebuild, facts) by replaying stored timelines through the same code as the live path.</summary>
public static class LedgerReplay
{
    public static FactSubject Subject(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new FactSubject(
            ticket.WorkspaceId, ticket.Id, ticket.Number, ticket.AssigneeId, ticket.TeamId, ticket.CategoryId, ticket.Channel, ticket.MerchantId,
            ticket.SlaFirstResponse, ticket.SlaNextResponse, ticket.SlaResolution);
    }

    /// <summary>Ledgers of <paramref name="before"/>'s tickets as their timelines stood before the given sequence numbers.</summary>
    public static async Task<List<TicketLedger>> RestoreAsync(
        KefuDbContext db, WorkspaceCatalog catalogs, IReadOnlyDictionary<Guid, int> before, IReadOnlyDictionary<Guid, Ticket> tickets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(catalogs);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(tickets);
        var ids = before.Keys.ToList();
        var timeline = await db.AuditEvents.AsNoTracking().Where(e => ids.Contains(e.TicketId)).OrderBy(e => e.TicketId).ThenBy(e => e.Sequence).ToListAsync(cancellationToken);
        var customerIds = ids.Select(id => tickets[id].CustomerId).Distinct().ToList();
        var tiers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Tier, cancellationToken);
        var ledgers = new List<TicketLedger>();
        foreach (var history in timeline.Where(e => e.Sequence < before[e.TicketId]).GroupBy(e => e.TicketId))
        {
            var ticket = tickets[history.Key];
            var (ledger, _) = await ReplayAsync(catalogs, ticket, tiers.GetValueOrDefault(ticket.CustomerId), history, cancellationToken);
            if (ledger is not null)
            {
                ledgers.Add(ledger);
            }
        }

        return ledgers;
    }

    /// <summary>The ledger and every fact of one ticket's timeline, as the live path would have written them.</summary>
    public static async Task<(TicketLedger? Ledger, List<TicketFact> Facts)> ReplayAsync(
        WorkspaceCatalog catalogs, Ticket ticket, int customerTier, IEnumerable<AuditEvent> timeline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogs);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(timeline);
        var catalog = await catalogs.GetAsync(ticket.WorkspaceId, cancellationToken);
        var calendar = catalog.Sla.Calendar(ticket.SlaCalendarKey ?? SlaBook.DefaultCalendarKey);
        var subject = Subject(ticket);
        TicketLedger? ledger = null;
        var facts = new List<TicketFact>();
        foreach (var entry in timeline)
        {
            if (entry.Kind == AuditKinds.TicketCreated)
            {
                ledger = TicketLedger.Open(subject, customerTier, entry.CreatedAt, catalog.TimeZone, () => Guid.CreateVersion7(entry.CreatedAt), out var created);
                facts.Add(created);
            }
            else if (ledger is not null && TimelineMetrics.Read(entry) is { } metric)
            {
                facts.AddRange(ledger.Apply(metric, subject, calendar, catalog.TimeZone, () => Guid.CreateVersion7(entry.CreatedAt)));
            }
        }

        return (ledger, facts);
    }
}
