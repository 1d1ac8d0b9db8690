using System.Text.Json;
using System.Text.Json.Nodes;
using Kefu.Domain.Agents;
using Kefu.Domain.Customers;
using Kefu.Domain.Tickets;
using Kefu.Domain.Webhooks;
using Kefu.Persistence;
using Kefu.Server.Features.Outbox;
using Kefu.Server.Features.Webhooks;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.CustomerNotifications;

/// <summary>
/// Turns the timeline entries a batch of writes recorded into outbox rows, in the same transaction: a webhook row per
/// subscribed endpoint and event, and for the customer an email and a message on the channel they used. Every ticket
/// write records its timeline through the group committer, so every write path is covered, and one that rolls back
/// takes its rows with it. Internal entries (notes, routing) never notify; a batch with nothing subscribed costs one
/// cached look-up per workspace and writes nothing.
/// </summary>
public sealed class TimelineNotifier(WebhookSubscriptions subscriptions, IEnumerable<IOutboxDelivery> deliveries, OutboxSignal signal, TimeProvider time) : IWriteFollower
{
    private static readonly string[] NotifyingKinds = [AuditKinds.TicketCreated, AuditKinds.AgentReply, AuditKinds.StatusChanged, WebhookEvents.ProactiveKind];

    /// <summary>Kinds addressed to the customer that some delivery on this node sends ("email", "wechat" ...); none until one is registered.</summary>
    private readonly HashSet<string> _customerKinds = [.. deliveries.Select(d => d.Kind).Where(k => k != WebhookDelivery.KindName)];
    private bool _added;

    public async Task BeforeSaveAsync(WriteScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var (db, untracked, cancellationToken) = (scope.Db, scope.PendingInserts, scope.CancellationToken);
        var entries = Tracked<AuditEvent>(db, untracked, addedOnly: true).Where(e => e.IsPublic && NotifyingKinds.Contains(e.Kind)).ToList();
        if (entries.Count == 0)
        {
            return;
        }

        var planned = new List<(AuditEvent Entry, string Event, Subscription[] Endpoints)>();
        foreach (var workspace in entries.GroupBy(e => e.WorkspaceId))
        {
            var subscribed = await subscriptions.GetAsync(workspace.Key, cancellationToken);
            foreach (var entry in workspace)
            {
                foreach (var raised in WebhookEvents.Raised(entry.Kind, entry.IsPublic, StatusTo(entry)))
                {
                    Subscription[] endpoints = [.. subscribed.Where(s => s.Events.Contains(raised))];
                    if (endpoints.Length > 0)
                    {
                        planned.Add((entry, raised, endpoints));
                    }
                }
            }
        }

        // Customers hear of replies and status changes only: a batch of new tickets alone (intake) tells them nothing and
        // needs no look-up.
        if (planned.Count == 0 && (_customerKinds.Count == 0 || entries.TrueForAll(e => e.Kind == AuditKinds.TicketCreated)))
        {
            return;
        }

        var facts = await TimelineFacts.LoadAsync(db, untracked, entries, withContacts: _customerKinds.Count > 0, cancellationToken);
        var now = time.GetUtcNow();
        foreach (var (entry, raised, endpoints) in planned)
        {
            var eventId = Guid.CreateVersion7(now);
            var body = WebhookBody(eventId, raised, entry, facts);
            foreach (var endpoint in endpoints)
            {
                OutboxPayloads.Enqueue(db, entry.WorkspaceId, WebhookDelivery.KindName, new WebhookDispatch(endpoint.EndpointId, eventId, raised, body), now, endpoint.EndpointId);
                _added = true;
            }
        }

        if (_customerKinds.Count > 0)
        {
            await NotifyCustomersAsync(db, entries, facts, now, cancellationToken);
        }
    }

    public void AfterCommit()
    {
        if (_added)
        {
            _added = false;
            signal.Pulse();
        }
    }

