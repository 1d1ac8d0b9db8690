using System.Security.Claims;
using System.Text.Json;
using Kefu.Domain.Calls;
using Kefu.Domain.Customers;
using Kefu.Domain.Intake;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Calls;

/// <summary>
/// The hotline log: agents record calls on a ticket (on its hash-chained timeline) or on a customer; customers ask
/// for a call-back in a time window, which agents see as a task and close by recording the call.
/// </summary>
public static class CallEndpoints
{
    public const string CallLogged = "call.logged";
    public const string CallbackRequested = "callback.requested";
    public const int MaxDurationSeconds = 24 * 60 * 60;
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public sealed record RecordCallRequest(
        CallDirection? Direction, string? PhoneNumber, string? StartedAt, int? DurationSeconds, CallOutcome? Outcome, string? Notes, Guid? CallbackId);

    public sealed record CallView(
        Guid Id, long? TicketNumber, CallDirection Direction, string PhoneNumber, DateTimeOffset StartedAt, int DurationSeconds, CallOutcome Outcome,
        string? Notes, Guid AgentId, Guid? CallbackId, DateTimeOffset CreatedAt);

    public sealed record CallbackBody(string? PhoneNumber, string? WindowStart, string? WindowEnd, string? Note);

    public sealed record CallbackView(
        Guid Id, long TicketNumber, string PhoneNumber, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, string? Note, bool Open,
        Guid? AnsweredByCallId, DateTimeOffset? AnsweredAt, DateTimeOffset CreatedAt);

    public sealed record CallsView(IReadOnlyList<CallView> Calls, IReadOnlyList<CallbackView> Callbacks);

    public static IEndpointRouteBuilder MapKefuCalls(this IEndpointRouteBuilder routes)
    {
        var tickets = routes.MapGroup("/api/v1/tickets").WithTags("Calls");
        tickets.MapPost("/{number:long}/calls", RecordOnTicketAsync).RequireAuthorization(KefuPolicies.Agent)
            .WithName("RecordTicketCall").WithSummary("Record a phone call on a ticket (closes the call-back it answers)")
            .Accepts<RecordCallRequest>("application/json").Produces<CallView>(StatusCodes.Status201Created).ProducesValidationProblem();
        tickets.MapGet("/{number:long}/calls", ListForTicketAsync).RequireAuthorization(KefuPolicies.Agent)
            .WithName("ListTicketCalls").WithSummary("A ticket's calls and call-back requests");
        tickets.MapPost("/{number:long}/callbacks", RequestCallbackAsync).RequireAuthorization(KefuPolicies.Integration)
            .WithName("RequestCallback").WithSummary("The customer asks to be called back within a time window")
            .WithDescription("windowStart must lie in the future, windowEnd within 14 days, and the window must be at least 15 minutes. "
                + "Times without an offset are the workspace's wall clock.")
            .Accepts<CallbackBody>("application/json").Produces<CallbackView>(StatusCodes.Status201Created).ProducesValidationProblem();

        routes.MapGet("/api/v1/callbacks", ListOpenCallbacksAsync).RequireAuthorization(KefuPolicies.Agent).WithTags("Calls")
            .WithName("ListOpenCallbacks").WithSummary("Call-backs still to make, earliest window first");

        var customers = routes.MapGroup("/api/v1/customers/{externalId}/calls").WithTags("Calls").RequireAuthorization(KefuPolicies.Agent);
        customers.MapPost("/", RecordOnCustomerAsync).WithName("RecordCustomerCall").WithSummary("Record a phone call with a customer, outside any ticket")
            .Accepts<RecordCallRequest>("application/json").Produces<CallView>(StatusCodes.Status201Created).ProducesValidationProblem();
        customers.MapGet("/", ListForCustomerAsync).WithName("ListCustomerCalls").WithSummary("Every call with a customer, newest first");
        return routes;
    }

    private sealed record CheckedCall(CallDirection Direction, string Phone, DateTimeOffset StartedAt, int Duration, CallOutcome Outcome, string? Notes, Guid? CallbackId);

