using Kefu.Persistence;
using Kefu.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Verification;

/// <summary>
/// GET /api/v1/verify/agents/{agentNumber}: anyone can check whether a 工号 quoted to them belongs to
/// an official agent of the workspace, the answer to fake "customer service" that asks for payments.
/// Only what the agent already shows customers (number and display name) is returned.
/// </summary>
public static class VerifyAgent
{
    public const string RateLimitPolicy = "public-verification";

    public sealed record Answer(bool Official, bool Active, string AgentNumber, string? DisplayName, string Workspace);

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/v1/verify/agents/{agentNumber}", HandleAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicy)
            .WithTags("Verification")
            .WithName("VerifyAgent")
            .WithSummary("Check whether an agent number (工号) is an official agent of a workspace")
            .WithDescription("Pass ?workspace=<slug> when the server hosts more than one workspace. "
                + "An unknown number answers 200 with official=false, so the page can say so plainly.");

    private static async Task<Results<Ok<Answer>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string agentNumber, string? workspace, KefuDbContext db, CancellationToken cancellationToken)
    {
        if (agentNumber.Length > 16)
        {
            return Problems.Validation(new() { ["agentNumber"] = ["must be at most 16 characters"] });
        }

        var workspaces = workspace is null
            ? await db.Workspaces.AsNoTracking().OrderBy(w => w.Slug).Take(2).ToListAsync(cancellationToken)
            : await db.Workspaces.AsNoTracking().Where(w => w.Slug == workspace).ToListAsync(cancellationToken);
        if (workspaces.Count == 0)
        {
            return Problems.NotFound("workspace");
        }

        if (workspaces.Count > 1)
        {
            return Problems.Validation(new() { ["workspace"] = ["is required: this server hosts several workspaces"] });
        }

        var home = workspaces[0];
        var agent = await db.Agents.AsNoTracking()
            .Where(a => a.WorkspaceId == home.Id && a.AgentNumber == agentNumber)
            .Select(a => new { a.DisplayName, a.IsActive })
            .FirstOrDefaultAsync(cancellationToken);
        return TypedResults.Ok(agent is null
            ? new Answer(false, false, agentNumber, null, home.Name)
            : new Answer(true, agent.IsActive, agentNumber, agent.DisplayName, home.Name));
    }
}
