using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Kefu.Domain.Customers;
using Kefu.Domain.Intake;
using Kefu.Domain.Routing;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Classification;
using Kefu.Server.Features.Routing;
using Kefu.Server.Features.Sla;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Features.Security;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kefu.Server.Features.Tickets;

/// <summary>POST /api/v1/tickets: structured intake from the host platform, idempotent by Idempotency-Key.</summary>
public static class CreateTicket
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKey = 255;

    public sealed record CustomerInput(string? ExternalId, string? Name, string? Email, string? Phone);

    public sealed record Request(
        CustomerInput? Customer,
        string? Subject,
        string? Description,
        string? Category,
        string? OrderNumber,
        string? OccurredAt,
        string? DesiredOutcome,
        string? MerchantId,
        string? Channel,
        string? Locale = null);

    public sealed record Response(long Number, TicketStatus Status, string Subject, string? Category, TicketPriority Priority, DateTimeOffset CreatedAt, string Url);

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/", HandleAsync)
            .RequireAuthorization(KefuPolicies.Integration)
            .WithIntakeRateLimits()
            .WithName("CreateTicket")
            .WithSummary("Open a ticket from structured intake")
            .WithDescription("Send an Idempotency-Key header to make retries safe: a retry with the same key and body returns the first answer and creates nothing.")
            .Accepts<Request>("application/json")
            .Produces<Response>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<IResult> HandleAsync(
        HttpRequest httpRequest,
        ClaimsPrincipal user,
        WorkspaceCatalog catalogs,
        IntentModels models,
        GroupCommitter writer,
        TimeProvider time,
        IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        string? idempotencyKey = httpRequest.Headers[IdempotencyHeader];
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > MaxIdempotencyKey))
        {
            return Problems.Validation(new() { [IdempotencyHeader] = [$"must be 1 to {MaxIdempotencyKey} characters"] });
        }

        var body = await JsonBody.ReadAsync<Request>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        return await SubmitAsync(caller.WorkspaceId, body.Value!, body.Raw, idempotencyKey, catalogs, models, writer, time, json.Value.SerializerOptions, cancellationToken);
    }

    /// <summary>
    /// Checks and opens a ticket: the one path for intake from every channel (the host platform's API, the widget ...).
    /// <paramref name="raw"/> is what an idempotency key is bound to.
    /// </summary>
    internal static async Task<IResult> SubmitAsync(
        Guid workspaceId,
        Request request,
        ReadOnlyMemory<byte> raw,
        string? idempotencyKey,
        WorkspaceCatalog catalogs,
        IntentModels models,
        GroupCommitter writer,
        TimeProvider time,
        JsonSerializerOptions jsonOptions,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalogs);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(time);
        var catalog = await catalogs.GetAsync(workspaceId, cancellationToken);
        var errors = new FieldErrors();
        var intake = TicketIntakeCheck.Check(
            new IntakeInput(
                request.Customer?.ExternalId, request.Customer?.Name, request.Customer?.Email, request.Customer?.Phone,
                request.Subject, request.Description, request.Category, request.OrderNumber, request.OccurredAt,
                request.DesiredOutcome, request.MerchantId, request.Channel),
            time.GetUtcNow(),
            catalog.IsActiveCategory,
            errors,
            catalog.TimeZone);
        if (request.Customer is null)
        {
            errors.Add("customer", "is required");
        }

        if (request.Locale is not null && CustomerLanguage.NormaliseLocale(request.Locale) is null)
        {
            errors.Add("locale", "must be a language tag such as zh-CN or en");
        }

        if (intake?.MerchantId is { } merchantId && !catalog.MerchantIds.Contains(merchantId))
        {
            errors.Add("merchantId", "is not a merchant of this workspace");
        }

        if (errors.Any || intake is null)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var requestHash = idempotencyKey is null ? "" : Convert.ToHexStringLower(SHA256.HashData(raw.Span));
        var draft = await PrepareAsync(models, workspaceId, intake, catalog, time.GetUtcNow(), cancellationToken);
        if (request.Locale is not null)
        {
            draft = draft with { Language = CustomerLanguage.Detect(TextOf(intake), request.Locale) };
        }

        var outcome = await writer.ExecuteAsync(
            scope => WriteAsync(scope, draft, idempotencyKey, requestHash, jsonOptions),
            cancellationToken,
            new BatchKey(BatchKey.Customer, workspaceId, intake.CustomerExternalId));

        return outcome switch
        {
            Outcome.Created created => TypedResults.Created(created.Response.Url, created.Response),
            Outcome.Replayed replay => new ReplayResult(replay.Record),
            _ => Problems.Status(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
                $"The {IdempotencyHeader} was already used with a different request body."),
        };
    }

    /// <summary>Everything about the new ticket that needs no database, worked out before the write queue so the serial part stays short.</summary>
    public sealed record Draft(
        Guid WorkspaceId, CheckedIntake Intake, Category? Category, Classified? Classification, SlaBook Sla, RoutingBook Routing, DateTimeOffset Now, string ChannelCode)
    {
        /// <summary>The customer's language for routing rules: from what they wrote, else the locale their client declared.</summary>
        public string? Language { get; init; }
    }

    private static string TextOf(CheckedIntake intake) => intake.Subject + "\n" + intake.Description;

    /// <summary>What the classifier said about a ticket filed without a category; the category is used only when it was confident.</summary>
    public sealed record Classified(string Label, double Confidence, bool Used, int ModelVersion);

    private static async Task<Classified?> ClassifyAsync(IntentModels models, Guid workspaceId, CheckedIntake intake, CatalogSnapshot catalog, CancellationToken cancellationToken)
    {
        if (await models.PredictAsync(workspaceId, TextOf(intake), cancellationToken) is not { } result)
        {
            return null;
        }

        var (prediction, version) = result;
        var used = prediction.IsConfident && !prediction.IsOutOfScope && catalog.IsActiveCategory(prediction.Label);
        return new Classified(prediction.Label, Math.Round(prediction.Confidence, 4), used, version);
    }

    /// <summary>Classifies (when no category was given) and settles everything the write needs; channels opening tickets use it too.</summary>
    public static async Task<Draft> PrepareAsync(IntentModels models, Guid workspaceId, CheckedIntake intake, CatalogSnapshot catalog, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intake);
        var classified = intake.CategoryCode is null ? await ClassifyAsync(models, workspaceId, intake, catalog, cancellationToken) : null;
        return Prepare(workspaceId, intake, catalog, classified, now);
    }

    /// <summary>The draft for an intake already classified (or needing no classifier); see <see cref="PrepareAsync"/>.</summary>
    public static Draft Prepare(Guid workspaceId, CheckedIntake intake, CatalogSnapshot catalog, Classified? classified, DateTimeOffset now) => new(
        workspaceId,
        intake,
        intake.CategoryCode is { } code ? catalog.CategoriesByCode[code]
            : classified is { Used: true } ? catalog.CategoriesByCode[classified.Label] : null,
        classified,
        catalog.Sla,
        catalog.Routing,
        now,
        intake.Channel.ToString().ToLowerInvariant())
    {
        Language = CustomerLanguage.Detect(TextOf(intake), null),
    };

    private static async Task<Outcome> WriteAsync(WriteScope scope, Draft draft, string? idempotencyKey, string requestHash, JsonSerializerOptions jsonOptions)
    {
        var db = scope.Db;
        var (workspaceId, intake, now) = (draft.WorkspaceId, draft.Intake, draft.Now);
        if (idempotencyKey is not null)
        {
            var earlier = await db.IdempotencyRecords.AsNoTracking()
                .FirstOrDefaultAsync(r => r.WorkspaceId == workspaceId && r.Key == idempotencyKey, scope.CancellationToken);
            if (earlier is not null)
            {
                return earlier.RequestHash == requestHash ? new Outcome.Replayed(earlier) : new Outcome.KeyReused();
            }
        }

        var customer = await FindOrCreateCustomerAsync(scope, workspaceId, intake, now);
        var (ticket, _) = await OpenAsync(scope, draft, customer, null);
        var response = new Response(ticket.Number, ticket.Status, ticket.Subject, draft.Category?.Code, ticket.Priority, now, TicketViews.Url(ticket.Number));
        if (idempotencyKey is not null)
        {
            scope.Insert(new IdempotencyRecord
            {
                WorkspaceId = workspaceId, Key = idempotencyKey, RequestHash = requestHash, StatusCode = StatusCodes.Status201Created,
                ResponseBody = JsonSerializer.Serialize(response, jsonOptions), Location = response.Url, CreatedAt = now,
            });
        }

        return new Outcome.Created(response);
    }

    /// <summary>
    /// Opens a ticket for <paramref name="customer"/> with the intake's first message: number, routing, SLA clocks and
    /// timeline. Channels that receive a first message (WeChat, webhook channels) open their tickets here as well.
    /// </summary>
    public static async Task<(Ticket Ticket, Message Message)> OpenAsync(WriteScope scope, Draft draft, Customer customer, string? messageExternalId)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(customer);
        var (workspaceId, intake, now) = (draft.WorkspaceId, draft.Intake, draft.Now);
        var number = await scope.NextTicketNumberAsync(workspaceId);
        var ticket = Ticket.Open(
            new NewTicket(
                workspaceId, customer.Id, intake.Subject, intake.Description, draft.Category?.Id,
                draft.Category?.DefaultPriority ?? TicketPriority.Normal, intake.MerchantId, draft.Category?.DefaultTeamId,
                intake.Channel, intake.OrderNumber, intake.OccurredAt, intake.DesiredOutcome),
            number,
            Guid.CreateVersion7(now),
            now);
        var conversation = new Conversation
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, TicketId = ticket.Id, CustomerId = customer.Id,
            Channel = intake.Channel, CreatedAt = now,
        };
        var routed = TicketRouting.Route(
            ticket, draft.Routing, draft.Category?.Code, draft.Classification?.Confidence, customer.Tier, intake.Subject, intake.Description, draft.Language);
        TicketSla.StartForNewTicket(scope, ticket, draft.Category?.Code, customer.Tier, draft.Sla, now);
        scope.Insert(ticket);
        scope.Insert(conversation);
        var message = new Message
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ConversationId = conversation.Id, TicketId = ticket.Id,
            Direction = MessageDirection.Inbound, Visibility = MessageVisibility.Public, AuthorKind = AuthorKind.Customer,
            Body = intake.Description, ExternalId = messageExternalId, CreatedAt = now,
        };
        scope.Insert(message);
        scope.Insert(ticket.Record(new TimelineEntry(
            AuditKinds.TicketCreated, AuthorKind.Customer, customer.Id, customer.Name, IsPublic: true,
            MessageWriting.MessageData(message, ("channel", draft.ChannelCode), ("category", intake.CategoryCode)), now)));
        if (draft.Classification is { } classified)
        {
            scope.Insert(ticket.Record(new TimelineEntry(
                ClassificationKinds.Classified, AuthorKind.Bot, null, null, IsPublic: false,
                JsonSerializer.Serialize(new { category = classified.Label, confidence = classified.Confidence, used = classified.Used, model = classified.ModelVersion }), now)));
        }

        if (routed is not null)
        {
            scope.Insert(ticket.Record(new TimelineEntry(
                TicketRouting.RoutedKind, AuthorKind.System, null, null, IsPublic: false, TicketRouting.Describe(routed), now)));
        }

        return (ticket, message);
    }

    private static async Task<Customer> FindOrCreateCustomerAsync(WriteScope scope, Guid workspaceId, CheckedIntake intake, DateTimeOffset now)
    {
        const string Kind = BatchKey.Customer;
        var db = scope.Db;
        if (!scope.TryGetShared<Customer>(Kind, workspaceId, intake.CustomerExternalId, out var customer))
        {
            customer = scope.IsKnownAbsent(Kind, workspaceId, intake.CustomerExternalId) ? null : await db.Customers
                .FirstOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.ExternalId == intake.CustomerExternalId, scope.CancellationToken);
            if (customer is null)
            {
                customer = new Customer
                {
                    Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ExternalId = intake.CustomerExternalId,
                    Name = intake.CustomerName, CreatedAt = now,
                };
                customer.AddIdentity(IdentityKind.ExternalId, intake.CustomerExternalId, () => Guid.CreateVersion7(now));
                scope.Insert(customer);
            }

            scope.Share(Kind, workspaceId, intake.CustomerExternalId, customer);
        }

        // A record an agent merged into another stands for the survivor, so new contacts land on the one timeline.
        if (customer.MergedIntoId is { } survivorId)
        {
            customer = await db.Customers.FirstAsync(c => c.Id == survivorId, scope.CancellationToken);
        }

        // Identities are read only when there may be one to add: most repeat contacts bring nothing new,
        // and a customer new in this batch has all of its identities in memory.
        if (NewContact(customer, intake) && IsStored(db, customer) && !db.Entry(customer).Collection(c => c.Identities).IsLoaded)
        {
            await db.Entry(customer).Collection(c => c.Identities).LoadAsync(scope.CancellationToken);
        }

        customer.RefreshContact(intake.CustomerName, intake.CustomerEmail, intake.CustomerPhone, () => Guid.CreateVersion7(now));
        return customer;
    }

    /// <summary>Whether the customer came from the database, rather than being new in this batch (and possibly untracked).</summary>
    private static bool IsStored(KefuDbContext db, Customer customer) =>
        db.ChangeTracker.Entries<Customer>().Any(e => ReferenceEquals(e.Entity, customer) && e.State != EntityState.Added);

    private static bool NewContact(Customer customer, CheckedIntake intake) =>
        (intake.CustomerEmail is not null && !string.Equals(customer.Email, intake.CustomerEmail, StringComparison.OrdinalIgnoreCase))
        || (intake.CustomerPhone is not null && customer.Phone != intake.CustomerPhone);

    private abstract record Outcome : IWriteOutcome
    {
        public bool KeepsChanges => this is Created;

        public sealed record Created(Response Response) : Outcome;

        public sealed record Replayed(IdempotencyRecord Record) : Outcome;

        public sealed record KeyReused : Outcome;
    }

    /// <summary>Sends back, byte for byte, the answer the first request with this key received.</summary>
    private sealed class ReplayResult(IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = record.StatusCode;
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            if (record.Location is not null)
            {
                httpContext.Response.Headers.Location = record.Location;
            }

            httpContext.Response.ContentType = "application/json; charset=utf-8";
            await httpContext.Response.WriteAsync(record.ResponseBody, httpContext.RequestAborted);
        }
    }
}
