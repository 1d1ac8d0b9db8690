using System.Security.Claims;
using System.Text.Json;
using Kefu.Domain.Agents;
using Kefu.Domain.Intake;
using Kefu.Domain.Notifications;
using Kefu.Domain.Routing;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Sla;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Routing;

/// <summary>
/// The urgent lane (加急): a customer asks with a reason; the workspace's lane rules (by default: money and account
/// emergencies) approve some at once, a supervisor decides the rest. Approved work goes first in the queue at the highest priority and under the tightest
/// SLA policy that covers urgent work.
/// </summary>
public static class UrgentLane
{
    public const string RequestedKind = "urgent.requested";
    public const string DecidedKind = "urgent.decided";

    public sealed record UrgentRequestBody(UrgentReasonKind? ReasonKind, string? Reason);

    public sealed record DecisionBody(string? Note);

    public sealed record LaneView(IReadOnlyList<UrgentLaneRule> Rules, bool IsDefault);

    public sealed record LaneBody(IReadOnlyList<UrgentLaneRule>? Rules);

    public sealed record UrgentView(UrgentRequestStatus Status, UrgentReasonKind ReasonKind, string? ApprovedByRule, string? Note, DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt);

    public static void Map(RouteGroupBuilder tickets)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        tickets.MapPost("/{number:long}/urgent", RequestAsync).RequireAuthorization(KefuPolicies.Integration).WithName("RequestUrgent")
            .WithSummary("The customer asks for urgent handling (加急) with a reason; rules approve some kinds at once, a supervisor the rest")
            .Accepts<UrgentRequestBody>("application/json").Produces<UrgentView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapPost("/{number:long}/urgent/approve", (long number, HttpRequest r, ClaimsPrincipal u, GroupCommitter w, WorkspaceCatalog c, TimeProvider t, CancellationToken ct) =>
                DecideAsync(number, r, u, w, c, t, approve: true, ct))
            .RequireAuthorization(KefuPolicies.Agent).WithName("ApproveUrgent").WithSummary("A supervisor approves the urgent request")
            .Accepts<DecisionBody>("application/json").Produces<UrgentView>().ProducesProblem(StatusCodes.Status403Forbidden);
        tickets.MapPost("/{number:long}/urgent/reject", (long number, HttpRequest r, ClaimsPrincipal u, GroupCommitter w, WorkspaceCatalog c, TimeProvider t, CancellationToken ct) =>
                DecideAsync(number, r, u, w, c, t, approve: false, ct))
            .RequireAuthorization(KefuPolicies.Agent).WithName("RejectUrgent").WithSummary("A supervisor rejects the urgent request, with a note the customer sees")
            .Accepts<DecisionBody>("application/json").Produces<UrgentView>().ProducesProblem(StatusCodes.Status403Forbidden);
    }

    /// <summary>The admin's side: which reasons the lane approves by itself, and which wait for a supervisor.</summary>
    public static void MapAdmin(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/urgent-lane", GetLaneAsync).WithName("GetUrgentLane")
            .WithSummary("The urgent-lane rules: requests a rule covers are approved at once, the rest wait for a supervisor").Produces<LaneView>();
        admin.MapPut("/urgent-lane", PutLaneAsync).WithName("PutUrgentLane")
            .WithSummary("Replace the urgent-lane rules (an empty list sends every request to a supervisor)")
            .Accepts<LaneBody>("application/json").ProducesValidationProblem();
        admin.MapDelete("/urgent-lane", ResetLaneAsync).WithName("ResetUrgentLane").WithSummary("Go back to the built-in urgent-lane rules");
    }

    public static UrgentView ToView(UrgentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new UrgentView(request.Status, request.ReasonKind, request.ApprovedByRule, request.DecisionNote, request.RequestedAt, request.DecidedAt);
    }

    private static async Task<IResult> RequestAsync(
        long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<UrgentRequestBody>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new FieldErrors();
        var reason = errors.Required("reason", body.Value!.Reason, UrgentRequest.MaxReasonLength);
        if (body.Value.ReasonKind is not { } kind || !Enum.IsDefined(kind))
        {
            errors.Add("reasonKind", "must be one of: " + string.Join(", ", Enum.GetValues<UrgentReasonKind>().Select(k => JsonNamingPolicy.CamelCase.ConvertName(k.ToString()))));
            kind = default;
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var onBehalfOf = TicketAccess.OnBehalfOf(httpRequest);
        var outcome = await TicketWrite.OnTicketAsync(writer, caller, onBehalfOf, number, async (scope, ticket) =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);

            if (ticket.Status is TicketStatus.Closed or TicketStatus.Solved)
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "The ticket is finished.");
            }

            if (await db.UrgentRequests.AnyAsync(r => r.ItemId == ticket.Id, ct))
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "This ticket already has an urgent request; a decision is final.");
            }

            var now = time.GetUtcNow();
            var customer = await db.Customers.AsNoTracking().Where(c => c.Id == ticket.CustomerId).Select(c => new { c.Id, c.Name, c.Tier }).FirstAsync(ct);
            var category = catalog.CategoryCode(ticket.CategoryId);
            var request = UrgentRequest.Submit(Guid.CreateVersion7(now), ticket.Id, kind, reason!, new UrgentContext(category, customer.Tier), catalog.Routing.UrgentLane, now);
            db.UrgentRequests.Add(request);
            MessageWriting.Audit(db, ticket, now, RequestedKind, AuthorKind.Customer, customer.Id, customer.Name, isPublic: true,
                JsonSerializer.Serialize(new { reasonKind = JsonNamingPolicy.CamelCase.ConvertName(kind.ToString()), reason, status = JsonNamingPolicy.CamelCase.ConvertName(request.Status.ToString()), rule = request.ApprovedByRule }));
            if (request.Status == UrgentRequestStatus.Approved)
            {
                await ApplyAsync(db, ticket, category, customer.Tier, catalog.Sla, now, ct);
            }
            else
            {
                await Escalations.NotifySupervisorsAsync(db, ticket, NotificationKinds.EscalationRequested, new { trigger = "urgent", reason }, now, ct);
            }

            return TicketWrite.Done(ToView(request));
        }, cancellationToken);
        return outcome.ToResult<UrgentView>(view => TypedResults.Created($"{TicketViews.Url(number)}#urgent", view));
    }

    private static async Task<IResult> DecideAsync(
        long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, bool approve, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadOptionalAsync<DecisionBody>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (caller.Role is not (AgentRole.Supervisor or AgentRole.Admin))
        {
            return Problems.Status(StatusCodes.Status403Forbidden, "Supervisors only", "Only a supervisor or an admin decides urgent requests.");
        }

        var errors = new FieldErrors();
        var note = errors.Optional("note", body.Value?.Note, UrgentRequest.MaxReasonLength);
        if (!approve && string.IsNullOrWhiteSpace(note))
        {
            errors.Add("note", "a rejection tells the customer why");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var outcome = await writer.ExecuteAsync(async scope =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);
            var ticket = await TicketAccess.Visible(db, caller, null).FirstOrDefaultAsync(t => t.Number == number, ct);
            var request = ticket is null ? null : await db.UrgentRequests.FirstOrDefaultAsync(r => r.ItemId == ticket.Id, ct);
            if (ticket is null || request is null)
            {
                return TicketWrite.NotFound;
            }

            if (request.Status != UrgentRequestStatus.Requested)
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "The urgent request is decided already; a decision is final.");
            }

            var now = time.GetUtcNow();
            if (approve)
            {
                request.Approve(caller.AgentId!.Value, now, note);
                var tier = await db.Customers.Where(c => c.Id == ticket.CustomerId).Select(c => c.Tier).FirstAsync(ct);
                await ApplyAsync(db, ticket, catalog.CategoryCode(ticket.CategoryId), tier, catalog.Sla, now, ct);
            }
            else
            {
                request.Reject(caller.AgentId!.Value, now, note!);
            }

            MessageWriting.Audit(db, ticket, now, DecidedKind, AuthorKind.Agent, caller.AgentId, caller.AgentNumber, isPublic: true,
                JsonSerializer.Serialize(new { status = JsonNamingPolicy.CamelCase.ConvertName(request.Status.ToString()), note }));
            return TicketWrite.Done(ToView(request));
        }, cancellationToken);
        return outcome.ToResult<UrgentView>(TypedResults.Ok);
    }

    private static async Task<IResult> GetLaneAsync(ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var isDefault = !await db.UrgentLanes.AnyAsync(l => l.WorkspaceId == caller.WorkspaceId, cancellationToken);
        var lane = (await catalogs.GetAsync(caller.WorkspaceId, cancellationToken)).Routing.UrgentLane;
        return TypedResults.Ok(new LaneView(lane.Rules, isDefault));
    }

    private static async Task<IResult> PutLaneAsync(HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<LaneBody>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var rules = body.Value!.Rules ?? [];
        var errors = new FieldErrors();
        if (rules.Count > UrgentLanePolicy.MaxRules)
        {
            errors.Add("rules", $"at most {UrgentLanePolicy.MaxRules} rules");
        }

        for (var i = 0; i < rules.Count && i < UrgentLanePolicy.MaxRules; i++)
        {
            var rule = rules[i];
            if (rule is null || rule.ReasonKinds is null || rule.CategoryCodes is null || rule.CategoryCodes.Contains(null!))
            {
                errors.Add($"rules[{i}]", "must be a rule object whose lists are arrays without nulls");
                continue;
            }

            if (string.IsNullOrWhiteSpace(rule.Name) || rule.Name.Length > 100)
            {
                errors.Add($"rules[{i}].name", "is required, at most 100 characters");
            }

            if (rule.ReasonKinds.Any(kind => !Enum.IsDefined(kind)))
            {
                errors.Add($"rules[{i}].reasonKinds", "must be among: " + string.Join(", ", Enum.GetValues<UrgentReasonKind>().Select(k => JsonNamingPolicy.CamelCase.ConvertName(k.ToString()))));
            }

            foreach (var code in rule.CategoryCodes.Where(c => !catalog.CategoriesByCode.ContainsKey(c)))
            {
                errors.Add($"rules[{i}].categoryCodes", $"'{code}' is not a category of this workspace");
            }

            if (rule.MinimumVipLevel is < 0 or > 100)
            {
                errors.Add($"rules[{i}].minimumVipLevel", "must be between 0 and 100");
            }

            if (rule is { ReasonKinds.Count: 0, CategoryCodes.Count: 0, MinimumVipLevel: null })
            {
                errors.Add($"rules[{i}]", "sets no condition and would approve every request; name reason kinds, categories or a VIP level");
            }
        }

        if (!errors.Any)
        {
            try
            {
                _ = new UrgentLanePolicy(rules);
            }
            catch (ArgumentException ex)
            {
                errors.Add("rules", ex.Message);
            }
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var stored = rules.Select(r => r with { Name = r.Name.Trim() }).ToList();
        var lane = await db.UrgentLanes.FirstOrDefaultAsync(l => l.WorkspaceId == caller.WorkspaceId, cancellationToken);
        if (lane is null)
        {
            db.UrgentLanes.Add(new WorkspaceUrgentLane { WorkspaceId = caller.WorkspaceId, Rules = stored });
        }
        else
        {
            lane.Rules = stored;
        }

        await db.SaveChangesAsync(cancellationToken);
        catalogs.Invalidate(caller.WorkspaceId);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ResetLaneAsync(ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await db.UrgentLanes.Where(l => l.WorkspaceId == caller.WorkspaceId).ExecuteDeleteAsync(cancellationToken);
        catalogs.Invalidate(caller.WorkspaceId);
        return TypedResults.NoContent();
    }

    private static async Task ApplyAsync(KefuDbContext db, Ticket ticket, string? category, int tier, SlaBook sla, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ticket.MarkUrgent(now);
        await TicketSla.ReapplyAsync(db, ticket, category, tier, sla, cancellationToken);
    }
}