    private static async Task<(CheckedCall? Call, IResult? Problem)> ReadCallAsync(HttpRequest httpRequest, WorkspaceCatalog catalogs, Caller caller, DateTimeOffset now)
    {
        var body = await JsonBody.ReadAsync<RecordCallRequest>(httpRequest);
        if (body.Problem is not null)
        {
            return (null, body.Problem);
        }

        var request = body.Value!;
        var zone = (await catalogs.GetAsync(caller.WorkspaceId, httpRequest.HttpContext.RequestAborted)).TimeZone;
        var errors = new FieldErrors();
        if (request.Direction is null)
        {
            errors.Add("direction", "is required: inbound or outbound");
        }

        if (request.Outcome is null)
        {
            errors.Add("outcome", "is required: answered, noAnswer, busy, voicemail or failed");
        }

        var phone = Phone(errors, "phoneNumber", request.PhoneNumber, required: true);
        var startedAt = Instant(errors, "startedAt", request.StartedAt, zone);
        if (startedAt > now + ClockSkew)
        {
            errors.Add("startedAt", "lies in the future");
        }

        if (request.DurationSeconds is not { } duration || duration < 0 || duration > MaxDurationSeconds)
        {
            errors.Add("durationSeconds", $"is required, 0 to {MaxDurationSeconds}");
        }

        var notes = errors.Optional("notes", request.Notes, CallLog.MaxNotes);
        return errors.Any
            ? (null, Problems.Validation(errors.ToDictionary()))
            : (new CheckedCall(request.Direction!.Value, phone!, startedAt!.Value, request.DurationSeconds!.Value, request.Outcome!.Value, notes, request.CallbackId), null);
    }

    private static async Task<IResult> RecordOnTicketAsync(
        long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var now = time.GetUtcNow();
        var (call, problem) = await ReadCallAsync(httpRequest, catalogs, caller, now);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await TicketWrite.OnTicketAsync(writer, caller, null, number, async (scope, ticket) =>
        {
            var db = scope.Db;
            CallbackRequest? answered = null;
            if (call!.CallbackId is { } callbackId)
            {
                answered = await db.CallbackRequests.FirstOrDefaultAsync(c => c.Id == callbackId && c.TicketId == ticket.Id, scope.CancellationToken);
                if (answered is null)
                {
                    return TicketWrite.Invalid("callbackId", "is not a call-back request of this ticket");
                }
            }

            var log = NewLog(caller, ticket.CustomerId, ticket.Id, call, now);
            db.CallLogs.Add(log);
            answered?.MarkAnswered(log.Id, now);
            MessageWriting.Audit(db, ticket, now, CallLogged, AuthorKind.Agent, caller.AgentId, caller.AgentNumber, isPublic: false, JsonSerializer.Serialize(new
            {
                call = log.Id, direction = Camel(log.Direction), phone = log.PhoneNumber, startedAt = log.StartedAt, durationSeconds = log.DurationSeconds,
                outcome = Camel(log.Outcome), notesHash = log.Notes is null ? null : TimelineChain.BodyHash(log.Notes), callback = answered?.Id,
            }));
            return TicketWrite.Done(ToView(log, ticket.Number));
        }, cancellationToken);
        return outcome.ToResult<CallView>(view => TypedResults.Created($"{TicketViews.Url(number)}/calls#{view.Id}", view));
    }

    private static async Task<IResult> RecordOnCustomerAsync(
        string externalId, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var now = time.GetUtcNow();
        var (call, problem) = await ReadCallAsync(httpRequest, catalogs, caller, now);
        if (problem is not null)
        {
            return problem;
        }

        if (call!.CallbackId is not null)
        {
            return Problems.Validation(new() { ["callbackId"] = ["call-backs belong to a ticket: record the call on the ticket"] });
        }

        var view = await writer.ExecuteAsync(async scope =>
        {
            var customer = await CustomerOf(scope.Db, caller, externalId, scope.CancellationToken);
            if (customer is null)
            {
                return null;
            }

            var log = NewLog(caller, customer.Value, null, call, now);
            scope.Db.CallLogs.Add(log);
            return ToView(log, null);
        }, cancellationToken);
        return view is null ? Problems.NotFound("customer") : TypedResults.Created($"/api/v1/customers/{Uri.EscapeDataString(externalId)}/calls#{view.Id}", view);
    }

