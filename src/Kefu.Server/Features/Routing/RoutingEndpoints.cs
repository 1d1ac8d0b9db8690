using System.Security.Claims;
using System.Text.Json;
using Kefu.Domain.Intake;
using Kefu.Domain.Routing;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Routing;

/// <summary>Agents taking and declining work, their availability, the customer's place in the queue, and the admin's routing setup.</summary>
public static class RoutingEndpoints
{
    public const int MaxRules = 500;

    public sealed record AvailabilityRequest(AgentAvailability? Availability);

    public sealed record QueueView(string State, int? Position, int Waiting, string Estimate, DateTimeOffset? ExpectedBy, DateTimeOffset? NotBefore);

    public sealed record RoutingSetup(Guid? DefaultTeamId, Guid? GeneralTeamId, Guid? ArbitrationTeamId, IReadOnlyList<RoutingRule>? Rules);

    public sealed record TeamRoutingBody(AssignmentStrategy? Strategy, Guid? OverflowTeamId, string? Calendar, int? OfferTimeoutSeconds, Guid? MerchantId);

    public sealed record AgentRoutingBody(int? ChatCapacity, int? TicketCapacity, Guid? MerchantId);

    public sealed record ManagerBody(string? CustomerExternalId, Guid? MerchantId, string? AgentNumber);

    public static void Map(IEndpointRouteBuilder routes, RouteGroupBuilder tickets)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(tickets);
        tickets.MapPost("/{number:long}/take", TakeAsync).RequireAuthorization(KefuPolicies.Agent).WithName("TakeTicket")
            .WithSummary("Take an unassigned ticket, or accept the one offered to you; 409 when someone else has it")
            .Produces<TicketSummaryView>().ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapPost("/{number:long}/decline", DeclineAsync).RequireAuthorization(KefuPolicies.Agent).WithName("DeclineTicket")
            .WithSummary("Decline the ticket offered to you; it goes to the next agent").Produces<TicketSummaryView>().ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapGet("/{number:long}/queue", QueueAsync).RequireAuthorization(KefuPolicies.IntegrationOrAgent).WithName("TicketQueuePosition")
            .WithSummary("Where a waiting ticket stands in its team's queue and when an agent should pick it up").Produces<QueueView>();

        routes.MapPut("/api/v1/agents/me/availability", SetAvailabilityAsync).RequireAuthorization(KefuPolicies.Agent).WithTags("Agents")
            .WithName("SetAvailability").WithSummary("Go online, busy, away or offline; only online agents get new work")
            .Accepts<AvailabilityRequest>("application/json").ProducesValidationProblem();

