using System.Text.Json;
using System.Text.Json.Nodes;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Tickets;

public sealed record AppendedMessage(Message Message, IReadOnlyList<Attachment> Attachments);

public sealed record MessageDraft(
    MessageDirection Direction,
    MessageVisibility Visibility,
    AuthorKind AuthorKind,
    Guid? AgentId,
    string? AgentNumber,
    string Body,
    string? ExternalId,
    IReadOnlyList<Guid> AttachmentIds,
    string? VerificationCode = null);

/// <summary>What the ticket writes shared: appending a message to the ticket's thread and recording the timeline.</summary>
public static class MessageWriting
{
    /// <returns>The stored message, or null when an attachment id is not an unsent upload of this ticket.</returns>
    public static async Task<AppendedMessage?> AppendAsync(KefuDbContext db, Ticket ticket, DateTimeOffset now, MessageDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(draft);

        var attachments = draft.AttachmentIds.Count == 0
            ? []
            : await db.Attachments.Where(a => draft.AttachmentIds.Contains(a.Id) && a.TicketId == ticket.Id && a.MessageId == null).ToListAsync(cancellationToken);
        if (attachments.Count != draft.AttachmentIds.Distinct().Count())
        {
            return null;
        }

        var conversationId = await db.Conversations.Where(c => c.TicketId == ticket.Id)
            .OrderByDescending(c => c.CreatedAt).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (conversationId is null)
        {
            var conversation = new Conversation
            {
                Id = Guid.CreateVersion7(now), WorkspaceId = ticket.WorkspaceId, TicketId = ticket.Id, CustomerId = ticket.CustomerId,
                Channel = ticket.Channel, CreatedAt = now,
            };
            db.Conversations.Add(conversation);
            conversationId = conversation.Id;
        }

        var message = new Message
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = ticket.WorkspaceId, ConversationId = conversationId.Value, TicketId = ticket.Id,
            Direction = draft.Direction, Visibility = draft.Visibility, AuthorKind = draft.AuthorKind,
            AuthorAgentId = draft.AgentId, AuthorAgentNumber = draft.AgentNumber, Body = draft.Body, ExternalId = draft.ExternalId, CreatedAt = now,
            VerificationCode = draft.VerificationCode,
        };
        db.Messages.Add(message);
        foreach (var attachment in attachments)
        {
            attachment.MessageId = message.Id;
        }

        return new AppendedMessage(message, attachments);
    }

    public static void Audit(KefuDbContext db, Ticket ticket, DateTimeOffset now, string kind, AuthorKind actorKind, Guid? actorId, string? actorLabel, bool isPublic, string? data)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        db.AuditEvents.Add(ticket.Record(new TimelineEntry(kind, actorKind, actorId, actorLabel, isPublic, data, now)));
    }

    /// <summary>
    /// The timeline facts of a message: its id and a hash of its body, so the chain also shows whether
    /// the message was edited afterwards. <paramref name="extra"/> adds facts of the event itself.
    /// </summary>
    public static string MessageData(Message message, params (string Name, string? Value)[] extra)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(extra);
        var facts = new JsonObject
        {
            [TimelineChain.MessageIdField] = message.Id,
            [TimelineChain.BodyHashField] = TimelineChain.BodyHash(message.Body),
        };
        foreach (var (name, value) in extra)
        {
            facts[name] = value;
        }

        return facts.ToJsonString();
    }

    public static void AuditStatusChange(KefuDbContext db, Ticket ticket, TicketStatus before, DateTimeOffset now, AuthorKind actorKind, Guid? actorId, string? actorLabel)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (ticket.Status != before)
        {
            Audit(db, ticket, now, AuditKinds.StatusChanged, actorKind, actorId, actorLabel, isPublic: true,
                JsonSerializer.Serialize(new { from = Camel(before), to = Camel(ticket.Status) }));
        }
    }

    public static async Task<MessageView> ViewAsync(KefuDbContext db, long ticketNumber, Message message, IReadOnlyList<Attachment>? attachments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        attachments ??= await db.Attachments.AsNoTracking().Where(a => a.MessageId == message.Id).ToListAsync(cancellationToken);

        string? agentName = message.AuthorAgentId is { } agentId
            ? await db.Agents.Where(a => a.Id == agentId).Select(a => a.DisplayName).FirstOrDefaultAsync(cancellationToken)
            : null;
        return new MessageView(
            message.Id, message.Direction, message.Visibility,
            new PersonView(message.AuthorKind.ToString().ToLowerInvariant(), message.AuthorAgentNumber, agentName),
            message.Body, message.CreatedAt,
            [.. attachments.Select(a => TicketViews.ToView(ticketNumber, a))],
            message.VerificationCode);
    }

    public static string Camel(TicketStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());
}

/// <summary>The answer of a ticket write, turned into HTTP after its batch has committed.</summary>
public sealed record TicketWrite(object? Value, int Status, string? Detail, string? Field) : IWriteOutcome
{
    public bool KeepsChanges => Status == StatusCodes.Status200OK;

    /// <summary>Set when the write landed on another ticket than the one asked for (a reply past the reopen window opens a new one).</summary>
    public long? TicketNumber { get; init; }

    public static readonly TicketWrite NotFound = new(null, StatusCodes.Status404NotFound, null, null);

    public static TicketWrite Done(object value) => new(value, StatusCodes.Status200OK, null, null);

    public static TicketWrite Rejected(int status, string detail) => new(null, status, detail, null);

    public static TicketWrite Invalid(string field, string message) => new(null, StatusCodes.Status400BadRequest, message, field);

    /// <summary>
    /// Runs <paramref name="write"/> in the next batch on ticket <paramref name="number"/> as the caller sees it; a ticket
    /// the caller may not see answers 404 without running the write.
    /// </summary>
    public static Task<TicketWrite> OnTicketAsync(
        GroupCommitter writer, Caller caller, string? onBehalfOf, long number, Func<WriteScope, Ticket, Task<TicketWrite>> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(write);
        return writer.ExecuteAsync(async scope =>
        {
            var ticket = await TicketAccess.Visible(scope.Db, caller, onBehalfOf).FirstOrDefaultAsync(t => t.Number == number, scope.CancellationToken);
            return ticket is null ? NotFound : await write(scope, ticket);
        }, cancellationToken);
    }

    public IResult ToResult<T>(Func<T, IResult> onSuccess)
    {
        ArgumentNullException.ThrowIfNull(onSuccess);
        return Status switch
        {
            StatusCodes.Status200OK => onSuccess((T)Value!),
            StatusCodes.Status404NotFound => Problems.NotFound("ticket"),
            StatusCodes.Status400BadRequest => Problems.Validation(new() { [Field!] = [Detail!] }),
            _ => Problems.Status(Status, Status == StatusCodes.Status409Conflict ? "Conflict" : "Rejected", Detail),
        };
    }
}
