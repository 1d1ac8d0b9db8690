using System.Security.Claims;
using System.Text.Json;
using Kefu.Domain.Agents;
using Kefu.Domain.Customers;
using Kefu.Domain.Intake;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Customers;

/// <summary>
/// One customer, one timeline: a supervisor or admin joins two customer records that are the same person. Identities,
/// tickets, conversations and calls move to the survivor; the merge records exactly what moved, so undoing it puts
/// back those things and nothing else. Nothing merges by itself: same name or same address proves nothing.
/// </summary>
public static class MergeCustomers
{
    public const string MergedKind = "customer.merged";
    public const string UnmergedKind = "customer.unmerged";

    public sealed record MergeRequest(string? AbsorbedExternalId);

    public sealed record UnmergeRequest(Guid? MergeId);

    public sealed record MergeView(
        Guid Id, string SurvivorExternalId, string AbsorbedExternalId, int Identities, IReadOnlyList<long> TicketNumbers, int Calls,
        DateTimeOffset MergedAt, Guid MergedBy, DateTimeOffset? UndoneAt, Guid? UndoneBy);

    public sealed record IdentityView(IdentityKind Kind, string Handle);

    public sealed record CustomerIdentitiesView(string ExternalId, string Name, string? MergedIntoExternalId, IReadOnlyList<IdentityView> Identities, IReadOnlyList<MergeView> Merges);

    public static IEndpointRouteBuilder MapKefuCustomerMerge(this IEndpointRouteBuilder routes)
    {
        var customer = routes.MapGroup("/api/v1/customers/{externalId}").WithTags("Customers").RequireAuthorization(KefuPolicies.Agent);
        customer.MapGet("/identities", GetIdentitiesAsync).WithName("GetCustomerIdentities")
            .WithSummary("A customer's identities and merge history");
        customer.MapPost("/merge", MergeAsync).WithName("MergeCustomers")
            .WithSummary("Merge another customer into this one (supervisors and admins)")
            .Accepts<MergeRequest>("application/json").Produces<MergeView>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        customer.MapPost("/unmerge", UnmergeAsync).WithName("UnmergeCustomers")
            .WithSummary("Undo a merge into this customer: put back exactly what moved")
            .Accepts<UnmergeRequest>("application/json").Produces<MergeView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static bool MayMerge(Caller caller) => caller.MerchantId is null && caller.Role is AgentRole.Supervisor or AgentRole.Admin;

    private static async Task<IResult> GetIdentitiesAsync(string externalId, ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var customer = caller.MerchantId is not null || externalId.Length > TicketIntakeCheck.MaxExternalId ? null
            : await db.Customers.AsNoTracking().Include(c => c.Identities).FirstOrDefaultAsync(c => c.WorkspaceId == caller.WorkspaceId && c.ExternalId == externalId, cancellationToken);
        if (customer is null)
        {
            return Problems.NotFound("customer");
        }

        var mergedInto = customer.MergedIntoId is { } id ? await db.Customers.Where(c => c.Id == id).Select(c => c.ExternalId).FirstAsync(cancellationToken) : null;
        var merges = await db.CustomerMerges.AsNoTracking().Where(m => m.SurvivorId == customer.Id || m.AbsorbedId == customer.Id)
            .OrderBy(m => m.MergedAt).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        var views = new List<MergeView>();
        foreach (var merge in merges)
        {
            views.Add(await ViewAsync(db, merge, cancellationToken));
        }

        return TypedResults.Ok(new CustomerIdentitiesView(
            customer.ExternalId, customer.Name, mergedInto,
            [.. customer.Identities.OrderBy(i => i.Kind).ThenBy(i => i.Handle, StringComparer.Ordinal).Select(i => new IdentityView(i.Kind, i.Handle))],
            views));
    }

    private static async Task<IResult> MergeAsync(
        string externalId, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, TimeProvider time, ILogger<CustomerMerge> logger, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);

        // The body is read (and its size limit enforced) before anything else is answered.
        var body = await JsonBody.ReadAsync<MergeRequest>(httpRequest);
        if (caller.MerchantId is not null)
        {
            return Problems.NotFound("customer");
        }

        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (!MayMerge(caller))
        {
            return Problems.Status(StatusCodes.Status403Forbidden, "Forbidden", "Only supervisors and admins merge customers.");
        }

        var errors = new FieldErrors();
        var absorbedExternalId = errors.Required("absorbedExternalId", body.Value!.AbsorbedExternalId, TicketIntakeCheck.MaxExternalId);
        if (absorbedExternalId == externalId)
        {
            errors.Add("absorbedExternalId", "must name another customer");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var now = time.GetUtcNow();
        var outcome = await writer.ExecuteAsync(async scope =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);
            var survivor = await db.Customers.Include(c => c.Identities).FirstOrDefaultAsync(c => c.WorkspaceId == caller.WorkspaceId && c.ExternalId == externalId, ct);
            var absorbed = await db.Customers.Include(c => c.Identities).FirstOrDefaultAsync(c => c.WorkspaceId == caller.WorkspaceId && c.ExternalId == absorbedExternalId, ct);
            if (survivor is null || absorbed is null)
            {
                return TicketWrite.NotFound;
            }

            if (survivor.MergedIntoId is not null || absorbed.MergedIntoId is not null)
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "One of the two customers is already merged into another; merge into the survivor instead.");
            }

