using System.Security.Claims;
using System.Text.Json;
using Kefu.Domain.Intake.Facts;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Classification;
using Kefu.Server.Features.Customers;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kefu.Server.Features.Chat;

/// <summary>
/// /api/v1/widget: the customer's own API (widget and in-app), with a customer session's Bearer token. A customer
/// sees only their own tickets; any other number answers 404. Attachments go through the tickets' attachment routes,
/// which customer sessions may use on their own tickets.
/// </summary>
public static class CustomerChatEndpoints
{
    public sealed record NewTicketRequest(
        string? Category, string? Subject, string? Description, string? OrderNumber, string? OccurredAt, string? DesiredOutcome, string? ClientMessageId, string? Locale = null);

    public sealed record SendRequest(string? ClientMessageId, string? Body, IReadOnlyList<Guid>? AttachmentIds);

    public sealed record ReadRequest(Guid? MessageId);

    public sealed record PreChatField(string Name, bool Asked);

    public sealed record CategoryView(string Code, string NameZh, string NameEn, IReadOnlyList<PreChatField> Fields);

    public sealed record MyTicketView(long Number, string Subject, TicketStatus Status, string? Category, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    public static void Map(IEndpointRouteBuilder routes)
    {
        var widget = routes.MapGroup("/api/v1/widget").WithTags("Widget");
        WidgetSessions.Map(widget);
        widget.MapGet("/availability", ChatAvailability.HandleAsync).RequireAuthorization(KefuPolicies.Customer)
            .WithName("WidgetAvailability").WithSummary("Whether anyone is on duty now, and by when a first reply is expected");
        widget.MapGet("/categories", CategoriesAsync).RequireAuthorization(KefuPolicies.Customer)
            .WithName("WidgetCategories").WithSummary("Categories for the pre-chat form, with the fields each asks for");
        widget.MapGet("/tickets", MyTicketsAsync).RequireAuthorization(KefuPolicies.Customer)
            .WithName("MyTickets").WithSummary("The customer's own tickets, newest first");
        widget.MapPost("/tickets", CreateAsync).RequireAuthorization(KefuPolicies.Customer)
            .WithName("OpenMyTicket").WithSummary("Open a ticket from the pre-chat form (or the first message)")
            .WithDescription("Goes through the same intake as POST /api/v1/tickets. A clientMessageId makes a retry return the first answer.")
            .Accepts<NewTicketRequest>("application/json").Produces<CreateTicket.Response>(StatusCodes.Status201Created).ProducesValidationProblem();
        widget.MapGet("/tickets/{number:long}", StateAsync).RequireAuthorization(KefuPolicies.Customer)
            .WithName("MyTicketState").WithSummary("A ticket's status, agent (name and 工号), queue place, expected wait and promised reply time")
            .Produces<ChatTicketState>().ProducesProblem(StatusCodes.Status404NotFound);
        widget.MapGet("/tickets/{number:long}/messages", MessagesAsync).RequireAuthorization(KefuPolicies.Customer)
            .WithName("MyTicketMessages").WithSummary("Public messages after a message id (the whole thread without one), oldest first")
            .Produces<IReadOnlyList<MessageView>>().ProducesProblem(StatusCodes.Status404NotFound);
        widget.MapPost("/tickets/{number:long}/messages", SendAsync).RequireAuthorization(KefuPolicies.Customer)
            .WithName("SendMyMessage").WithSummary("Send a message; the same clientMessageId is stored once")
            .Accepts<SendRequest>("application/json").Produces<MessageView>(StatusCodes.Status201Created).ProducesValidationProblem();
        widget.MapPost("/tickets/{number:long}/read", ReadAsync).RequireAuthorization(KefuPolicies.Customer)
            .WithName("MarkMyTicketRead").WithSummary("Mark the thread read up to a message")
            .Accepts<ReadRequest>("application/json").Produces<ChatReadEvent>().ProducesValidationProblem();
    }

    private static async Task<Ok<List<CategoryView>>> CategoriesAsync(ClaimsPrincipal user, WorkspaceCatalog catalogs, CancellationToken cancellationToken)
    {
        var catalog = await catalogs.GetAsync(Caller.From(user).WorkspaceId, cancellationToken);
        return TypedResults.Ok(catalog.CategoriesByCode.Values.Where(c => c.IsActive).OrderBy(c => c.Code, StringComparer.Ordinal)
            .Select(c => new CategoryView(c.Code, c.NameZh, c.NameEn, PreChatFields(c.Code))).ToList());
    }

    /// <summary>The form asks for what agents need for the category (the intake fact table), and always offers outcome and evidence.</summary>
    private static List<PreChatField> PreChatFields(string category)
    {
        var needed = FactRequirements.Default.For(category).SelectMany(r => r.AlsoAccepted.Prepend(r.Kind)).ToHashSet();
        return
        [
            new("orderNumber", needed.Overlaps([FactKind.OrderNumber, FactKind.TransactionNumber, FactKind.TrackingNumber, FactKind.TaskNumber])),
            new("occurredAt", needed.Contains(FactKind.Date)),
            new("desiredOutcome", true),
            new("evidence", true),
        ];
    }

    private static async Task<Ok<List<MyTicketView>>> MyTicketsAsync(ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var tickets = await TicketAccess.Visible(db, caller, null).AsNoTracking().OrderByDescending(t => t.CreatedAt).Take(Paging.MaxPageSize)
            .Select(t => new { t.Number, t.Subject, t.Status, t.CategoryId, t.CreatedAt, t.UpdatedAt }).ToListAsync(cancellationToken);
        return TypedResults.Ok(tickets.Select(t => new MyTicketView(t.Number, t.Subject, t.Status, catalog.CategoryCode(t.CategoryId), t.CreatedAt, t.UpdatedAt)).ToList());
    }

    private static async Task<IResult> CreateAsync(
        HttpRequest httpRequest, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, IntentModels models, GroupCommitter writer,
        TimeProvider time, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<NewTicketRequest>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        if (request.ClientMessageId is not null && !CustomerChat.IsClientMessageId(request.ClientMessageId))
        {
            return Problems.Validation(new() { ["clientMessageId"] = ["must be 8 to 64 letters, digits, '-' or '_'"] });
        }

        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == caller.CustomerId)
            .Select(c => new CreateTicket.CustomerInput(c.ExternalId, c.Name, null, null)).FirstOrDefaultAsync(cancellationToken);
        if (customer is null)
        {
            return Problems.Status(StatusCodes.Status401Unauthorized, "Unauthorized", "The session's customer no longer exists.");
        }

        var intake = new CreateTicket.Request(
            customer, request.Subject ?? SubjectOf(request.Description), request.Description, request.Category, request.OrderNumber,
            request.OccurredAt, request.DesiredOutcome, MerchantId: null, Channel: nameof(Channel.Web).ToLowerInvariant(),
            Locale: request.Locale);
        var idempotencyKey = request.ClientMessageId is null ? null : $"{CustomerChat.ExternalIdPrefix}{caller.CustomerId:N}:{request.ClientMessageId}";
        var result = await CreateTicket.SubmitAsync(
            caller.WorkspaceId, intake, JsonSerializer.SerializeToUtf8Bytes(intake, json.Value.SerializerOptions), idempotencyKey,
            catalogs, models, writer, time, json.Value.SerializerOptions, cancellationToken);
        return result is Created<CreateTicket.Response> created
            ? TypedResults.Created($"/api/v1/widget/tickets/{created.Value!.Number}", created.Value)
            : result;
    }

