using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Kefu.Domain.Agents;
using Kefu.Domain.Intake;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Sla;

/// <summary>The customer's side of the clock (nudge, ask for a supervisor) and the agent's (promise a reply time).</summary>
public static class TicketSlaEndpoints
{
    public const int MaxReasonLength = 500;
    public static readonly TimeSpan LongestPromise = TimeSpan.FromDays(90);

    public sealed record NudgeRequest(string? Message);

    public sealed record NudgeResponse(string Outcome, string? Metric, DateTimeOffset? DueAt, int EscalationLevel, int NudgeCount);

    public sealed record PromiseRequest(string? DueAt, double? WithinHours, string? Note);

    public sealed record PromiseView(DateTimeOffset DueAt, string AgentNumber, string? Note, DateTimeOffset MadeAt);

    public sealed record EscalationRequest(string? Reason);

    public static void Map(RouteGroupBuilder tickets)
    {
        tickets.MapPost("/{number:long}/nudge", NudgeAsync)
            .RequireAuthorization(KefuPolicies.Integration).WithName("NudgeTicket")
            .WithSummary("The customer says there is still no answer (催单)")
            .WithDescription("If a promised or SLA time has passed the ticket escalates at once (outcome 'escalated'); otherwise the answer carries the deadline (outcome 'notYetDue'). One nudge per ticket per 10 minutes; more get 429 with Retry-After.")
            .Accepts<NudgeRequest>("application/json").Produces<NudgeResponse>().ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapPost("/{number:long}/promises", PromiseAsync)
            .RequireAuthorization(KefuPolicies.Agent).WithName("PromiseReply")
            .WithSummary("Record the agent's promise to reply by a time; the customer sees it and a lapse escalates like a breach")
            .Accepts<PromiseRequest>("application/json").Produces<PromiseView>(StatusCodes.Status201Created).ProducesValidationProblem();
        tickets.MapPost("/{number:long}/escalate", RequestEscalationAsync)
            .RequireAuthorization(KefuPolicies.IntegrationOrAgent).WithName("RequestEscalation")
            .WithSummary("Ask for a supervisor (升级处理) with a reason; the ticket leaves the normal queues")
            .Accepts<EscalationRequest>("application/json").Produces<TicketSummaryView>().ProducesValidationProblem();
        tickets.MapPost("/{number:long}/escalation/resolve", ResolveEscalationAsync)
            .RequireAuthorization(KefuPolicies.Agent).WithName("ResolveEscalation")
            .WithSummary("A supervisor takes an escalated ticket back into normal work")
            .Produces<TicketSummaryView>().ProducesProblem(StatusCodes.Status403Forbidden);
    }

