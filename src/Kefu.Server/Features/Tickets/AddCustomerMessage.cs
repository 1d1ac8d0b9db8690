using System.Security.Claims;
using System.Text.Json;
using Kefu.Domain.Csat;
using Kefu.Domain.Customers;
using Kefu.Domain.Intake;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Channels;
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
        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
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
            (scope, ticket) => WriteAsync(scope, ticket, text!, externalId, attachmentIds, catalog, time), cancellationToken);

        // After the reopen window the message starts a new ticket; Location names it.
        var landedOn = outcome.TicketNumber ?? number;
        return outcome.ToResult<MessageView>(view => TypedResults.Created($"{TicketViews.Url(landedOn)}#message-{view.Id}", view));
    }

    /// <summary>
    /// Appends a customer message to a ticket inside a write: the one path for customer messages from every channel.
    /// A message whose <paramref name="externalId"/> is already stored on the ticket is answered with the stored copy.
    /// On a ticket solved longer ago than the reopen window, or closed, the message opens a new ticket linked to this one
    /// (the outcome's <see cref="TicketWrite.TicketNumber"/> names it); within the window it reopens the ticket.
    /// </summary>
    public static async Task<TicketWrite> WriteAsync(
        WriteScope scope, Ticket ticket, string text, string? externalId, IReadOnlyList<Guid> attachmentIds, CatalogSnapshot catalog, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(catalog);
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

        var now = time.GetUtcNow();
        var customer = await db.Customers.AsNoTracking().FirstAsync(c => c.Id == ticket.CustomerId, ct);
        if (await TargetAsync(db, ticket, now, ct) == CustomerReplyTarget.FollowOnTicket)
        {
            if (attachmentIds.Count > 0)
            {
                return TicketWrite.Invalid("attachmentIds", "this ticket is past its reopen window, so the message opens a new ticket: send it without attachments, then add them there");
            }

            var reply = new FollowOnReply(text, externalId, ticket.Channel, ticket.Channel.ToString().ToLowerInvariant());
            var (opened, first) = await OpenFollowOnAsync(scope, ticket, customer, catalog, reply, now);
            return TicketWrite.Done(await MessageWriting.ViewAsync(db, opened.Number, first, [], ct)) with { TicketNumber = opened.Number };
        }

        var before = ticket.Status;
        ticket.ReceiveCustomerMessage(now);
        var appended = await MessageWriting.AppendAsync(db, ticket, now, new MessageDraft(
            MessageDirection.Inbound, MessageVisibility.Public, AuthorKind.Customer, null, null, text, externalId, attachmentIds), ct);
        if (appended is null)
        {
            return TicketWrite.Invalid("attachmentIds", "must name attachments uploaded to this ticket and not yet sent");
        }

        MessageWriting.Audit(db, ticket, now, AuditKinds.CustomerMessage, AuthorKind.Customer, customer.Id, customer.Name, isPublic: true,
            MessageWriting.MessageData(appended.Message));
        MessageWriting.AuditStatusChange(db, ticket, before, now, AuthorKind.Customer, customer.Id, customer.Name);
        await TicketSla.OnCustomerMessageAsync(db, ticket, catalog.Sla, now, ct);
        return TicketWrite.Done(await MessageWriting.ViewAsync(db, ticket.Number, appended.Message, appended.Attachments, ct));
    }

    /// <summary>A customer's message that opens a follow-on ticket, and the channel it came by.</summary>
    public sealed record FollowOnReply(string Text, string? ExternalId, Channel Channel, string ChannelCode);

    /// <summary>
    /// Where a customer's reply to <paramref name="ticket"/> goes: the ticket itself, the ticket reopened (solved within the
    /// workspace's reopen window), or a new ticket (closed, or solved longer ago). Every channel decides with this.
    /// </summary>
    public static async Task<CustomerReplyTarget> TargetAsync(KefuDbContext db, Ticket ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        var window = ticket.Status != TicketStatus.Solved
            ? QualitySettings.DefaultReopenWindow
            : await db.QualitySettings.AsNoTracking().Where(s => s.WorkspaceId == ticket.WorkspaceId)
                .Select(s => (TimeSpan?)s.ReopenWindow).FirstOrDefaultAsync(cancellationToken) ?? QualitySettings.DefaultReopenWindow;
        return ReopenWindow.Decide(ticket.Status, ticket.SolvedAt, now, window);
    }

    /// <summary>
    /// Opens a new ticket from a reply to <paramref name="earlier"/> through the same path as <see cref="CreateTicket"/>
    /// (number, routing, SLA, timeline), keeping the earlier ticket's category, merchant and order, and links the two.
    /// </summary>
    public static async Task<(Ticket Ticket, Message Message)> OpenFollowOnAsync(
        WriteScope scope, Ticket earlier, Customer customer, CatalogSnapshot catalog, FollowOnReply reply, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(reply);
        var category = catalog.CategoryCode(earlier.CategoryId) is { } code && catalog.IsActiveCategory(code) ? code : null;
        var description = reply.Text.Length <= TicketIntakeCheck.MaxDescription ? reply.Text : reply.Text[..TicketIntakeCheck.MaxDescription];
        var intake = new CheckedIntake(
            customer.ExternalId, customer.Name, customer.Email, customer.Phone, ChannelIngest.Subject(reply.Text), description,
            category, earlier.OrderNumber, null, null, earlier.MerchantId, reply.Channel);
        var draft = CreateTicket.Prepare(earlier.WorkspaceId, intake, catalog, null, now) with { ChannelCode = reply.ChannelCode };
        var opened = await CreateTicket.OpenAsync(scope, draft, customer, reply.ExternalId);
        Link(scope, earlier, opened.Ticket, customer, now);
        return opened;
    }

    /// <summary>Records that <paramref name="opened"/> continues <paramref name="earlier"/>, on both timelines and as a link row.</summary>
    public static void Link(WriteScope scope, Ticket earlier, Ticket opened, Customer customer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(opened);
        ArgumentNullException.ThrowIfNull(customer);
        scope.Insert(new TicketLink
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = opened.WorkspaceId, TicketId = opened.Id, TicketNumber = opened.Number,
            EarlierTicketId = earlier.Id, EarlierTicketNumber = earlier.Number, CreatedAt = now,
        });
        scope.Insert(opened.Record(new TimelineEntry(
            TicketLink.FollowsKind, AuthorKind.Customer, customer.Id, customer.Name, IsPublic: true,
            JsonSerializer.Serialize(new { ticket = earlier.Number, status = MessageWriting.Camel(earlier.Status) }), now)));
        MessageWriting.Audit(scope.Db, earlier, now, TicketLink.FollowedUpKind, AuthorKind.Customer, customer.Id, customer.Name, isPublic: true,
            JsonSerializer.Serialize(new { ticket = opened.Number }));
    }
}
