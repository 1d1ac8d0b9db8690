using System.Security.Claims;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Tickets;

/// <summary>GET /api/v1/tickets: the agent's filtered, paged ticket list.</summary>
public static class ListTickets
{
    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/", HandleAsync)
            .RequireAuthorization(KefuPolicies.Agent)
            .WithName("ListTickets")
            .WithSummary("List and filter tickets (agents)")
            .WithDescription("status: comma-separated statuses; team: team id; assignee: an agent number, 'me' or 'none'; category: a category code.");

    private static async Task<Results<Ok<Paged<TicketSummaryView>>, ValidationProblem>> HandleAsync(
        ClaimsPrincipal user, KefuDbContext db, string? status, Guid? team, string? assignee, string? category, int? page, int? pageSize,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (Paging.Check(page, pageSize) is { } pagingProblem)
        {
            return pagingProblem;
        }

        var tickets = TicketAccess.Visible(db, caller, onBehalfOf: null).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(status))
        {
            var statuses = new List<TicketStatus>();
            foreach (var part in status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Enum.TryParse<TicketStatus>(part, ignoreCase: true, out var parsed) || int.TryParse(part, out _))
                {
                    return Problems.Validation(new() { ["status"] = [$"'{part}' is not a ticket status"] });
                }

                statuses.Add(parsed);
            }

            tickets = tickets.Where(t => statuses.Contains(t.Status));
        }

        if (team is not null)
        {
            tickets = tickets.Where(t => t.TeamId == team);
        }

        if (!string.IsNullOrWhiteSpace(assignee))
        {
            if (assignee == "none")
            {
                tickets = tickets.Where(t => t.AssigneeId == null);
            }
            else
            {
                var agentIds = assignee == "me"
                    ? db.Agents.Where(a => a.Id == caller.AgentId).Select(a => a.Id)
                    : db.Agents.Where(a => a.WorkspaceId == caller.WorkspaceId && a.AgentNumber == assignee).Select(a => a.Id);
                tickets = tickets.Where(t => t.AssigneeId != null && agentIds.Contains(t.AssigneeId.Value));
            }
        }

        if (!string.IsNullOrWhiteSpace(category))
        {
            var categoryIds = db.Categories.Where(c => c.WorkspaceId == caller.WorkspaceId && c.Code == category).Select(c => c.Id);
            tickets = tickets.Where(t => t.CategoryId != null && categoryIds.Contains(t.CategoryId.Value));
        }

        var (p, size) = Paging.Normalise(page, pageSize);
        var total = await tickets.CountAsync(cancellationToken);
        var items = await TicketViews.Summaries(db, tickets.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number).Skip((p - 1) * size).Take(size))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<TicketSummaryView>(items, p, size, total));
    }
}
