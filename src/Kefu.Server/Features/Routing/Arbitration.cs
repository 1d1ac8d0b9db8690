using System.Security.Claims;
using System.Text.Json;
using Kefu.Domain.Intake;
using Kefu.Domain.Notifications;
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
/// Platform mode (平台/商家): a dispute between customer and merchant, or a merchant letting the SLA lapse, moves the
/// ticket to the platform's arbitration team (纠纷仲裁组) with its full history, out of the merchant's reach.
/// </summary>
public static class Arbitration
{
    public const string MovedKind = "ticket.arbitration";

    public sealed record DisputeRequest(string? Reason);

    public static void Map(RouteGroupBuilder tickets)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        tickets.MapPost("/{number:long}/dispute", DisputeAsync).RequireAuthorization(KefuPolicies.IntegrationOrAgent).WithName("DisputeTicket")
            .WithSummary("The customer disputes the merchant's handling: the platform's arbitration team takes over")
            .Accepts<DisputeRequest>("application/json").Produces<TicketSummaryView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>Moves a merchant ticket to arbitration inside a write, records why and tells the supervisors.</summary>
    /// <returns>False when the workspace has no arbitration team or the ticket is not a merchant's.</returns>
    public static async Task<bool> MoveAsync(KefuDbContext db, Ticket ticket, RoutingBook book, string reason, AuthorKind actorKind, Guid? actorId, string? actorLabel, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(book);
        if (book.ArbitrationTeamId is not { } team || ticket.MerchantId is null || !ticket.MoveToArbitration(team, now))
        {
            return false;
        }

        MessageWriting.Audit(db, ticket, now, MovedKind, actorKind, actorId, actorLabel, isPublic: true, JsonSerializer.Serialize(new { reason, teamId = team }));
        await Escalations.NotifySupervisorsAsync(db, ticket, NotificationKinds.EscalationRequested, new { trigger = "arbitration", reason }, now, cancellationToken);
        return true;
    }

    private static async Task<IResult> DisputeAsync(
        long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<DisputeRequest>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new FieldErrors();
        var reason = errors.Required("reason", body.Value!.Reason, TicketSlaEndpoints.MaxReasonLength);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var book = (await catalogs.GetAsync(caller.WorkspaceId, cancellationToken)).Routing;
        var onBehalfOf = TicketAccess.OnBehalfOf(httpRequest);
        var outcome = await TicketWrite.OnTicketAsync(writer, caller, onBehalfOf, number, async (scope, ticket) =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);

            if (ticket.Status == TicketStatus.Closed || ticket.MerchantId is null || book.ArbitrationTeamId is null)
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "Only an open ticket about a merchant can go to arbitration, and the workspace needs an arbitration team.");
            }

            var (actorKind, actorId, actorLabel) = caller.IsAgent
                ? (AuthorKind.Agent, caller.AgentId, caller.AgentNumber)
                : (AuthorKind.Customer, (Guid?)ticket.CustomerId, await db.Customers.Where(c => c.Id == ticket.CustomerId).Select(c => c.Name).FirstAsync(ct));
            await MoveAsync(db, ticket, book, reason!, actorKind, actorId, actorLabel, time.GetUtcNow(), ct);
            return TicketWrite.Done(await TicketViews.SummaryAsync(db, ticket, ct));
        }, cancellationToken);
        return outcome.ToResult<TicketSummaryView>(TypedResults.Ok);
    }
}
