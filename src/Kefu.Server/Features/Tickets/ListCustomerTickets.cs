using System.Security.Claims;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Tickets;

/// <summary>GET /api/v1/customers/{externalId}/tickets: one customer's tickets, newest first.</summary>
public static class ListCustomerTickets
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/v1/customers/{externalId}/tickets", HandleAsync)
            .RequireAuthorization(KefuPolicies.IntegrationOrAgent)
            .WithTags("Customers")
            .WithName("ListCustomerTickets")
            .WithSummary("List a customer's tickets, newest first");

    private static async Task<Results<Ok<Paged<TicketSummaryView>>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string externalId, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (Paging.Check(page, pageSize) is { } problem)
        {
            return problem;
        }

        var onBehalfOf = TicketAccess.OnBehalfOf(request);
        if (onBehalfOf is not null && onBehalfOf != externalId)
        {
            return Problems.NotFound("customer");
        }

        var customerId = await db.Customers.Where(c => c.WorkspaceId == caller.WorkspaceId && c.ExternalId == externalId)
            .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (customerId is null)
        {
            return Problems.NotFound("customer");
        }

        var tickets = db.Tickets.AsNoTracking().Where(t => t.WorkspaceId == caller.WorkspaceId && t.CustomerId == customerId);
        var (p, size) = Paging.Normalise(page, pageSize);
        var total = await tickets.CountAsync(cancellationToken);
        var items = await TicketViews.Summaries(db, tickets.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number).Skip((p - 1) * size).Take(size))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<TicketSummaryView>(items, p, size, total));
    }
}

public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static ValidationProblem? Check(int? page, int? pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1)
        {
            errors["page"] = ["must be 1 or more"];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"must be between 1 and {MaxPageSize}"];
        }

        return errors.Count > 0 ? Problems.Validation(errors) : null;
    }

    public static (int Page, int PageSize) Normalise(int? page, int? pageSize) => (page ?? 1, pageSize ?? DefaultPageSize);
}
