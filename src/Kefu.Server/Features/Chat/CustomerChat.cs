using Kefu.Domain.Chat;
using Kefu.Domain.Intake;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Routing;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Chat;

/// <summary>
/// What the widget, apps and the hub do with a ticket, shared by the REST endpoints and the hub so both
/// answer alike: read messages after a cursor, send a message idempotently, mark read, and the ticket's state.
/// </summary>
public static class CustomerChat
{
    /// <summary>Message.ExternalId of a widget message: resending the same client message id stores it once.</summary>
    public const string ExternalIdPrefix = "widget:";
    public const int MaxPage = 200;

    public static bool IsClientMessageId(string? value) =>
        value is { Length: >= 8 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string? ClientMessageIdOf(string? externalId) =>
        externalId is not null && externalId.StartsWith(ExternalIdPrefix, StringComparison.Ordinal) ? externalId[ExternalIdPrefix.Length..] : null;

    /// <summary>
    /// The ticket's messages the caller may see that come after <paramref name="after"/> (all of them without a cursor), oldest first.
    /// Messages stored in the same instant as the cursor are repeated; clients drop ids they have, so nothing is lost.
    /// </summary>
    /// <returns>Null when the caller may not see the ticket.</returns>
    public static async Task<IReadOnlyList<MessageView>?> MessagesAfterAsync(
        KefuDbContext db, Caller caller, long number, Guid? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ticket = await TicketAccess.Visible(db, caller, null).AsNoTracking()
            .Where(t => t.Number == number).Select(t => new { t.Id, t.Number }).FirstOrDefaultAsync(cancellationToken);
        if (ticket is null)
        {
            return null;
        }

        var includeInternal = caller.IsAgent;
        var messages = db.Messages.AsNoTracking().Where(m => m.TicketId == ticket.Id && (includeInternal || m.Visibility == MessageVisibility.Public));
        if (after is { } cursorId)
        {
            var cursor = await messages.Where(m => m.Id == cursorId).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            if (cursor is { } since)
            {
                messages = messages.Where(m => m.CreatedAt >= since && m.Id != cursorId);
            }
        }

        var page = await messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Take(Math.Clamp(limit, 1, MaxPage)).ToListAsync(cancellationToken);
        return await ViewsAsync(db, ticket.Number, page, cancellationToken);
    }

    public static Task<IReadOnlyList<MessageView>> ViewsAsync(KefuDbContext db, long number, IReadOnlyList<Message> messages, CancellationToken cancellationToken) =>
        ViewsAsync(db, _ => number, messages, cancellationToken);

    /// <summary>Views of messages on several tickets in two queries (attachments, agent names), for the live publisher's bursts.</summary>
    public static async Task<IReadOnlyList<MessageView>> ViewsAsync(KefuDbContext db, Func<Message, long> numberOf, IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(numberOf);
        ArgumentNullException.ThrowIfNull(messages);
        var ids = messages.Select(m => m.Id).ToList();
        var attachments = (await db.Attachments.AsNoTracking().Where(a => a.MessageId != null && ids.Contains(a.MessageId.Value))
            .ToListAsync(cancellationToken)).ToLookup(a => a.MessageId!.Value);
        var agentIds = messages.Where(m => m.AuthorAgentId is not null).Select(m => m.AuthorAgentId!.Value).Distinct().ToList();
        var agentNames = agentIds.Count == 0 ? [] : await db.Agents.AsNoTracking().Where(a => agentIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.DisplayName, cancellationToken);
        return [.. messages.Select(m => new MessageView(
            m.Id, m.Direction, m.Visibility,
            new PersonView(m.AuthorKind.ToString().ToLowerInvariant(), m.AuthorAgentNumber, m.AuthorAgentId is { } id ? agentNames.GetValueOrDefault(id) : null),
            m.Body, m.CreatedAt, [.. (attachments[m.Id] ?? []).Select(a => TicketViews.ToView(numberOf(m), a))], m.VerificationCode))];
    }

    /// <summary>The customer writes on their ticket; answered once the message is durable. A resend of a client message id returns the stored copy.</summary>
    public static async Task<TicketWrite> SendAsync(
        GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, Caller caller, long number,
        string? clientMessageId, string? body, IReadOnlyList<Guid>? attachmentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(catalogs);
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsCustomer)
        {
            return TicketWrite.Rejected(StatusCodes.Status403Forbidden, "Only a customer session sends customer messages.");
        }

        if (!IsClientMessageId(clientMessageId))
        {
            return TicketWrite.Invalid("clientMessageId", "is required: 8 to 64 letters, digits, '-' or '_', new for every message");
        }

        var errors = new FieldErrors();
        var text = errors.Required("body", body, Message.MaxBodyLength);
        if (text is null)
        {
            return TicketWrite.Invalid("body", errors.ToDictionary()["body"][0]);
        }

        var attachments = attachmentIds ?? [];
        if (attachments.Count > AddCustomerMessage.MaxAttachmentsPerMessage)
        {
            return TicketWrite.Invalid("attachmentIds", $"at most {AddCustomerMessage.MaxAttachmentsPerMessage} attachments per message");
        }

        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var externalId = ExternalIdPrefix + clientMessageId;
        return await TicketWrite.OnTicketAsync(writer, caller, null, number,
            (scope, ticket) => AddCustomerMessage.WriteAsync(scope, ticket, text, externalId, attachments, catalog, time), cancellationToken);
    }

