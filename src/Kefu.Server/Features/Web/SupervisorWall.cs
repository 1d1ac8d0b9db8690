using System.Security.Claims;
using Kefu.Domain.Agents;
using Kefu.Domain.Routing;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Web;

/// <summary>The supervisor wall's one read: queues per team, SLA risk, escalations, nudges and the agents' state.</summary>
public static class SupervisorWall
{
    /// <summary>Running clocks due within this are on the risk list.</summary>
    public static readonly TimeSpan RiskWithin = TimeSpan.FromHours(2);

    public const int ListLimit = 50;

    public sealed record TeamQueueView(Guid Id, string Name, int Waiting, DateTimeOffset? OldestWaitingSince, int Members, int Online, int AtCapacity);

    public sealed record RiskView(TicketSummaryView Ticket, SlaMetric Metric, DateTimeOffset DueAt, bool Breached);

    public sealed record AttentionView(TicketSummaryView Ticket, int EscalationLevel, DateTimeOffset? EscalatedAt, int NudgeCount, DateTimeOffset? LastNudgedAt);

    public sealed record AgentStateView(string AgentNumber, string DisplayName, AgentRole Role, AgentAvailability Availability, int OpenTickets, int TicketCapacity, IReadOnlyList<string> Teams);

    public sealed record WallView(
        DateTimeOffset At, IReadOnlyList<TeamQueueView> Teams, IReadOnlyList<RiskView> Risks, IReadOnlyList<AttentionView> Escalations,
        IReadOnlyList<AttentionView> Nudged, IReadOnlyList<AgentStateView> Agents);

    public static IEndpointRouteBuilder MapKefuWall(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/wall", WallAsync).RequireAuthorization(KefuPolicies.Agent).WithTags("Supervisor wall").WithName("SupervisorWall")
            .WithSummary("Queues per team, SLA risk, escalations and nudges to act on, agents' state (supervisors and admins)")
            .Produces<WallView>().ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    private static async Task<IResult> WallAsync(ClaimsPrincipal user, KefuDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (caller.Role is not (AgentRole.Supervisor or AgentRole.Admin))
        {
            return Problems.Status(StatusCodes.Status403Forbidden, "Supervisors only", "The wall is for supervisors and admins.");
        }

        var now = time.GetUtcNow();
        var open = TicketAccess.Visible(db, caller, null).AsNoTracking().Where(t => t.Status != TicketStatus.Solved && t.Status != TicketStatus.Closed);
        var teams = await db.Teams.AsNoTracking().Where(t => t.WorkspaceId == caller.WorkspaceId).Include(t => t.Members).OrderBy(t => t.Name).ToListAsync(cancellationToken);
        var agents = await db.Agents.AsNoTracking().Where(a => a.WorkspaceId == caller.WorkspaceId && a.IsActive).OrderBy(a => a.AgentNumber).ToListAsync(cancellationToken);
        var loads = await open.Where(t => t.AssigneeId != null).GroupBy(t => t.AssigneeId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key!.Value, g => g.Count, cancellationToken);
        var waiting = await open.Where(t => t.AssigneeId == null && t.TeamId != null && t.EscalatedAt == null && (t.Status == TicketStatus.New || t.Status == TicketStatus.Open))
            .Select(t => new { t.TeamId, t.CreatedAt }).ToListAsync(cancellationToken);
        var agentsById = agents.ToDictionary(a => a.Id);

        var queues = teams.Select(team =>
        {
            var members = team.Members.Select(m => agentsById.GetValueOrDefault(m.AgentId)).OfType<Agent>().ToList();
            var queue = waiting.Where(w => w.TeamId == team.Id).ToList();
            return new TeamQueueView(
                team.Id, team.Name, queue.Count, queue.Count == 0 ? null : queue.Min(w => w.CreatedAt), members.Count,
                members.Count(a => a.Availability == AgentAvailability.Online),
                members.Count(a => a.Availability == AgentAvailability.Online && loads.GetValueOrDefault(a.Id) >= a.TicketCapacity));
        }).ToList();

        var horizon = now + RiskWithin;
        var risky = await (from c in db.TicketClocks.Where(Workbench.Counting)
                           join t in open on c.TicketId equals t.Id
                           where c.DueAt <= horizon
                           orderby c.DueAt
                           select new { t.Number, c.Metric, DueAt = c.DueAt!.Value }).Take(ListLimit).ToListAsync(cancellationToken);
        var escalated = await open.Where(t => t.EscalatedAt != null).OrderByDescending(t => t.EscalationLevel).ThenBy(t => t.EscalatedAt)
            .Select(t => new { t.Number, t.EscalationLevel, t.EscalatedAt, t.NudgeCount, t.LastNudgedAt }).Take(ListLimit).ToListAsync(cancellationToken);
        var nudged = await open.Where(t => t.NudgeCount > 0 && t.EscalatedAt == null).OrderByDescending(t => t.LastNudgedAt)
            .Select(t => new { t.Number, t.EscalationLevel, t.EscalatedAt, t.NudgeCount, t.LastNudgedAt }).Take(ListLimit).ToListAsync(cancellationToken);

        var numbers = risky.Select(r => r.Number).Concat(escalated.Select(e => e.Number)).Concat(nudged.Select(n => n.Number)).Distinct().ToList();
        var summaries = await TicketViews.Summaries(db, db.Tickets.Where(t => t.WorkspaceId == caller.WorkspaceId && numbers.Contains(t.Number)))
            .ToDictionaryAsync(s => s.Number, cancellationToken);

        var teamNames = teams.SelectMany(t => t.Members.Select(m => (m.AgentId, t.Name))).ToLookup(x => x.AgentId, x => x.Name);
        return TypedResults.Ok(new WallView(
            now, queues,
            [.. risky.Select(r => new RiskView(summaries[r.Number], r.Metric, r.DueAt, r.DueAt <= now))],
            [.. escalated.Select(e => new AttentionView(summaries[e.Number], e.EscalationLevel, e.EscalatedAt, e.NudgeCount, e.LastNudgedAt))],
            [.. nudged.Select(e => new AttentionView(summaries[e.Number], e.EscalationLevel, e.EscalatedAt, e.NudgeCount, e.LastNudgedAt))],
            [.. agents.Select(a => new AgentStateView(a.AgentNumber, a.DisplayName, a.Role, a.Availability, loads.GetValueOrDefault(a.Id), a.TicketCapacity, [.. teamNames[a.Id]]))]));
    }
}
