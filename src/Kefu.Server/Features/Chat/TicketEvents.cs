using Kefu.Domain.Chat;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Storage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Chat;

/// <summary>
/// The one post-commit place live pushes come from. Every committed batch is looked at (whichever feature wrote it:
/// a widget message, an agent's REST reply, a status change, the Dispatcher's assignment, an email or WeChat
/// message), and new messages, ticket state changes and read marks are pushed to the hub's groups once they are
/// durable. Pushing goes through <see cref="IHubContext{THub,T}"/>, so with the Redis backplane configured the
/// push reaches connections on every node.
/// </summary>
public sealed partial class TicketEvents(
    IHubContext<ChatHub, IChatClient> hub,
    IDbContextFactory<KefuDbContext> contextFactory,
    WorkspaceCatalog catalogs,
    TimeProvider time,
    ILogger<TicketEvents> logger) : BackgroundService, ICommitObserver
{
    private readonly System.Threading.Channels.Channel<IReadOnlyList<object>> _committed = System.Threading.Channels.Channel.CreateUnbounded<IReadOnlyList<object>>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });

    private sealed record ReadChange(Guid TicketId, string Reader, Guid MessageId, DateTimeOffset ReadAt);

    /// <remarks><paramref name="NewTicketIds"/>: tickets only the agents' lists need to hear about (the customer's side learns through its own channel).</remarks>
    private sealed record Changes(List<Guid> MessageIds, HashSet<Guid> StateTicketIds, List<ReadChange> Reads, HashSet<Guid> NewTicketIds);

    public object? Capture(KefuDbContext db, IReadOnlyList<object> newRows)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(newRows);
        var changes = new Changes([], [], [], []);
        foreach (var row in newRows)
        {
            switch (row)
            {
                case Message message:
                    changes.MessageIds.Add(message.Id);
                    break;
                case Ticket { Channel: Kefu.Domain.Tickets.Channel.Web or Kefu.Domain.Tickets.Channel.App } ticket:
                    changes.StateTicketIds.Add(ticket.Id);
                    break;
                case Ticket ticket:
                    changes.NewTicketIds.Add(ticket.Id);
                    break;
            }
        }

        foreach (var entry in db.ChangeTracker.Entries<Message>())
        {
            if (entry.State == EntityState.Added)
            {
                changes.MessageIds.Add(entry.Entity.Id);
            }
        }

        foreach (var entry in db.ChangeTracker.Entries<Ticket>())
        {
            if (entry.State == EntityState.Added)
            {
                changes.NewTicketIds.Add(entry.Entity.Id);
                continue;
            }

            entry.DetectChanges();
            if (entry.State == EntityState.Modified
                && (entry.Property(t => t.Status).IsModified || entry.Property(t => t.AssigneeId).IsModified || entry.Property(t => t.TeamId).IsModified))
            {
                changes.StateTicketIds.Add(entry.Entity.Id);
            }
        }

        foreach (var entry in db.ChangeTracker.Entries<TicketClock>())
        {
            entry.DetectChanges();
            if (entry.State is EntityState.Added or EntityState.Modified && entry.Entity.Metric == SlaMetric.Promise)
            {
                changes.StateTicketIds.Add(entry.Entity.TicketId);
            }
        }

        foreach (var entry in db.ChangeTracker.Entries<ChatReadMark>())
        {
            entry.DetectChanges();
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                var mark = entry.Entity;
                changes.Reads.Add(new ReadChange(mark.TicketId, mark.Reader, mark.MessageId, mark.ReadAt));
            }
        }

        return changes.MessageIds.Count + changes.StateTicketIds.Count + changes.Reads.Count + changes.NewTicketIds.Count == 0 ? null : changes;
    }

    public void Committed(IReadOnlyList<object> captured) => _committed.Writer.TryWrite(captured);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var batch in _committed.Reader.ReadAllAsync(stoppingToken))
        {
            var changes = new Changes([], [], [], []);
            foreach (var part in batch.Cast<Changes>())
            {
                changes.MessageIds.AddRange(part.MessageIds);
                changes.StateTicketIds.UnionWith(part.StateTicketIds);
                changes.Reads.AddRange(part.Reads);
            }

            // Several batches may be waiting: take them together so a burst costs one query per kind, not one per batch.
            while (_committed.Reader.TryRead(out var more))
            {
                foreach (var part in more.Cast<Changes>())
                {
                    changes.MessageIds.AddRange(part.MessageIds);
                    changes.StateTicketIds.UnionWith(part.StateTicketIds);
                    changes.Reads.AddRange(part.Reads);
                    changes.NewTicketIds.UnionWith(part.NewTicketIds);
                }
            }

            try
            {
                await PublishAsync(changes, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A lost push is recovered by the client's "messages after" on reconnect; the publisher must live on.
                LogPushFailed(logger, ex);
            }
        }
    }

    private sealed record TicketRef(Guid Id, long Number, Guid WorkspaceId, Guid CustomerId, Guid? MerchantId, bool InArbitration, TicketStatus Status);

    private async Task PublishAsync(Changes changes, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var tickets = new Dictionary<Guid, TicketRef>();
        foreach (var chunk in changes.MessageIds.Chunk(500))
        {
            var messages = await db.Messages.AsNoTracking().Where(m => chunk.Contains(m.Id)).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync(cancellationToken);
            await LoadTicketsAsync(db, tickets, messages.Where(m => m.TicketId is not null).Select(m => m.TicketId!.Value), cancellationToken);
            var onTickets = messages.Where(m => m.TicketId is not null).ToList();
            var views = await CustomerChat.ViewsAsync(db, m => tickets[m.TicketId!.Value].Number, onTickets, cancellationToken);

            // Tickets are pushed side by side; one ticket's messages stay in order, one send after the other.
            var sends = onTickets.Zip(views).GroupBy(pair => pair.First.TicketId!.Value).Select(async byTicket =>
            {
                var ticket = tickets[byTicket.Key];
                foreach (var (message, view) in byTicket)
                {
                    var pushed = new ChatMessageEvent(ticket.Number, view, CustomerChat.ClientMessageIdOf(message.ExternalId));
                    if (message.Visibility == MessageVisibility.Public)
                    {
                        await hub.Clients.Group(ChatGroups.Customer(ticket.CustomerId)).Message(pushed);
                    }

                    await hub.Clients.Group(ChatGroups.TicketAgents(ticket.Id)).Message(pushed);
                }

                await ActivityAsync(ticket, "message");
            }).ToList();
            await Task.WhenAll(sends);
        }

        await LoadTicketsAsync(db, tickets, changes.StateTicketIds.Concat(changes.Reads.Select(r => r.TicketId)), cancellationToken);
        foreach (var ticketId in changes.StateTicketIds)
        {
            if (await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == ticketId, cancellationToken) is not { } ticket)
            {
                continue;
            }

            var catalog = await catalogs.GetAsync(ticket.WorkspaceId, cancellationToken);
            var state = await CustomerChat.StateAsync(db, ticket, catalog, time.GetUtcNow(), cancellationToken);
            await hub.Clients.Group(ChatGroups.Customer(ticket.CustomerId)).TicketState(state);
            await hub.Clients.Group(ChatGroups.TicketAgents(ticket.Id)).TicketState(state);
            await ActivityAsync(tickets[ticket.Id], "state");
        }

        changes.NewTicketIds.ExceptWith(changes.StateTicketIds);
        await LoadTicketsAsync(db, tickets, changes.NewTicketIds, cancellationToken);
        foreach (var ticketId in changes.NewTicketIds.Where(tickets.ContainsKey))
        {
            await ActivityAsync(tickets[ticketId], "created");
        }

        foreach (var read in changes.Reads)
        {
            var ticket = tickets[read.TicketId];
            var pushed = new ChatReadEvent(ticket.Number, read.Reader, read.MessageId, read.ReadAt);
            await hub.Clients.Group(ChatGroups.Customer(ticket.CustomerId)).Read(pushed);
            await hub.Clients.Group(ChatGroups.TicketAgents(ticket.Id)).Read(pushed);
        }
    }

    private async Task ActivityAsync(TicketRef ticket, string kind)
    {
        var activity = new ChatActivityEvent(ticket.Number, kind, ticket.Status);
        await hub.Clients.Group(ChatGroups.WorkspaceAgents(ticket.WorkspaceId)).TicketActivity(activity);
        if (ticket.MerchantId is { } merchant && !ticket.InArbitration)
        {
            await hub.Clients.Group(ChatGroups.MerchantAgents(ticket.WorkspaceId, merchant)).TicketActivity(activity);
        }
    }

    private static async Task LoadTicketsAsync(KefuDbContext db, Dictionary<Guid, TicketRef> known, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var missing = ids.Where(id => !known.ContainsKey(id)).Distinct().ToList();
        foreach (var chunk in missing.Chunk(500))
        {
            var found = await db.Tickets.AsNoTracking().Where(t => chunk.Contains(t.Id))
                .Select(t => new TicketRef(t.Id, t.Number, t.WorkspaceId, t.CustomerId, t.MerchantId, t.InArbitration, t.Status))
                .ToListAsync(cancellationToken);
            foreach (var ticket in found)
            {
                known[ticket.Id] = ticket;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Live chat push failed after a commit; clients recover missed messages on reconnect")]
    private static partial void LogPushFailed(ILogger logger, Exception exception);
}
