using System.Security.Claims;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Tickets;

/// <summary>GET /api/v1/tickets/{number}: the ticket with its messages and timeline (internal ones for agents only).</summary>
public static class GetTicket
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/{number:long}", HandleAsync)
            .RequireAuthorization(KefuPolicies.IntegrationOrAgent)
            .WithName("GetTicket")
            .WithSummary("Read a ticket with its messages and timeline");

    private static async Task<Results<Ok<TicketView>, ProblemHttpResult>> HandleAsync(
        long number, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var ticket = await TicketAccess.Visible(db, caller, TicketAccess.OnBehalfOf(request)).AsNoTracking()
            .FirstOrDefaultAsync(t => t.Number == number, cancellationToken);
        if (ticket is null)
        {
            return Problems.NotFound("ticket");
        }

        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        return TypedResults.Ok(await TicketViews.LoadAsync(db, ticket, catalog, includeInternal: caller.IsAgent, time.GetUtcNow(), cancellationToken));
    }
}