            var identities = CustomerMerge.IdentitiesToMove(absorbed.Identities, survivor.Identities);
            var tickets = await db.Tickets.Where(t => t.CustomerId == absorbed.Id).OrderBy(t => t.Number).ToListAsync(ct);
            var conversations = await db.Conversations.Where(c => c.CustomerId == absorbed.Id).ToListAsync(ct);
            var calls = await db.CallLogs.Where(c => c.CustomerId == absorbed.Id).ToListAsync(ct);
            var callbacks = await db.CallbackRequests.Where(c => c.CustomerId == absorbed.Id).ToListAsync(ct);
            var merge = new CustomerMerge
            {
                Id = Guid.CreateVersion7(now), WorkspaceId = caller.WorkspaceId, SurvivorId = survivor.Id, AbsorbedId = absorbed.Id,
                IdentityIds = [.. identities.Select(i => i.Id)], TicketIds = [.. tickets.Select(t => t.Id)], ConversationIds = [.. conversations.Select(c => c.Id)],
                CallIds = [.. calls.Select(c => c.Id)], CallbackIds = [.. callbacks.Select(c => c.Id)], MergedByAgentId = caller.AgentId!.Value, MergedAt = now,
            };
            foreach (var identity in identities)
            {
                identity.CustomerId = survivor.Id;
            }

            conversations.ForEach(c => c.CustomerId = survivor.Id);
            calls.ForEach(c => c.CustomerId = survivor.Id);
            callbacks.ForEach(c => c.CustomerId = survivor.Id);
            var data = JsonSerializer.Serialize(new { merge = merge.Id, from = absorbed.ExternalId, to = survivor.ExternalId });
            foreach (var ticket in tickets)
            {
                ticket.MoveToCustomer(survivor.Id, now);
                MessageWriting.Audit(db, ticket, now, MergedKind, AuthorKind.Agent, caller.AgentId, caller.AgentNumber, isPublic: false, data);
            }

