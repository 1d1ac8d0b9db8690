using Kefu.Domain.Customers;
using Kefu.Domain.Proactive;
using Kefu.Domain.Tickets;
using Kefu.Domain.Webhooks;
using Kefu.Server.Features.Outbox;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Verification;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Proactive;

/// <summary>Pulsed when a call queued recipients.</summary>
public sealed class ProactiveSignal : WakeSignal;

/// <summary>What one call added to a campaign.</summary>
public sealed record QueuedRecipients(int Added, int AlreadyListed);

/// <summary>The writes of proactive messages: queueing recipients, and sending to one of them.</summary>
public static class ProactiveWrites
{
    /// <returns>What was added, or null when the key names a campaign with another subject or body.</returns>
    public static async Task<QueuedRecipients?> AddAsync(
        WriteScope scope, Guid workspaceId, string key, string subject, string body, string requestedBy, IReadOnlyList<string> customers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(customers);
        var db = scope.Db;
        var campaign = await db.ProactiveCampaigns.AsNoTracking().FirstOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.Key == key, scope.CancellationToken);
        if (campaign is not null && (campaign.Subject != subject || campaign.Body != body))
        {
            return null;
        }

        List<string> listed = [];
        if (campaign is null)
        {
            campaign = new ProactiveCampaign
            {
                Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, Key = key, Subject = subject, Body = body,
                RequestedBy = requestedBy.Length <= 100 ? requestedBy : requestedBy[..100], CreatedAt = now,
            };
            scope.Insert(campaign);
        }
        else
        {
            var campaignId = campaign.Id;
            listed = await db.ProactiveRecipients.AsNoTracking().Where(r => r.CampaignId == campaignId && customers.Contains(r.CustomerExternalId))
                .Select(r => r.CustomerExternalId).ToListAsync(scope.CancellationToken);
        }

        var already = listed.ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var externalId in customers.Where(c => !already.Contains(c)))
        {
            scope.Insert(new ProactiveRecipient
            {
                Id = Guid.CreateVersion7(now), CampaignId = campaign.Id, WorkspaceId = workspaceId, CustomerExternalId = externalId, QueuedAt = now,
            });
            added++;
        }

        return new QueuedRecipients(added, already.Count);
    }

    /// <summary>
    /// Sends the campaign's message to one queued recipient: on the ticket they have open, or on a new ticket on the
    /// channel they last used, recorded on their timeline (which notifies them through the outbox). The message's
    /// external id names campaign and customer, so a second node sending the same recipient fails on the unique
    /// index and, replayed, finds the recipient already sent.
    /// </summary>
    /// <returns>Whether anything was written.</returns>
    public static async Task<bool> SendAsync(WriteScope scope, Guid recipientId, ProactiveCampaign campaign, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(campaign);
        var (db, ct) = (scope.Db, scope.CancellationToken);
        var recipient = await db.ProactiveRecipients.FirstOrDefaultAsync(r => r.Id == recipientId, ct);
        if (recipient is null || recipient.State != RecipientState.Queued)
        {
            return false;
        }

        // The sender names each recipient's customer as the write's batch key, so a batch finds all of them with one query.
        if (!scope.TryGetShared<Customer>(BatchKey.Customer, campaign.WorkspaceId, recipient.CustomerExternalId, out var customer))
        {
            customer = scope.IsKnownAbsent(BatchKey.Customer, campaign.WorkspaceId, recipient.CustomerExternalId) ? null
                : await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.WorkspaceId == campaign.WorkspaceId && c.ExternalId == recipient.CustomerExternalId, ct);
        }

        if (customer is null)
        {
            recipient.MarkFailed("No customer with this external id.", now);
            return true;
        }

        var externalId = $"proactive:{campaign.Id:N}:{customer.Id:N}";
        var open = await db.Tickets
            .Where(t => t.CustomerId == customer.Id && t.Status != TicketStatus.Solved && t.Status != TicketStatus.Closed)
            .OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(ct);
        var ticket = open;
        if (ticket is null)
        {
            var channel = await db.Conversations.Where(c => c.CustomerId == customer.Id).OrderByDescending(c => c.CreatedAt)
                .Select(c => (Channel?)c.Channel).FirstOrDefaultAsync(ct) ?? Channel.Api;
            var number = await scope.NextTicketNumberAsync(campaign.WorkspaceId);
            ticket = Ticket.Open(
                new NewTicket(campaign.WorkspaceId, customer.Id, campaign.Subject, campaign.Body, null, TicketPriority.Normal, null, null, channel, null, null, null),
                number, Guid.CreateVersion7(now), now);
            db.Tickets.Add(ticket);
        }

        var appended = await MessageWriting.AppendAsync(db, ticket, now, new MessageDraft(
            MessageDirection.Outbound, MessageVisibility.Public, AuthorKind.System, null, null, campaign.Body, externalId, [], MessageCodes.New()), ct);
        var message = appended!.Message;
        if (open is null)
        {
            // Nobody needs to work a ticket opened to tell the customer something: it waits on them, and their answer brings it to an agent.
            MessageWriting.Audit(db, ticket, now, AuditKinds.TicketCreated, AuthorKind.System, null, campaign.RequestedBy, isPublic: true,
                MessageWriting.MessageData(message, ("channel", ticket.Channel.ToString().ToLowerInvariant()), ("campaign", campaign.Key)));
            ticket.MoveTo(TicketStatus.WaitingOnCustomer, now);
            MessageWriting.AuditStatusChange(db, ticket, TicketStatus.New, now, AuthorKind.System, null, campaign.RequestedBy);
        }

        MessageWriting.Audit(db, ticket, now, WebhookEvents.ProactiveKind, AuthorKind.System, null, campaign.RequestedBy, isPublic: true,
            MessageWriting.MessageData(message, ("campaign", campaign.Key)));
        recipient.MarkSent(ticket.Number, now);
        return true;
    }

    public static async Task<bool> FailAsync(WriteScope scope, Guid recipientId, string error, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var recipient = await scope.Db.ProactiveRecipients.FirstOrDefaultAsync(r => r.Id == recipientId && r.State == RecipientState.Queued, scope.CancellationToken);
        recipient?.MarkFailed(error, now);
        return recipient is not null;
    }
}
