using System.Text.Json;
using Kefu.Domain.Customers;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.CustomerNotifications;

/// <summary>
/// The tickets, messages, customers and agents a batch's timeline entries speak of: taken from the batch's own rows
/// where it has them (new ones are not in the database yet), the rest read with one query per kind.
/// </summary>
internal sealed class TimelineFacts
{
    public Dictionary<Guid, Ticket> Tickets { get; } = [];
    public Dictionary<Guid, Message> Messages { get; } = [];
    public Dictionary<Guid, Customer> Customers { get; } = [];
    public Dictionary<Guid, string> AgentNames { get; } = [];
    public List<CustomerIdentity> Identities { get; } = [];

    /// <summary>The channel of each ticket's latest conversation, where it differs from the ticket's first channel.</summary>
    public Dictionary<Guid, Channel> LatestChannels { get; } = [];

    public static async Task<TimelineFacts> LoadAsync(KefuDbContext db, IReadOnlyList<object> untracked, IReadOnlyList<AuditEvent> entries, bool withContacts, CancellationToken cancellationToken)
    {
        var facts = new TimelineFacts();
        foreach (var ticket in TimelineNotifier.Tracked<Ticket>(db, untracked))
        {
            facts.Tickets.TryAdd(ticket.Id, ticket);
        }

        var ticketIds = entries.Select(e => e.TicketId).Distinct().Where(id => !facts.Tickets.ContainsKey(id)).ToList();
        if (ticketIds.Count > 0)
        {
            foreach (var ticket in await db.Tickets.AsNoTracking().Where(t => ticketIds.Contains(t.Id)).ToListAsync(cancellationToken))
            {
                facts.Tickets.TryAdd(ticket.Id, ticket);
            }
        }

        foreach (var message in TimelineNotifier.Tracked<Message>(db, untracked))
        {
            facts.Messages.TryAdd(message.Id, message);
        }

        var messageIds = entries.Select(MessageIdOf).OfType<Guid>().Where(id => !facts.Messages.ContainsKey(id)).ToList();
        if (messageIds.Count > 0)
        {
            foreach (var message in await db.Messages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).ToListAsync(cancellationToken))
            {
                facts.Messages.TryAdd(message.Id, message);
            }
        }

        foreach (var customer in TimelineNotifier.Tracked<Customer>(db, untracked))
        {
            facts.Customers.TryAdd(customer.Id, customer);
        }

        var customerIds = facts.Tickets.Values.Select(t => t.CustomerId).Distinct().Where(id => !facts.Customers.ContainsKey(id)).ToList();
        if (customerIds.Count > 0)
        {
            foreach (var customer in await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToListAsync(cancellationToken))
            {
                facts.Customers.TryAdd(customer.Id, customer);
            }
        }

        if (withContacts)
        {
            var all = facts.Customers.Keys.ToList();
            var stored = await db.CustomerIdentities.AsNoTracking().Where(i => all.Contains(i.CustomerId)).ToListAsync(cancellationToken);
            foreach (var identity in stored.Concat(facts.Customers.Values.SelectMany(c => c.Identities)))
            {
                facts.Identities.Add(identity);
            }
        }

        var agentIds = facts.Messages.Values.Select(m => m.AuthorAgentId).OfType<Guid>().Distinct().ToList();
        if (agentIds.Count > 0)
        {
            foreach (var agent in await db.Agents.AsNoTracking().Where(a => agentIds.Contains(a.Id)).Select(a => new { a.Id, a.DisplayName }).ToListAsync(cancellationToken))
            {
                facts.AgentNames[agent.Id] = agent.DisplayName;
            }
        }

        if (withContacts)
        {
            var tickets = entries.Select(e => e.TicketId).Distinct().ToList();
            var conversations = TimelineNotifier.Tracked<Conversation>(db, untracked).Where(c => c.TicketId is { } id && tickets.Contains(id))
                .Select(c => (TicketId: c.TicketId!.Value, c.Channel, c.CreatedAt))
                .Concat((await db.Conversations.AsNoTracking().Where(c => c.TicketId != null && tickets.Contains(c.TicketId.Value))
                    .Select(c => new { TicketId = c.TicketId!.Value, c.Channel, c.CreatedAt }).ToListAsync(cancellationToken))
                    .Select(c => (c.TicketId, c.Channel, c.CreatedAt)));
            foreach (var latest in conversations.GroupBy(c => c.TicketId).Select(g => g.MaxBy(c => c.CreatedAt)))
            {
                facts.LatestChannels[latest.TicketId] = latest.Channel;
            }
        }

        return facts;
    }

    public Message? MessageOf(AuditEvent entry) => MessageIdOf(entry) is { } id ? Messages.GetValueOrDefault(id) : null;

    /// <summary>The channel the customer used last on the ticket: a chat that went on by email is answered by email.</summary>
    public Channel ChannelOf(Ticket ticket) => LatestChannels.TryGetValue(ticket.Id, out var channel) ? channel : ticket.Channel;

    /// <summary>How a channel's sender addresses the customer: their WeChat openid, phone, or the host platform's user id.</summary>
    public string? HandleOn(Channel channel, Customer customer) => channel switch
    {
        Channel.WeChat => Handle(customer, IdentityKind.WeChatOpenId),
        Channel.Phone => customer.Phone,
        Channel.Web => Handle(customer, IdentityKind.Visitor) ?? customer.ExternalId,
        _ => customer.ExternalId,
    };

    private string? Handle(Customer customer, IdentityKind kind) =>
        Identities.LastOrDefault(i => i.CustomerId == customer.Id && i.Kind == kind)?.Handle;

    private static Guid? MessageIdOf(AuditEvent entry)
    {
        if (entry.Data is null || !entry.Data.Contains(TimelineChain.MessageIdField, StringComparison.Ordinal))
        {
            return null;
        }

        using var data = JsonDocument.Parse(entry.Data);
        return data.RootElement.TryGetProperty(TimelineChain.MessageIdField, out var id) && id.TryGetGuid(out var messageId) ? messageId : null;
    }
}