    internal static async Task<IResult> NudgeAsync(
        long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadOptionalAsync<NudgeRequest>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new FieldErrors();
        var message = errors.Optional("message", body.Value?.Message, MaxReasonLength);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var sla = (await catalogs.GetAsync(caller.WorkspaceId, cancellationToken)).Sla;
        var onBehalfOf = TicketAccess.OnBehalfOf(httpRequest);
        var outcome = await TicketWrite.OnTicketAsync(writer, caller, onBehalfOf, number, async (scope, ticket) =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);

            if (ticket.Status is TicketStatus.Closed or TicketStatus.Solved)
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "The ticket is solved; write a message to reopen it instead.");
            }

            var now = time.GetUtcNow();
            var clocks = await TicketSla.ClocksAsync(db, ticket.Id, ct);
            var judged = NudgeRule.Judge(ticket.LastNudgedAt, clocks, now);
            if (judged is NudgeOutcome.TooSoon tooSoon)
            {
                return TicketWrite.Done(tooSoon);
            }

            ticket.RecordNudge(now);
            var customer = await db.Customers.AsNoTracking().Where(c => c.Id == ticket.CustomerId).Select(c => new { c.Id, c.Name }).FirstAsync(ct);
            var (kind, metric, dueAt) = judged switch
            {
                NudgeOutcome.Overdue o => ("escalated", o.Metric, o.DueAt),
                NudgeOutcome.NotYetDue n => ("notYetDue", (SlaMetric?)n.Metric, (DateTimeOffset?)n.DueAt),
                _ => ("awaitingCustomer", null, null),
            };
            MessageWriting.Audit(db, ticket, now, SlaAuditKinds.Nudged, AuthorKind.Customer, customer.Id, customer.Name, isPublic: true,
                JsonSerializer.Serialize(new { outcome = kind, metric = Escalations.Camel(metric), dueAt, message, count = ticket.NudgeCount }));
            if (judged is NudgeOutcome.Overdue)
            {
                await Escalations.ApplyAsync(db, ticket, sla, new EscalationCause(EscalationTrigger.Nudge, metric, AuthorKind.Customer, customer.Id, customer.Name, new { message }), now, ct);
            }

            return TicketWrite.Done(new NudgeResponse(kind, Escalations.Camel(metric), dueAt, ticket.EscalationLevel, ticket.NudgeCount));
        }, cancellationToken);

        if (outcome.Value is NudgeOutcome.TooSoon soon)
        {
            var retryAfter = Math.Max(1, (int)Math.Ceiling((soon.RetryAt - time.GetUtcNow()).TotalSeconds));
            httpRequest.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            return Problems.Status(StatusCodes.Status429TooManyRequests, "Nudged a moment ago",
                $"This ticket was nudged less than {NudgeRule.MinInterval.TotalMinutes:0} minutes ago; the team has been told. Try again after {soon.RetryAt:O}.");
        }

        return outcome.ToResult<NudgeResponse>(TypedResults.Ok);
    }

    private static async Task<IResult> PromiseAsync(
        long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<PromiseRequest>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        var note = errors.Optional("note", request.Note, MaxReasonLength);
        DateTimeOffset? dueAt = null;
        if ((request.DueAt is null) == (request.WithinHours is null))
        {
            errors.Add("dueAt", "give either dueAt (a time) or withinHours (a number of hours), not both");
        }
        else if (request.DueAt is not null)
        {
            dueAt = TicketIntakeCheck.ParseInstant(request.DueAt, catalog.TimeZone, out var problem);
            if (problem is not null)
            {
                errors.Add("dueAt", problem);
            }
        }
        else if (request.WithinHours is { } hours)
        {
            if (!double.IsFinite(hours) || hours <= 0 || hours > LongestPromise.TotalHours)
            {
                errors.Add("withinHours", $"must be more than 0 and at most {LongestPromise.TotalHours:0}");
            }
            else
            {
                dueAt = now + TimeSpan.FromHours(hours);
            }
        }

        if (dueAt is { } due && (due <= now || due > now + LongestPromise))
        {
            errors.Add(request.DueAt is not null ? "dueAt" : "withinHours", "must lie in the future, at most 90 days ahead");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var outcome = await TicketWrite.OnTicketAsync(writer, caller, null, number, async (scope, ticket) =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);

            if (ticket.Status is TicketStatus.Closed)
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "The ticket is closed.");
            }

            var promise = await db.TicketClocks.FirstOrDefaultAsync(c => c.TicketId == ticket.Id && c.Metric == SlaMetric.Promise, ct);
            var warnAt = ticket.SlaWarnAtPercent;
            if (promise is null)
            {
                db.TicketClocks.Add(TicketClock.StartPromise(Guid.CreateVersion7(now), ticket.WorkspaceId, ticket.Id, dueAt!.Value, warnAt, now));
            }
            else
            {
                promise.Restart(dueAt!.Value - now, warnAt, BusinessCalendar.AlwaysOpen, now);
            }

            MessageWriting.Audit(db, ticket, now, SlaAuditKinds.PromiseMade, AuthorKind.Agent, caller.AgentId, caller.AgentNumber, isPublic: true,
                JsonSerializer.Serialize(new { dueAt, agentNumber = caller.AgentNumber, note }));
            return TicketWrite.Done(new PromiseView(dueAt!.Value, caller.AgentNumber!, note, now));
        }, cancellationToken);
        return outcome.ToResult<PromiseView>(view => TypedResults.Created($"{TicketViews.Url(number)}#promise", view));
    }

    private static async Task<IResult> RequestEscalationAsync(
        long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<EscalationRequest>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new FieldErrors();
        var reason = errors.Required("reason", body.Value!.Reason, MaxReasonLength);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var sla = (await catalogs.GetAsync(caller.WorkspaceId, cancellationToken)).Sla;
        var onBehalfOf = TicketAccess.OnBehalfOf(httpRequest);
        var outcome = await TicketWrite.OnTicketAsync(writer, caller, onBehalfOf, number, async (scope, ticket) =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);

            if (ticket.Status == TicketStatus.Closed)
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "The ticket is closed.");
            }

            var now = time.GetUtcNow();
            var (actorKind, actorId, actorLabel) = caller.IsAgent
                ? (AuthorKind.Agent, caller.AgentId, caller.AgentNumber)
                : (AuthorKind.Customer, (Guid?)ticket.CustomerId, await db.Customers.Where(c => c.Id == ticket.CustomerId).Select(c => c.Name).FirstAsync(ct));
            ticket.RequestSupervisor(reason!, now);
            MessageWriting.Audit(db, ticket, now, SlaAuditKinds.EscalationRequested, actorKind, actorId, actorLabel, isPublic: true, JsonSerializer.Serialize(new { reason }));
            await Escalations.ApplyAsync(db, ticket, sla, new EscalationCause(EscalationTrigger.Request, null, actorKind, actorId, actorLabel, new { reason }), now, ct);
            return TicketWrite.Done(await TicketViews.SummaryAsync(db, ticket, ct));
        }, cancellationToken);
        return outcome.ToResult<TicketSummaryView>(TypedResults.Ok);
    }

    private static async Task<IResult> ResolveEscalationAsync(long number, ClaimsPrincipal user, GroupCommitter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (!user.IsInRole(nameof(AgentRole.Supervisor)) && !user.IsInRole(nameof(AgentRole.Admin)))
        {
            return Problems.Status(StatusCodes.Status403Forbidden, "Supervisors only", "Only a supervisor or an admin takes a ticket out of escalation.");
        }

        var outcome = await TicketWrite.OnTicketAsync(writer, caller, null, number, async (scope, ticket) =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);

            var now = time.GetUtcNow();
            if (ticket.EscalatedAt is not null)
            {
                ticket.ResolveEscalation(now);
                MessageWriting.Audit(db, ticket, now, SlaAuditKinds.Escalated, AuthorKind.Agent, caller.AgentId, caller.AgentNumber, isPublic: false,
                    JsonSerializer.Serialize(new { resolvedBy = caller.AgentNumber }));
            }

            return TicketWrite.Done(await TicketViews.SummaryAsync(db, ticket, ct));
        }, cancellationToken);
        return outcome.ToResult<TicketSummaryView>(TypedResults.Ok);
    }
}
