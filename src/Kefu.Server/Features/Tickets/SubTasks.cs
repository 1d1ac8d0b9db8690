using System.Security.Claims;
using System.Text.Json;
using Kefu.Domain.Intake;
using Kefu.Domain.Notifications;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Web;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Tickets;

/// <summary>
/// Sub-tasks of a ticket: work handed to a colleague or another team (finance, tech) with a due time. The owner is
/// notified; every change is on the ticket's timeline; the ticket cannot be solved while one is open.
/// </summary>
public static class SubTasks
{
    public const int MaxPerTicket = 50;

    public sealed record SubTaskRequest(string? Title, string? OwnerAgentNumber, Guid? TeamId, DateTimeOffset? DueAt);

    public sealed record SubTaskView(
        Guid Id, string Title, AgentRefView? Owner, TeamRefView? Team, DateTimeOffset? DueAt, bool Overdue,
        DateTimeOffset? DoneAt, AgentRefView? DoneBy, AgentRefView CreatedBy, DateTimeOffset CreatedAt);

    public static IEndpointRouteBuilder MapKefuSubTasks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/tickets/{number:long}/subtasks").WithTags("Sub-tasks").RequireAuthorization(KefuPolicies.Agent);
        group.MapGet("/", ListAsync).WithName("ListSubTasks").WithSummary("A ticket's sub-tasks, oldest first").Produces<List<SubTaskView>>();
        group.MapPost("/", CreateAsync).WithName("CreateSubTask")
            .WithSummary("Hand part of a ticket to a colleague or team, with a due time; the ticket cannot be solved until it is done")
            .Accepts<SubTaskRequest>("application/json").Produces<SubTaskView>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapPost("/{id:guid}/done", (long number, Guid id, ClaimsPrincipal user, GroupCommitter writer, TimeProvider time, CancellationToken ct) =>
                MarkAsync(number, id, done: true, user, writer, time, ct))
            .WithName("CompleteSubTask").WithSummary("Mark a sub-task done (again is a no-op)").Produces<SubTaskView>();
        group.MapPost("/{id:guid}/reopen", (long number, Guid id, ClaimsPrincipal user, GroupCommitter writer, TimeProvider time, CancellationToken ct) =>
                MarkAsync(number, id, done: false, user, writer, time, ct))
            .WithName("ReopenSubTask").WithSummary("Open a done sub-task again").Produces<SubTaskView>();
        return routes;
    }

    public static Task<int> OpenCountAsync(KefuDbContext db, Guid ticketId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.SubTasks.CountAsync(s => s.TicketId == ticketId && s.DoneAt == null, cancellationToken);
    }

    private static async Task<IResult> ListAsync(long number, ClaimsPrincipal user, KefuDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var ticketId = await TicketAccess.Visible(db, caller, null).Where(t => t.Number == number).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
        if (ticketId is null)
        {
            return Problems.NotFound("ticket");
        }

        var tasks = await db.SubTasks.AsNoTracking().Where(s => s.TicketId == ticketId).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(await ViewsAsync(db, tasks, time.GetUtcNow(), cancellationToken));
    }

    private static async Task<IResult> CreateAsync(long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<SubTaskRequest>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        var errors = new FieldErrors();
        var title = errors.Required("title", request.Title, SubTask.MaxTitleLength);
        var now = time.GetUtcNow();
        if (request.DueAt is { } due && (due <= now || due > now.AddYears(1)))
        {
            errors.Add("dueAt", "must be in the future and within a year");
        }

        if (string.IsNullOrWhiteSpace(request.OwnerAgentNumber) && request.TeamId is null)
        {
            errors.Add("ownerAgentNumber", "or teamId is required: a sub-task belongs to someone");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var outcome = await TicketWrite.OnTicketAsync(writer, caller, null, number, async (scope, ticket) =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);
            Guid? ownerId = null;
            if (!string.IsNullOrWhiteSpace(request.OwnerAgentNumber))
            {
                ownerId = await AgentNotices.Colleagues(db, caller).Where(a => a.AgentNumber == request.OwnerAgentNumber.Trim())
                    .Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
                if (ownerId is null)
                {
                    return TicketWrite.Invalid("ownerAgentNumber", "is not an active colleague");
                }
            }

            if (request.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId && t.WorkspaceId == caller.WorkspaceId, ct))
            {
                return TicketWrite.Invalid("teamId", "is not a team of this workspace");
            }

            if (ticket.Status == TicketStatus.Closed)
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "The ticket is closed.");
            }

            if (await db.SubTasks.CountAsync(s => s.TicketId == ticket.Id, ct) >= MaxPerTicket)
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, $"A ticket has at most {MaxPerTicket} sub-tasks.");
            }

            var task = new SubTask
            {
                Id = Guid.CreateVersion7(now), WorkspaceId = ticket.WorkspaceId, TicketId = ticket.Id, Title = title!, TeamId = request.TeamId,
                OwnerAgentId = ownerId, DueAt = request.DueAt, CreatedByAgentId = caller.AgentId!.Value, CreatedAt = now,
            };
            db.SubTasks.Add(task);
            MessageWriting.Audit(db, ticket, now, SubTaskAuditKinds.Created, AuthorKind.Agent, caller.AgentId, caller.AgentNumber, isPublic: false,
                JsonSerializer.Serialize(new { id = task.Id, title = task.Title, owner = request.OwnerAgentNumber, dueAt = task.DueAt }, JsonSerializerOptions.Web));
            if (ownerId is { } owner && owner != caller.AgentId)
            {
                AgentNotices.Notify(db, ticket, owner, Mentions.SubTaskAssignedKind, now, new { by = caller.AgentNumber, byName = caller.Name, title = task.Title, dueAt = task.DueAt });
            }

            return TicketWrite.Done((await ViewsAsync(db, [task], now, ct))[0]);
        }, cancellationToken);
        return outcome.ToResult<SubTaskView>(view => TypedResults.Created($"{TicketViews.Url(number)}/subtasks", view));
    }

    private static async Task<IResult> MarkAsync(long number, Guid id, bool done, ClaimsPrincipal user, GroupCommitter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var outcome = await TicketWrite.OnTicketAsync(writer, caller, null, number, async (scope, ticket) =>
        {
            var (db, ct) = (scope.Db, scope.CancellationToken);
            var task = await db.SubTasks.FirstOrDefaultAsync(s => s.Id == id && s.TicketId == ticket.Id, ct);
            if (task is null)
            {
                return TicketWrite.Rejected(StatusCodes.Status404NotFound, "No such sub-task on this ticket.");
            }

            var now = time.GetUtcNow();
            var changed = done ? task.Complete(caller.AgentId!.Value, now) : task.Reopen();
            if (changed)
            {
                MessageWriting.Audit(db, ticket, now, done ? SubTaskAuditKinds.Done : SubTaskAuditKinds.Reopened, AuthorKind.Agent, caller.AgentId, caller.AgentNumber,
                    isPublic: false, JsonSerializer.Serialize(new { id = task.Id, title = task.Title }, JsonSerializerOptions.Web));
            }

            return TicketWrite.Done((await ViewsAsync(db, [task], now, ct))[0]);
        }, cancellationToken);
        return outcome.Status == StatusCodes.Status404NotFound && outcome.Detail is { } detail
            ? Problems.Status(StatusCodes.Status404NotFound, "Not found", detail)
            : outcome.ToResult<SubTaskView>(TypedResults.Ok);
    }

    private static async Task<List<SubTaskView>> ViewsAsync(KefuDbContext db, IReadOnlyList<SubTask> tasks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var agentIds = tasks.SelectMany(s => new[] { s.OwnerAgentId, s.DoneByAgentId, s.CreatedByAgentId }).OfType<Guid>().Distinct().ToList();
        var teamIds = tasks.Select(s => s.TeamId).OfType<Guid>().Distinct().ToList();
        var agents = await db.Agents.AsNoTracking().Where(a => agentIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => new AgentRefView(a.AgentNumber, a.DisplayName), cancellationToken);
        var teams = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => new TeamRefView(t.Id, t.Name), cancellationToken);
        return [.. tasks.Select(s => new SubTaskView(
            s.Id, s.Title, s.OwnerAgentId is { } o ? agents[o] : null, s.TeamId is { } t ? teams[t] : null, s.DueAt, s.IsOverdue(now),
            s.DoneAt, s.DoneByAgentId is { } d ? agents[d] : null, agents[s.CreatedByAgentId], s.CreatedAt))];
    }
}