    /// <summary>A first message typed without the form becomes the subject too, cut at its first line.</summary>
    private static string? SubjectOf(string? description)
    {
        var firstLine = description?.Trim().Split('\n', 2)[0].Trim();
        return string.IsNullOrEmpty(firstLine) ? null : firstLine.Length <= 60 ? firstLine : firstLine[..60] + "…";
    }

    private static async Task<IResult> StateAsync(long number, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var ticket = await TicketAccess.Visible(db, caller, null).AsNoTracking().FirstOrDefaultAsync(t => t.Number == number, cancellationToken);
        if (ticket is null)
        {
            return Problems.NotFound("ticket");
        }

        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        return TypedResults.Ok(await CustomerChat.StateAsync(db, ticket, catalog, time.GetUtcNow(), cancellationToken));
    }

    private static async Task<IResult> MessagesAsync(long number, Guid? after, int? limit, ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > CustomerChat.MaxPage)
        {
            return Problems.Validation(new() { ["limit"] = [$"must be between 1 and {CustomerChat.MaxPage}"] });
        }

        var messages = await CustomerChat.MessagesAfterAsync(db, Caller.From(user), number, after, limit ?? 50, cancellationToken);
        return messages is null ? Problems.NotFound("ticket") : TypedResults.Ok(messages);
    }

    private static async Task<IResult> SendAsync(
        long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<SendRequest>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        var outcome = await CustomerChat.SendAsync(writer, catalogs, time, Caller.From(user), number, request.ClientMessageId, request.Body, request.AttachmentIds, cancellationToken);
        return outcome.ToResult<MessageView>(view => TypedResults.Created($"/api/v1/widget/tickets/{number}/messages#{view.Id}", view));
    }

    private static async Task<IResult> ReadAsync(long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ReadRequest>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (body.Value!.MessageId is not { } messageId)
        {
            return Problems.Validation(new() { ["messageId"] = ["is required"] });
        }

        var outcome = await CustomerChat.MarkReadAsync(writer, time, Caller.From(user), number, messageId, cancellationToken);
        return outcome.ToResult<ChatReadEvent>(TypedResults.Ok);
    }
}
