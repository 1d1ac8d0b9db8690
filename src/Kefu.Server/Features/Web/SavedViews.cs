using System.Security.Claims;
using Kefu.Domain.Agents;
using Kefu.Domain.Intake;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Web;

/// <summary>Named inbox filters: each agent keeps their own and sees those colleagues shared.</summary>
public static class SavedViews
{
    public sealed record SavedViewRequest(string? Name, string? View, string? Priority, string? Category, string? Q, bool Shared);

    public sealed record SavedViewView(
        Guid Id, string Name, string View, TicketPriority? Priority, string? Category, string? Q, bool Shared, bool Mine, AgentRefView Owner);

    public static IEndpointRouteBuilder MapKefuSavedViews(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/workbench/saved-views").WithTags("Agent workbench").RequireAuthorization(KefuPolicies.Agent);
        group.MapGet("/", ListAsync).WithName("ListSavedViews").WithSummary("The agent's own saved inbox views and those colleagues shared").Produces<List<SavedViewView>>();
        group.MapPost("/", CreateAsync).WithName("SaveView").WithSummary("Save the current inbox view and filters under a name, for oneself or shared")
            .Accepts<SavedViewRequest>("application/json").Produces<SavedViewView>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteSavedView").WithSummary("Remove one's own saved view (admins may remove shared ones)");
        return routes;
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var rows = await (from v in db.SavedViews.AsNoTracking()
                          join a in db.Agents on v.OwnerAgentId equals a.Id
                          where v.WorkspaceId == caller.WorkspaceId && (v.OwnerAgentId == caller.AgentId || (v.Shared && a.MerchantId == caller.MerchantId))
                          orderby v.Name
                          select new { View = v, a.AgentNumber, a.DisplayName }).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(r => ToView(r.View, caller, new AgentRefView(r.AgentNumber, r.DisplayName)))
            .OrderByDescending(v => v.Mine).ThenBy(v => v.Name, StringComparer.Ordinal).ToList());
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal user, KefuDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<SavedViewRequest>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var value = body.Value!;
        var errors = new FieldErrors();
        var name = errors.Required("name", value.Name, SavedView.MaxNameLength);
        if (value.View is null || !Workbench.Views.Contains(value.View))
        {
            errors.Add("view", "must be one of: " + string.Join(", ", Workbench.Views));
        }

        if (!Workbench.TryParsePriority(value.Priority, out var priority))
        {
            errors.Add("priority", "is not a ticket priority");
        }

        var category = errors.Optional("category", value.Category, 50);
        if (category is not null && !await db.Categories.AnyAsync(c => c.WorkspaceId == caller.WorkspaceId && c.Code == category, cancellationToken))
        {
            errors.Add("category", "is not a category of this workspace");
        }

        var q = errors.Optional("q", value.Q, SavedView.MaxQueryLength);
        var mine = db.SavedViews.Where(v => v.OwnerAgentId == caller.AgentId);
        if (name is not null && await mine.AnyAsync(v => v.Name == name, cancellationToken))
        {
            errors.Add("name", "you already have a view with this name");
        }

        if (await mine.CountAsync(cancellationToken) >= SavedView.MaxPerAgent)
        {
            errors.Add("name", $"an agent may keep at most {SavedView.MaxPerAgent} views");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var now = time.GetUtcNow();
        var saved = new SavedView
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = caller.WorkspaceId, OwnerAgentId = caller.AgentId!.Value, Name = name!, View = value.View!,
            Priority = priority, Category = category, Query = q, Shared = value.Shared, CreatedAt = now,
        };
        db.SavedViews.Add(saved);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/workbench/saved-views/{saved.Id}", ToView(saved, caller, new AgentRefView(caller.AgentNumber!, caller.Name)));
    }

    private static async Task<IResult> DeleteAsync(Guid id, ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var isAdmin = caller.Role == AgentRole.Admin;
        var deleted = await db.SavedViews
            .Where(v => v.Id == id && v.WorkspaceId == caller.WorkspaceId && (v.OwnerAgentId == caller.AgentId || (isAdmin && v.Shared)))
            .ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? Problems.NotFound("saved view") : TypedResults.NoContent();
    }

    private static SavedViewView ToView(SavedView v, Caller caller, AgentRefView owner) =>
        new(v.Id, v.Name, v.View, v.Priority, v.Category, v.Query, v.Shared, v.OwnerAgentId == caller.AgentId, owner);
}