    /// <summary>Records that the caller (the customer, or an agent for the agents' side) has read up to a message.</summary>
    public static Task<TicketWrite> MarkReadAsync(GroupCommitter writer, TimeProvider time, Caller caller, long number, Guid messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(caller);
        var reader = caller.IsAgent ? ChatReadMark.AgentReader : caller.IsCustomer ? ChatReadMark.CustomerReader : null;
        if (reader is null)
        {
            return Task.FromResult(TicketWrite.Rejected(StatusCodes.Status403Forbidden, "Only a customer or an agent reads a thread."));
        }

        return TicketWrite.OnTicketAsync(writer, caller, null, number, async (scope, ticket) =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);
            var includeInternal = caller.IsAgent;
            var message = await db.Messages.AsNoTracking()
                .Where(m => m.Id == messageId && m.TicketId == ticket.Id && (includeInternal || m.Visibility == MessageVisibility.Public))
                .Select(m => new { m.Id, m.CreatedAt }).FirstOrDefaultAsync(ct);
            if (message is null)
            {
                return TicketWrite.Invalid("messageId", "is not a message of this ticket");
            }

            var now = time.GetUtcNow();
            var mark = await db.ChatReadMarks.FirstOrDefaultAsync(m => m.TicketId == ticket.Id && m.Reader == reader, ct);
            if (mark is null)
            {
                db.ChatReadMarks.Add(new ChatReadMark
                {
                    Id = Guid.CreateVersion7(now), WorkspaceId = ticket.WorkspaceId, TicketId = ticket.Id, Reader = reader,
                    MessageId = message.Id, MessageCreatedAt = message.CreatedAt, ReadAt = now, AgentId = caller.AgentId,
                });
            }
            else
            {
                mark.Advance(message.Id, message.CreatedAt, now, caller.AgentId);
            }

            return TicketWrite.Done(new ChatReadEvent(ticket.Number, reader, message.Id, now));
        }, cancellationToken);
    }

    /// <summary>What the customer sees of the ticket's handling now.</summary>
    public static async Task<ChatTicketState> StateAsync(KefuDbContext db, Ticket ticket, CatalogSnapshot catalog, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        var agent = ticket.AssigneeId is { } assignee
            ? await db.Agents.AsNoTracking().Where(a => a.Id == assignee).Select(a => new AgentRefView(a.AgentNumber, a.DisplayName)).FirstOrDefaultAsync(cancellationToken)
            : null;
        var queue = await RoutingEndpoints.QueueOfAsync(db, ticket, catalog, now, cancellationToken);
        var clocks = (await db.TicketClocks.AsNoTracking().Where(c => c.TicketId == ticket.Id).ToListAsync(cancellationToken))
            .Where(c => c.State != SlaClockState.Stopped && c.Metric is SlaMetric.Promise or SlaMetric.FirstResponse or SlaMetric.NextResponse)
            .Select(c => new { c.Metric, c.DueAt }).ToList();

        // An agent's own promise says more than the policy's target, so it wins when there is one.
        var promisedBy = clocks.Where(c => c.Metric == SlaMetric.Promise).Select(c => c.DueAt).FirstOrDefault()
            ?? clocks.Where(c => c.DueAt is not null).OrderBy(c => c.DueAt).Select(c => c.DueAt).FirstOrDefault();
        return new ChatTicketState(ticket.Number, ticket.Subject, ticket.Status, agent, queue, promisedBy);
    }
}