        var admin = routes.MapGroup("/api/v1/admin/routing").WithTags("Admin: routing").RequireAuthorization(KefuPolicies.Admin);
        admin.MapGet("/", GetSetupAsync).WithName("GetRouting").WithSummary("Default, general and arbitration teams and the routing rules in order");
        admin.MapPut("/", PutSetupAsync).WithName("PutRouting").WithSummary("Replace the routing setup (rules are tried in the order given)")
            .Accepts<RoutingSetup>("application/json").ProducesValidationProblem();
        admin.MapPut("/teams/{id:guid}", PutTeamAsync).WithName("PutTeamRouting").WithSummary("A team's strategy, overflow team, duty calendar and offer time")
            .Accepts<TeamRoutingBody>("application/json").ProducesValidationProblem();
        admin.MapPut("/managers", PutManagerAsync).WithName("PutAccountManager")
            .WithSummary("Name an account manager (专属客服) for a customer or a merchant, or clear it with a null agentNumber")
            .Accepts<ManagerBody>("application/json").ProducesValidationProblem();
        admin.MapPut("/agents/{agentNumber}", PutAgentAsync).WithName("PutAgentRouting").WithSummary("An agent's capacities and merchant")
            .Accepts<AgentRoutingBody>("application/json").ProducesValidationProblem();
        UrgentLane.MapAdmin(admin);
        HandleTimeReport.Map(admin);
    }

    private static async Task<IResult> TakeAsync(long number, ClaimsPrincipal user, GroupCommitter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var outcome = await TicketWrite.OnTicketAsync(writer, caller, null, number, async (scope, ticket) =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);

            var now = time.GetUtcNow();
            if (ticket.AssigneeId == caller.AgentId)
            {
                return TicketWrite.Done(await TicketViews.SummaryAsync(db, ticket, ct));
            }

            if (ticket.AssigneeId is not null || ticket.Status is TicketStatus.Closed or TicketStatus.Solved)
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "Another agent has this ticket, or it is finished.");
            }

            if (ticket.HasLiveOffer(now) && ticket.OfferedToAgentId != caller.AgentId)
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "The ticket is offered to another agent right now.");
            }

            var before = ticket.Status;
            ticket.AssignTo(ticket.TeamId, caller.AgentId, now);
            MessageWriting.Audit(db, ticket, now, AuditKinds.Assigned, AuthorKind.Agent, caller.AgentId, caller.AgentNumber, isPublic: false,
                JsonSerializer.Serialize(new { assignee = caller.AgentNumber, taken = true }));
            MessageWriting.AuditStatusChange(db, ticket, before, now, AuthorKind.Agent, caller.AgentId, caller.AgentNumber);
            return TicketWrite.Done(await TicketViews.SummaryAsync(db, ticket, ct));
        }, cancellationToken);
        return outcome.ToResult<TicketSummaryView>(TypedResults.Ok);
    }

    private static async Task<IResult> DeclineAsync(long number, ClaimsPrincipal user, GroupCommitter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var outcome = await TicketWrite.OnTicketAsync(writer, caller, null, number, async (scope, ticket) =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);

            var now = time.GetUtcNow();
            if (ticket.OfferedToAgentId != caller.AgentId || !ticket.HasLiveOffer(now))
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "The ticket is not offered to you.");
            }

            ticket.PassOffer(now);
            MessageWriting.Audit(db, ticket, now, TicketRouting.OfferPassedKind, AuthorKind.Agent, caller.AgentId, caller.AgentNumber, isPublic: false,
                JsonSerializer.Serialize(new { agentNumber = caller.AgentNumber, reason = "declined" }));
            return TicketWrite.Done(await TicketViews.SummaryAsync(db, ticket, ct));
        }, cancellationToken);
        return outcome.ToResult<TicketSummaryView>(TypedResults.Ok);
    }

    private static async Task<IResult> QueueAsync(
        long number, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var ticket = await TicketAccess.Visible(db, caller, TicketAccess.OnBehalfOf(request)).AsNoTracking().FirstOrDefaultAsync(t => t.Number == number, cancellationToken);
        if (ticket is null)
        {
            return Problems.NotFound("ticket");
        }

        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        return TypedResults.Ok(await QueueOfAsync(db, ticket, catalog, time.GetUtcNow(), cancellationToken));
    }

    /// <summary>Where a ticket stands in its team's queue: what the queue endpoint answers and the chat widget shows.</summary>
    public static async Task<QueueView> QueueOfAsync(KefuDbContext db, Ticket ticket, CatalogSnapshot catalog, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(catalog);
        if (ticket.HeldByBot)
        {
            return new QueueView("bot", null, 0, "none", null, null);
        }

        if (ticket.AssigneeId is not null || ticket.TeamId is not { } teamId || ticket.Status is not (TicketStatus.New or TicketStatus.Open))
        {
            return new QueueView(ticket.AssigneeId is not null ? "assigned" : "notWaiting", null, 0, "none", null, null);
        }

        var queue = (await LiveQueues.QueuesAsync(db, ticket.WorkspaceId, teamId, catalog, now, cancellationToken)).SingleOrDefault();
        var mine = queue?.Tickets.FirstOrDefault(t => t.Ticket.Id == ticket.Id);
        return mine is { } found ? found.View : new QueueView("waiting", null, queue?.Tickets.Count ?? 0, "unknown", null, null);
    }

    private static async Task<IResult> SetAvailabilityAsync(HttpRequest request, ClaimsPrincipal user, KefuDbContext db, LiveQueues liveQueues, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<AvailabilityRequest>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (body.Value!.Availability is not { } availability || !Enum.IsDefined(availability))
        {
            return Problems.Validation(new() { ["availability"] = ["must be one of: online, busy, away, offline"] });
        }

        await db.Agents.Where(a => a.Id == caller.AgentId && a.WorkspaceId == caller.WorkspaceId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Availability, availability), cancellationToken);
        liveQueues.Changed(caller.WorkspaceId);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> GetSetupAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var workspace = await db.Workspaces.AsNoTracking().FirstAsync(w => w.Id == caller.WorkspaceId, cancellationToken);
        var rules = await db.RoutingRules.AsNoTracking().Where(r => r.WorkspaceId == caller.WorkspaceId).OrderBy(r => r.Position).Select(r => r.Rule).ToListAsync(cancellationToken);
        return TypedResults.Ok(new RoutingSetup(workspace.DefaultTeamId, workspace.GeneralTeamId, workspace.ArbitrationTeamId, rules));
    }

    private static async Task<IResult> PutSetupAsync(HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<RoutingSetup>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var setup = body.Value!;
        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var teams = await db.Teams.Where(t => t.WorkspaceId == caller.WorkspaceId).Select(t => t.Id).ToListAsync(cancellationToken);
        var errors = new FieldErrors();
        foreach (var (field, id) in new[] { ("defaultTeamId", setup.DefaultTeamId), ("generalTeamId", setup.GeneralTeamId), ("arbitrationTeamId", setup.ArbitrationTeamId) })
        {
            if (id is { } team && !teams.Contains(team))
            {
                errors.Add(field, "is not a team of this workspace");
            }
        }

        var rules = setup.Rules ?? [];
        if (rules.Count > 0 && setup.DefaultTeamId is null)
        {
            errors.Add("defaultTeamId", "is required when there are rules (it takes what no rule matches)");
        }

        if (rules.Count > MaxRules)
        {
            errors.Add("rules", $"at most {MaxRules} rules");
        }

        for (var i = 0; i < rules.Count && i < MaxRules; i++)
        {
            var rule = rules[i];
            if (rule is null || rule.CategoryCodes is null || rule.Channels is null || rule.MerchantIds is null || rule.Languages is null || rule.Keywords is null
                || rule.CategoryCodes.Contains(null!) || rule.Languages.Contains(null!) || rule.Keywords.Contains(null!))
            {
                errors.Add($"rules[{i}]", "must be a rule object whose lists are arrays without nulls");
                continue;
            }

            if (string.IsNullOrWhiteSpace(rule.Name) || rule.Name.Length > 100)
            {
                errors.Add($"rules[{i}].name", "is required, at most 100 characters");
            }

            if (!teams.Contains(rule.TeamId))
            {
                errors.Add($"rules[{i}].teamId", "is not a team of this workspace");
            }

            foreach (var code in rule.CategoryCodes.Where(c => !catalog.CategoriesByCode.ContainsKey(c)))
            {
                errors.Add($"rules[{i}].categoryCodes", $"'{code}' is not a category of this workspace");
            }

            if (rule.Languages.Count > 20 || rule.Languages.Any(language => CustomerLanguage.NormaliseLocale(language) is null))
            {
                errors.Add($"rules[{i}].languages", "at most 20 language tags such as zh, zh-TW or en (the customer's language: what they wrote in, else their client's locale)");
            }

            if (rule.Keywords.Any(k => string.IsNullOrWhiteSpace(k) || k.Length > 100) || rule.Keywords.Count > 200)
            {
                errors.Add($"rules[{i}].keywords", "at most 200 keywords of 1–100 characters");
            }
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Workspaces.Where(w => w.Id == caller.WorkspaceId).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.DefaultTeamId, setup.DefaultTeamId)
            .SetProperty(w => w.GeneralTeamId, setup.GeneralTeamId)
            .SetProperty(w => w.ArbitrationTeamId, setup.ArbitrationTeamId), cancellationToken);
        await db.RoutingRules.Where(r => r.WorkspaceId == caller.WorkspaceId).ExecuteDeleteAsync(cancellationToken);
        db.RoutingRules.AddRange(rules.Select((rule, i) => new WorkspaceRoutingRule
        {
            Id = Guid.CreateVersion7(), WorkspaceId = caller.WorkspaceId, Position = (i + 1) * 10,
            Rule = rule with { Id = rule.Id == Guid.Empty ? Guid.CreateVersion7() : rule.Id },
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        catalogs.Invalidate(caller.WorkspaceId);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> PutTeamAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, LiveQueues liveQueues, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<TeamRoutingBody>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var teams = await db.Teams.Where(t => t.WorkspaceId == caller.WorkspaceId).ToListAsync(cancellationToken);
        var team = teams.Find(t => t.Id == id);
        if (team is null)
        {
            return Problems.NotFound("team");
        }

        var value = body.Value!;
        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var errors = new FieldErrors();
        if (value.OverflowTeamId is { } overflow && !teams.Exists(t => t.Id == overflow))
        {
            errors.Add("overflowTeamId", "is not a team of this workspace");
        }

        if (value.Calendar is { } calendar && !catalog.Sla.HasCalendar(calendar))
        {
            errors.Add("calendar", $"'{calendar}' is not a calendar of this workspace");
        }

        if (value.OfferTimeoutSeconds is < 5 or > 3600)
        {
            errors.Add("offerTimeoutSeconds", "must be between 5 and 3600, or left out to assign without asking");
        }

        if (value.MerchantId is { } merchant && !catalog.MerchantIds.Contains(merchant))
        {
            errors.Add("merchantId", "is not a merchant of this workspace");
        }

        if (!errors.Any)
        {
            team.Strategy = value.Strategy ?? team.Strategy;
            team.OverflowTeamId = value.OverflowTeamId;
            team.CalendarKey = value.Calendar;
            team.OfferTimeoutSeconds = value.OfferTimeoutSeconds;
            team.MerchantId = value.MerchantId;
            if (TeamDirectory.FindCycle(teams.Select(t => Dispatcher.ToRouting(t, catalog.Sla))) is not null)
            {
                errors.Add("overflowTeamId", "would make the overflow chain go round in a circle");
            }
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        await db.SaveChangesAsync(cancellationToken);
        catalogs.Invalidate(caller.WorkspaceId);
        liveQueues.Changed(caller.WorkspaceId);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> PutManagerAsync(HttpRequest request, ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<ManagerBody>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var value = body.Value!;
        if ((value.CustomerExternalId is null) == (value.MerchantId is null))
        {
            return Problems.Validation(new() { ["customerExternalId"] = ["name either a customer (customerExternalId) or a merchant (merchantId)"] });
        }

        Guid? managerId = null;
        if (value.AgentNumber is not null)
        {
            managerId = await db.Agents.Where(a => a.WorkspaceId == caller.WorkspaceId && a.AgentNumber == value.AgentNumber && a.IsActive)
                .Select(a => (Guid?)a.Id).FirstOrDefaultAsync(cancellationToken);
            if (managerId is null)
            {
                return Problems.Validation(new() { ["agentNumber"] = ["is not an active agent of this workspace"] });
            }
        }

        var changed = value.CustomerExternalId is { } externalId
            ? await db.Customers.Where(c => c.WorkspaceId == caller.WorkspaceId && c.ExternalId == externalId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ManagerAgentId, managerId), cancellationToken)
            : await db.Merchants.Where(m => m.WorkspaceId == caller.WorkspaceId && m.Id == value.MerchantId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ManagerAgentId, managerId), cancellationToken);
        return changed == 0 ? Problems.NotFound(value.CustomerExternalId is null ? "merchant" : "customer") : TypedResults.NoContent();
    }

    private static async Task<IResult> PutAgentAsync(
        string agentNumber, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, LiveQueues liveQueues, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<AgentRoutingBody>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var agent = await db.Agents.FirstOrDefaultAsync(a => a.WorkspaceId == caller.WorkspaceId && a.AgentNumber == agentNumber, cancellationToken);
        if (agent is null)
        {
            return Problems.NotFound("agent");
        }

        var value = body.Value!;
        var errors = new FieldErrors();
        if (value.ChatCapacity is < 0 or > 50)
        {
            errors.Add("chatCapacity", "must be between 0 and 50");
        }

        if (value.TicketCapacity is < 0 or > 1000)
        {
            errors.Add("ticketCapacity", "must be between 0 and 1000");
        }

        if (value.MerchantId is { } merchant && !(await catalogs.GetAsync(caller.WorkspaceId, cancellationToken)).MerchantIds.Contains(merchant))
        {
            errors.Add("merchantId", "is not a merchant of this workspace");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        agent.ChatCapacity = value.ChatCapacity ?? agent.ChatCapacity;
        agent.TicketCapacity = value.TicketCapacity ?? agent.TicketCapacity;
        agent.MerchantId = value.MerchantId;
        await db.SaveChangesAsync(cancellationToken);
        liveQueues.Changed(caller.WorkspaceId);
        return TypedResults.NoContent();
    }
}
