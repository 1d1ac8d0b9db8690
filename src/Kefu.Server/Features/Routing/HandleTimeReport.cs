using System.Security.Claims;
using Kefu.Domain.Routing;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Routing;

/// <summary>
/// GET /api/v1/admin/routing/handle-times: measured handle times (assignment to solve, without waiting on the customer,
/// needing info or on hold) per team, agent and category, and the figure each team's queue estimate uses.
/// </summary>
public static class HandleTimeReport
{
    public const int MaxDays = 90;
    public const int MaxSamples = 20_000;

    public sealed record Average(double AverageMinutes, int Count);

    public sealed record TeamLine(Guid TeamId, string Name, double AverageMinutes, int Count, double EstimateMinutes);

    public sealed record AgentLine(string AgentNumber, string DisplayName, double AverageMinutes, int Count);

    public sealed record CategoryLine(string Code, double AverageMinutes, int Count);

    public sealed record Report(
        int Days, double AssumedMinutes, int MinimumSamples, Average? Overall, IReadOnlyList<TeamLine> Teams, IReadOnlyList<AgentLine> Agents, IReadOnlyList<CategoryLine> Categories);

    public static void Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/handle-times", GetAsync).WithName("GetHandleTimes")
            .WithSummary("Measured handle times per team, agent and category over the last days (default 7), and what queue estimates use")
            .Produces<Report>().ProducesValidationProblem();
    }

    private static async Task<IResult> GetAsync(int? days, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var window = days ?? (int)RoutingBook.HandleTimeWindow.TotalDays;
        if (window is < 1 or > MaxDays)
        {
            return Problems.Validation(new() { ["days"] = [$"must be between 1 and {MaxDays}"] });
        }

        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var measured = await RoutingBook.MeasureHandleTimesAsync(
            db, caller.WorkspaceId, time.GetUtcNow() - TimeSpan.FromDays(window), MaxSamples, cancellationToken);
        var teams = await db.Teams.AsNoTracking().Where(t => t.WorkspaceId == caller.WorkspaceId).OrderBy(t => t.Name)
            .Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken);
        var agentIds = measured.ByAgent.Keys.ToList();
        var agents = await db.Agents.AsNoTracking().Where(a => a.WorkspaceId == caller.WorkspaceId && agentIds.Contains(a.Id))
            .Select(a => new { a.Id, a.AgentNumber, a.DisplayName }).ToListAsync(cancellationToken);

        return TypedResults.Ok(new Report(
            window,
            measured.Assumed.TotalMinutes,
            HandleTimes.MinimumSamples,
            measured.Overall is { } overall ? new Average(Minutes(overall.Average), overall.Count) : null,
            [.. teams.Select(t => measured.ByTeam.TryGetValue(t.Id, out var a)
                ? new TeamLine(t.Id, t.Name, Minutes(a.Average), a.Count, Minutes(measured.ForTeam(t.Id)))
                : new TeamLine(t.Id, t.Name, 0, 0, Minutes(measured.ForTeam(t.Id))))],
            [.. agents.Select(a => (a, measured.ByAgent[a.Id])).OrderBy(x => x.a.AgentNumber, StringComparer.Ordinal)
                .Select(x => new AgentLine(x.a.AgentNumber, x.a.DisplayName, Minutes(x.Item2.Average), x.Item2.Count))],
            [.. measured.ByCategory.Where(c => catalog.CategoriesById.ContainsKey(c.Key))
                .Select(c => new CategoryLine(catalog.CategoriesById[c.Key].Code, Minutes(c.Value.Average), c.Value.Count)).OrderBy(c => c.Code, StringComparer.Ordinal)]));
    }

    private static double Minutes(TimeSpan span) => Math.Round(span.TotalMinutes, 2);
}