            absorbed.MergedIntoId = survivor.Id;
            db.CustomerMerges.Add(merge);
            return TicketWrite.Done(new MergeView(
                merge.Id, survivor.ExternalId, absorbed.ExternalId, identities.Count, [.. tickets.Select(t => t.Number)], calls.Count, now, merge.MergedByAgentId, null, null));
        }, cancellationToken);
        if (outcome.Value is MergeView done)
        {
            Logs.Merged(logger, done.AbsorbedExternalId, done.SurvivorExternalId, done.Id, caller.AgentNumber ?? "");
        }

        return outcome.Status == StatusCodes.Status404NotFound ? Problems.NotFound("customer")
            : outcome.ToResult<MergeView>(view => TypedResults.Created($"/api/v1/customers/{Uri.EscapeDataString(externalId)}/identities", view));
    }

    private static async Task<IResult> UnmergeAsync(
        string externalId, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, TimeProvider time, ILogger<CustomerMerge> logger, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);

        // The body is read (and its size limit enforced) before anything else is answered.
        var body = await JsonBody.ReadAsync<UnmergeRequest>(httpRequest);
        if (caller.MerchantId is not null)
        {
            return Problems.NotFound("customer");
        }

        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (!MayMerge(caller))
        {
            return Problems.Status(StatusCodes.Status403Forbidden, "Forbidden", "Only supervisors and admins undo merges.");
        }

        if (body.Value!.MergeId is not { } mergeId)
        {
            return Problems.Validation(new() { ["mergeId"] = ["is required"] });
        }

        var now = time.GetUtcNow();
        var outcome = await writer.ExecuteAsync(async scope =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);
            var survivor = await db.Customers.FirstOrDefaultAsync(c => c.WorkspaceId == caller.WorkspaceId && c.ExternalId == externalId, ct);
            var merge = survivor is null ? null : await db.CustomerMerges.FirstOrDefaultAsync(m => m.Id == mergeId && m.SurvivorId == survivor.Id, ct);
            if (survivor is null || merge is null)
            {
                return TicketWrite.NotFound;
            }

            if (merge.IsUndone)
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "This merge was already undone.");
            }

            var absorbed = await db.Customers.FirstAsync(c => c.Id == merge.AbsorbedId, ct);

            // Only what the merge moved and what is still where the merge put it goes back.
            var (identityIds, ticketIds, conversationIds, callIds, callbackIds) = (merge.IdentityIds, merge.TicketIds, merge.ConversationIds, merge.CallIds, merge.CallbackIds);
            var identities = await db.CustomerIdentities.Where(i => identityIds.Contains(i.Id) && i.CustomerId == survivor.Id).ToListAsync(ct);
            var tickets = await db.Tickets.Where(t => ticketIds.Contains(t.Id) && t.CustomerId == survivor.Id).OrderBy(t => t.Number).ToListAsync(ct);
            var conversations = await db.Conversations.Where(c => conversationIds.Contains(c.Id) && c.CustomerId == survivor.Id).ToListAsync(ct);
            var calls = await db.CallLogs.Where(c => callIds.Contains(c.Id) && c.CustomerId == survivor.Id).ToListAsync(ct);
            var callbacks = await db.CallbackRequests.Where(c => callbackIds.Contains(c.Id) && c.CustomerId == survivor.Id).ToListAsync(ct);
            identities.ForEach(i => i.CustomerId = absorbed.Id);
            conversations.ForEach(c => c.CustomerId = absorbed.Id);
            calls.ForEach(c => c.CustomerId = absorbed.Id);
            callbacks.ForEach(c => c.CustomerId = absorbed.Id);
            var data = JsonSerializer.Serialize(new { merge = merge.Id, from = survivor.ExternalId, to = absorbed.ExternalId });
            foreach (var ticket in tickets)
            {
                ticket.MoveToCustomer(absorbed.Id, now);
                MessageWriting.Audit(db, ticket, now, UnmergedKind, AuthorKind.Agent, caller.AgentId, caller.AgentNumber, isPublic: false, data);
            }

            absorbed.MergedIntoId = null;
            merge.Undo(caller.AgentId!.Value, now);
            return TicketWrite.Done(new MergeView(
                merge.Id, survivor.ExternalId, absorbed.ExternalId, identities.Count, [.. tickets.Select(t => t.Number)], calls.Count,
                merge.MergedAt, merge.MergedByAgentId, now, caller.AgentId));
        }, cancellationToken);
        if (outcome.Value is MergeView done)
        {
            Logs.Unmerged(logger, done.AbsorbedExternalId, done.SurvivorExternalId, done.Id, caller.AgentNumber ?? "");
        }

        return outcome.Status == StatusCodes.Status404NotFound ? Problems.NotFound("merge") : outcome.ToResult<MergeView>(TypedResults.Ok);
    }

    private static async Task<MergeView> ViewAsync(KefuDbContext db, CustomerMerge merge, CancellationToken cancellationToken)
    {
        var names = await db.Customers.Where(c => c.Id == merge.SurvivorId || c.Id == merge.AbsorbedId).ToDictionaryAsync(c => c.Id, c => c.ExternalId, cancellationToken);
        var ticketIds = merge.TicketIds;
        var numbers = await db.Tickets.Where(t => ticketIds.Contains(t.Id)).OrderBy(t => t.Number).Select(t => t.Number).ToListAsync(cancellationToken);
        return new MergeView(
            merge.Id, names[merge.SurvivorId], names[merge.AbsorbedId], merge.IdentityIds.Count, numbers, merge.CallIds.Count,
            merge.MergedAt, merge.MergedByAgentId, merge.UndoneAt, merge.UndoneByAgentId);
    }
}

internal static partial class Logs
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {Absorbed} merged into {Survivor} (merge {MergeId}) by agent {AgentNumber}")]
    public static partial void Merged(ILogger logger, string absorbed, string survivor, Guid mergeId, string agentNumber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Merge {MergeId} of {Absorbed} into {Survivor} undone by agent {AgentNumber}")]
    public static partial void Unmerged(ILogger logger, string absorbed, string survivor, Guid mergeId, string agentNumber);
}