    /// <summary>
    /// One notice per ticket per write: a reply that also moved the status says so in the reply, rather than the
    /// customer getting two messages; a status the customer changed themselves (by writing) is not announced to them.
    /// </summary>
    private async Task NotifyCustomersAsync(KefuDbContext db, List<AuditEvent> entries, TimelineFacts facts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var write in entries.GroupBy(e => (e.TicketId, e.CreatedAt)))
        {
            if (!facts.Tickets.TryGetValue(write.Key.TicketId, out var ticket) || !facts.Customers.TryGetValue(ticket.CustomerId, out var customer))
            {
                continue;
            }

            var reply = write.FirstOrDefault(e => e.Kind is AuditKinds.AgentReply or WebhookEvents.ProactiveKind);
            var statusChange = write.LastOrDefault(e => e.Kind == AuditKinds.StatusChanged && e.ActorKind != AuthorKind.Customer);
            Notice? notice = null;
            if (reply is not null && facts.MessageOf(reply) is { } message)
            {
                var agentName = message.AuthorAgentId is { } agentId ? facts.AgentNames.GetValueOrDefault(agentId) : null;
                notice = new Notice(
                    reply.Kind == AuditKinds.AgentReply ? WebhookEvents.AgentReply : WebhookEvents.ProactiveSent,
                    NoticeText.Reply(message.Body, agentName, message.AuthorAgentNumber, message.VerificationCode),
                    message.Id, agentName, message.AuthorAgentNumber, message.VerificationCode);
            }
            else if (statusChange is not null && StatusTo(statusChange) is { } to)
            {
                var raised = WebhookEvents.Raised(statusChange.Kind, true, to);
                notice = new Notice(raised[^1], NoticeText.Status(ticket.Number, ticket.Subject, to), null, null, null, null);
            }

            if (notice is null)
            {
                continue;
            }

            if (_customerKinds.Contains(NoticeText.EmailKind) && customer.Email is { Length: > 0 } email)
            {
                var inReplyTo = await LastEmailIdAsync(db, ticket.Id, cancellationToken);
                OutboxPayloads.Enqueue(db, ticket.WorkspaceId, NoticeText.EmailKind, new EmailNotice(
                    email, NoticeText.Subject(ticket.Number, ticket.Subject), notice.Text, ticket.Number, notice.MessageId,
                    notice.AgentName, notice.AgentNumber, inReplyTo, notice.VerificationCode, notice.Event), now);
                _added = true;
            }

            var channel = facts.ChannelOf(ticket);
            var kind = NoticeText.KindOf(channel);
            if (kind != NoticeText.EmailKind && _customerKinds.Contains(kind) && facts.HandleOn(channel, customer) is { } handle)
            {
                OutboxPayloads.Enqueue(db, ticket.WorkspaceId, kind, new ChannelNotice(
                    kind, customer.ExternalId, handle, ticket.Number, notice.Text, notice.MessageId,
                    notice.AgentName, notice.AgentNumber, notice.VerificationCode, notice.Event), now);
                _added = true;
            }
        }
    }

    /// <summary>The Message-ID of the customer's latest email on the ticket (stored as "email:&lt;Message-ID&gt;"), so the answer threads under it.</summary>
    private static async Task<string?> LastEmailIdAsync(KefuDbContext db, Guid ticketId, CancellationToken cancellationToken)
    {
        var externalId = await db.Messages.AsNoTracking()
            .Where(m => m.TicketId == ticketId && m.Direction == MessageDirection.Inbound && m.ExternalId != null && m.ExternalId.StartsWith("email:"))
            .OrderByDescending(m => m.CreatedAt).Select(m => m.ExternalId).FirstOrDefaultAsync(cancellationToken);
        return externalId?["email:".Length..];
    }

    private static string WebhookBody(Guid eventId, string eventType, AuditEvent entry, TimelineFacts facts)
    {
        var data = new JsonObject();
        if (facts.Tickets.TryGetValue(entry.TicketId, out var ticket))
        {
            data["ticket"] = new JsonObject
            {
                ["number"] = ticket.Number,
                ["subject"] = ticket.Subject,
                ["status"] = MessageWritingNames.Camel(ticket.Status),
                ["channel"] = MessageWritingNames.Camel(ticket.Channel),
                ["customerExternalId"] = facts.Customers.GetValueOrDefault(ticket.CustomerId)?.ExternalId,
                ["merchantId"] = ticket.MerchantId,
            };
        }

        if (facts.MessageOf(entry) is { } message)
        {
            data["message"] = new JsonObject
            {
                ["id"] = message.Id,
                ["body"] = message.Body,
                ["authorKind"] = MessageWritingNames.Camel(message.AuthorKind),
                ["agentNumber"] = message.AuthorAgentNumber,
                ["agentName"] = message.AuthorAgentId is { } agentId ? facts.AgentNames.GetValueOrDefault(agentId) : null,
                ["verificationCode"] = message.VerificationCode,
                ["createdAt"] = message.CreatedAt,
            };
        }

        if (entry.Kind == AuditKinds.StatusChanged && entry.Data is not null)
        {
            data["statusChange"] = JsonNode.Parse(entry.Data);
        }

        if (entry.Kind == WebhookEvents.ProactiveKind && entry.Data is not null && JsonNode.Parse(entry.Data)?["campaign"] is { } campaign)
        {
            data["campaign"] = campaign.DeepClone();
        }

        var body = new JsonObject
        {
            ["id"] = eventId,
            ["type"] = eventType,
            ["createdAt"] = entry.CreatedAt,
            ["workspaceId"] = entry.WorkspaceId,
            ["data"] = data,
        };
        return body.ToJsonString(OutboxPayloads.Json);
    }

    internal static TicketStatus? StatusTo(AuditEvent entry)
    {
        if (entry.Kind != AuditKinds.StatusChanged || entry.Data is null)
        {
            return null;
        }

        using var data = JsonDocument.Parse(entry.Data);
        return data.RootElement.TryGetProperty("to", out var to) && Enum.TryParse<TicketStatus>(to.GetString(), ignoreCase: true, out var status) ? status : null;
    }

    /// <summary>Rows of type <typeparamref name="T"/> the writes added or loaded, without a change scan (rows added through the context are tracked as added at once).</summary>
    internal static IEnumerable<T> Tracked<T>(KefuDbContext db, IReadOnlyList<object> untracked, bool addedOnly = false)
        where T : class
    {
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return [.. untracked.OfType<T>().Concat(db.ChangeTracker.Entries<T>().Where(e => !addedOnly || e.State == EntityState.Added).Select(e => e.Entity))];
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private sealed record Notice(string Event, string Text, Guid? MessageId, string? AgentName, string? AgentNumber, string? VerificationCode);
}

internal static class MessageWritingNames
{
    public static string Camel<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
