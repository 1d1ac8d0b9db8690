using System.Security.Claims;
using Kefu.Domain.Intake;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Sla;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Features.Auth;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Tickets;

/// <summary>POST /api/v1/tickets/{number}/messages: the customer writes again (more detail, evidence, a reply).</summary>
public static class AddCustomerMessage
{
    public const int MaxAttachmentsPerMessage = 10;

    public sealed record Request(string? Body, IReadOnlyList<Guid>? AttachmentIds, string? ExternalId);

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/{number:long}/messages", HandleAsync)
            .RequireAuthorization(KefuPolicies.Integration)
            .WithName("AddCustomerMessage")
            .WithSummary("Add a customer message to a ticket")
            .WithDescription("A message with an externalId already stored on this ticket is not stored twice; the first copy is returned.")
            .Accepts<Request>("application/json")
            .Produces<MessageView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    internal static async Task<IResult> HandleAsync(
        long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var sla = (await catalogs.GetAsync(caller.WorkspaceId, cancellationToken)).Sla;
        var body = await JsonBody.ReadAsync<Request>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        var errors = new FieldErrors();
        var text = errors.Required("body", request.Body, Message.MaxBodyLength);
        var externalId = errors.Optional("externalId", request.ExternalId, 255);
        var attachmentIds = request.AttachmentIds ?? [];
        if (attachmentIds.Count > MaxAttachmentsPerMessage)
        {
            errors.Add("attachmentIds", $"at most {MaxAttachmentsPerMessage} attachments per message");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var onBehalfOf = TicketAccess.OnBehalfOf(httpRequest);
        var outcome = await TicketWrite.OnTicketAsync(writer, caller, onBehalfOf, number,
            (scope, ticket) => WriteAsync(scope, ticket, text!, externalId, attachmentIds, sla, time), cancellationToken);

        return outcome.ToResult<MessageView>(view => TypedResults.Created($"{TicketViews.Url(number)}#message-{view.Id}", view));
    }

    /// <summary>
    /// Appends a customer message to a ticket inside a write: the one path for customer messages from every channel.
    /// A message whose <paramref name="externalId"/> is already stored on the ticket is answered with the stored copy.
    /// </summary>
    public static async Task<TicketWrite> WriteAsync(
        WriteScope scope, Ticket ticket, string text, string? externalId, IReadOnlyList<Guid> attachmentIds, SlaBook sla, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(time);
        var (db, ct) = (scope.Db, scope.CancellationToken);

        if (externalId is not null)
        {
            var earlier = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.WorkspaceId == ticket.WorkspaceId && m.ExternalId == externalId, ct);
            if (earlier is not null)
            {
                return earlier.TicketId == ticket.Id
                    ? TicketWrite.Done(await MessageWriting.ViewAsync(db, ticket.Number, earlier, null, ct))
                    : TicketWrite.Rejected(StatusCodes.Status409Conflict, "That externalId belongs to a message on another ticket.");
            }
        }

        if (ticket.Status == TicketStatus.Closed)
        {
            return TicketWrite.Rejected(StatusCodes.Status409Conflict, "The ticket is closed; open a new ticket instead.");
        }

        var now = time.GetUtcNow();
        var before = ticket.Status;
        ticket.ReceiveCustomerMessage(now);
        var customer = await db.Customers.AsNoTracking().FirstAsync(c => c.Id == ticket.CustomerId, ct);
        var appended = await MessageWriting.AppendAsync(db, ticket, now, new MessageDraft(
            MessageDirection.Inbound, MessageVisibility.Public, AuthorKind.Customer, null, null, text, externalId, attachmentIds), ct);
        if (appended is null)
        {
            return TicketWrite.Invalid("attachmentIds", "must name attachments uploaded to this ticket and not yet sent");
        }

        MessageWriting.Audit(db, ticket, now, AuditKinds.CustomerMessage, AuthorKind.Customer, customer.Id, customer.Name, isPublic: true,
            MessageWriting.MessageData(appended.Message));
        MessageWriting.AuditStatusChange(db, ticket, before, now, AuthorKind.Customer, customer.Id, customer.Name);
        await TicketSla.OnCustomerMessageAsync(db, ticket, sla, now, ct);
        return TicketWrite.Done(await MessageWriting.ViewAsync(db, ticket.Number, appended.Message, appended.Attachments, ct));
    }
}