    private static async Task<IResult> RequestCallbackAsync(
        long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<CallbackBody>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        var zone = (await catalogs.GetAsync(caller.WorkspaceId, cancellationToken)).TimeZone;
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        var phone = Phone(errors, "phoneNumber", request.PhoneNumber, required: false);
        var start = Instant(errors, "windowStart", request.WindowStart, zone);
        var end = Instant(errors, "windowEnd", request.WindowEnd, zone);
        var note = errors.Optional("note", request.Note, CallbackRequest.MaxNote);
        if (start is not null && end is not null && CallbackWindow.Check(start.Value, end.Value, now) is { } wrong)
        {
            errors.Add(wrong.Field, wrong.Problem);
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var outcome = await TicketWrite.OnTicketAsync(writer, caller, TicketAccess.OnBehalfOf(httpRequest), number, async (scope, ticket) =>
        {
            var db = scope.Db;
            if (ticket.Status == TicketStatus.Closed)
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "The ticket is closed; open a new ticket instead.");
            }

            var customer = await db.Customers.AsNoTracking().FirstAsync(c => c.Id == ticket.CustomerId, scope.CancellationToken);
            if ((phone ?? customer.Phone) is not { } callTo)
            {
                return TicketWrite.Invalid("phoneNumber", "is required: the customer has no phone number on record");
            }

            var callback = new CallbackRequest
            {
                Id = Guid.CreateVersion7(now), WorkspaceId = ticket.WorkspaceId, CustomerId = ticket.CustomerId, TicketId = ticket.Id, PhoneNumber = callTo,
                WindowStart = start!.Value, WindowEnd = end!.Value, Note = note, CreatedAt = now,
            };
            db.CallbackRequests.Add(callback);
            MessageWriting.Audit(db, ticket, now, CallbackRequested, AuthorKind.Customer, customer.Id, customer.Name, isPublic: true,
                JsonSerializer.Serialize(new { callback = callback.Id, phone = callTo, windowStart = callback.WindowStart, windowEnd = callback.WindowEnd }));
            return TicketWrite.Done(ToView(callback, ticket.Number));
        }, cancellationToken);
        return outcome.ToResult<CallbackView>(view => TypedResults.Created($"{TicketViews.Url(number)}/calls#{view.Id}", view));
    }

    private static async Task<IResult> ListForTicketAsync(long number, ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var ticketId = await TicketAccess.Visible(db, caller, null).Where(t => t.Number == number).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
        if (ticketId is null)
        {
            return Problems.NotFound("ticket");
        }

        var calls = await db.CallLogs.AsNoTracking().Where(c => c.TicketId == ticketId).OrderByDescending(c => c.StartedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var callbacks = await db.CallbackRequests.AsNoTracking().Where(c => c.TicketId == ticketId).OrderBy(c => c.WindowStart).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new CallsView([.. calls.Select(c => ToView(c, number))], [.. callbacks.Select(c => ToView(c, number))]));
    }

    private static async Task<IResult> ListForCustomerAsync(string externalId, ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (await CustomerOf(db, caller, externalId, cancellationToken) is not { } customerId)
        {
            return Problems.NotFound("customer");
        }

        var calls = await db.CallLogs.AsNoTracking().Where(c => c.CustomerId == customerId)
            .OrderByDescending(c => c.StartedAt).ThenBy(c => c.Id).Take(500).ToListAsync(cancellationToken);
        var callbacks = await db.CallbackRequests.AsNoTracking().Where(c => c.CustomerId == customerId)
            .OrderBy(c => c.WindowStart).ThenBy(c => c.Id).Take(500).ToListAsync(cancellationToken);
        var ticketIds = calls.Where(c => c.TicketId is not null).Select(c => c.TicketId!.Value).Concat(callbacks.Select(c => c.TicketId)).Distinct().ToList();
        var numbers = await db.Tickets.Where(t => ticketIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Number, cancellationToken);
        return TypedResults.Ok(new CallsView(
            [.. calls.Select(c => ToView(c, c.TicketId is { } id ? numbers[id] : null))],
            [.. callbacks.Select(c => ToView(c, numbers[c.TicketId]))]));
    }

    private static async Task<IResult> ListOpenCallbacksAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var open = await db.CallbackRequests.AsNoTracking()
            .Where(c => c.WorkspaceId == caller.WorkspaceId && c.AnsweredAt == null)
            .Join(TicketAccess.Visible(db, caller, null), c => c.TicketId, t => t.Id, (c, t) => new { Callback = c, t.Number })
            .OrderBy(x => x.Callback.WindowStart).ThenBy(x => x.Callback.Id).Take(200)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(open.Select(x => ToView(x.Callback, x.Number)).ToList());
    }

    /// <summary>
    /// The customer an agent may act on: customers belong to the whole workspace, so a merchant's own agent reaches none
    /// by external id. A customer merged into another stands for the survivor.
    /// </summary>
    internal static async Task<Guid?> CustomerOf(KefuDbContext db, Caller caller, string externalId, CancellationToken cancellationToken)
    {
        if (caller.MerchantId is not null || externalId.Length > TicketIntakeCheck.MaxExternalId)
        {
            return null;
        }

        var found = await db.Customers.AsNoTracking().Where(c => c.WorkspaceId == caller.WorkspaceId && c.ExternalId == externalId)
            .Select(c => new { c.Id, c.MergedIntoId }).FirstOrDefaultAsync(cancellationToken);
        return found?.MergedIntoId ?? found?.Id;
    }

    private static CallLog NewLog(Caller caller, Guid customerId, Guid? ticketId, CheckedCall call, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now), WorkspaceId = caller.WorkspaceId, CustomerId = customerId, TicketId = ticketId, AgentId = caller.AgentId!.Value,
        Direction = call.Direction, PhoneNumber = call.Phone, StartedAt = call.StartedAt, DurationSeconds = call.Duration, Outcome = call.Outcome,
        Notes = call.Notes, CallbackRequestId = call.CallbackId, CreatedAt = now,
    };

    private static string? Phone(FieldErrors errors, string field, string? value, bool required)
    {
        var phone = required ? errors.Required(field, value, TicketIntakeCheck.MaxPhone) : errors.Optional(field, value, TicketIntakeCheck.MaxPhone);
        if (phone is not null && !ContactRules.IsPhone(phone))
        {
            errors.Add(field, "is not a phone number");
            return null;
        }

        return phone;
    }

    private static DateTimeOffset? Instant(FieldErrors errors, string field, string? value, TimeZoneInfo zone)
    {
        var text = errors.Required(field, value, 40);
        if (text is null)
        {
            return null;
        }

        var instant = TicketIntakeCheck.ParseInstant(text, zone, out var problem);
        if (instant is null)
        {
            errors.Add(field, problem!);
        }

        return instant;
    }

    private static string Camel<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private static CallView ToView(CallLog c, long? ticketNumber) =>
        new(c.Id, ticketNumber, c.Direction, c.PhoneNumber, c.StartedAt, c.DurationSeconds, c.Outcome, c.Notes, c.AgentId, c.CallbackRequestId, c.CreatedAt);

    private static CallbackView ToView(CallbackRequest c, long ticketNumber) =>
        new(c.Id, ticketNumber, c.PhoneNumber, c.WindowStart, c.WindowEnd, c.Note, c.IsOpen, c.AnsweredByCallId, c.AnsweredAt, c.CreatedAt);
}
