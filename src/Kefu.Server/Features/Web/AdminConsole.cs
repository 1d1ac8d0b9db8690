using System.Security.Claims;
using Kefu.Domain.Agents;
using Kefu.Domain.Intake;
using Kefu.Domain.Routing;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Kefu.Server.Features.Web;

/// <summary>
/// The admin API the console needs beside routing and SLA: teams and their members, agents (工号,
/// role, capacities), integration keys and workspace settings.
/// </summary>
public static class AdminConsole
{
    public const int MaxTeams = 200;

    public sealed record TeamBody(string? Name, IReadOnlyList<string>? MemberAgentNumbers);

    public sealed record TeamView(Guid Id, string Name, AssignmentStrategy Strategy, Guid? OverflowTeamId, string? Calendar, int? OfferTimeoutSeconds, IReadOnlyList<string> MemberAgentNumbers);

    public sealed record AgentBody(string? AgentNumber, string? DisplayName, string? Email, AgentRole? Role, string? Password, bool? IsActive);

    public sealed record AgentAdminView(string AgentNumber, string DisplayName, string Email, AgentRole Role, bool IsActive, AgentAvailability Availability, int ChatCapacity, int TicketCapacity, Guid? MerchantId);

    public sealed record KeyBody(string? Name);

    public sealed record KeyView(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

    public sealed record CreatedKeyView(Guid Id, string Name, string Secret);

    public sealed record WorkspaceBody(string? Name, string? TimeZone);

    public sealed record WorkspaceView(string Slug, string Name, string TimeZone);

    public static IEndpointRouteBuilder MapKefuAdminConsole(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/v1/admin").WithTags("Admin: workspace").RequireAuthorization(KefuPolicies.Admin);
        admin.MapGet("/teams", ListTeamsAsync).WithName("ListTeams").WithSummary("Teams with their members and routing settings").Produces<List<TeamView>>();
        admin.MapPost("/teams", CreateTeamAsync).WithName("CreateTeam").WithSummary("Add a team (skill group)")
            .Accepts<TeamBody>("application/json").Produces<TeamView>(StatusCodes.Status201Created).ProducesValidationProblem();
        admin.MapPut("/teams/{id:guid}/members", PutTeamAsync).WithName("PutTeam").WithSummary("Rename a team and set its members")
            .Accepts<TeamBody>("application/json").Produces<TeamView>().ProducesValidationProblem();
        admin.MapGet("/agents", ListAgentsAsync).WithName("ListAgents").WithSummary("Every agent with role, capacities and state").Produces<List<AgentAdminView>>();
        admin.MapPost("/agents", CreateAgentAsync).WithName("CreateAgent").WithSummary("Add an agent with an agent number (工号) and a first password")
            .Accepts<AgentBody>("application/json").Produces<AgentAdminView>(StatusCodes.Status201Created).ProducesValidationProblem();
        admin.MapPut("/agents/{agentNumber}/profile", PutAgentAsync).WithName("PutAgent").WithSummary("Change an agent's name, email, role, password or whether they may sign in")
            .Accepts<AgentBody>("application/json").Produces<AgentAdminView>().ProducesValidationProblem();
        admin.MapGet("/integration-keys", ListKeysAsync).WithName("ListIntegrationKeys").WithSummary("The host platform's keys (prefixes only)").Produces<List<KeyView>>();
        admin.MapPost("/integration-keys", CreateKeyAsync).WithName("CreateIntegrationKey").WithSummary("Create an integration key; the secret is shown only in this answer")
            .Accepts<KeyBody>("application/json").Produces<CreatedKeyView>(StatusCodes.Status201Created).ProducesValidationProblem();
        admin.MapDelete("/integration-keys/{id:guid}", RevokeKeyAsync).WithName("RevokeIntegrationKey").WithSummary("Revoke an integration key at once");
        admin.MapGet("/workspace", GetWorkspaceAsync).WithName("GetWorkspaceSettings").WithSummary("The workspace's name and time zone").Produces<WorkspaceView>();
        admin.MapPut("/workspace", PutWorkspaceAsync).WithName("PutWorkspaceSettings").WithSummary("Rename the workspace or change its time zone (IANA name, e.g. Asia/Shanghai)")
            .Accepts<WorkspaceBody>("application/json").Produces<WorkspaceView>().ProducesValidationProblem();
        return routes;
    }

    private static async Task<List<TeamView>> TeamsAsync(KefuDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var teams = await db.Teams.AsNoTracking().Where(t => t.WorkspaceId == workspaceId).Include(t => t.Members).OrderBy(t => t.Name).ToListAsync(cancellationToken);
        var numbers = await db.Agents.AsNoTracking().Where(a => a.WorkspaceId == workspaceId).ToDictionaryAsync(a => a.Id, a => a.AgentNumber, cancellationToken);
        return [.. teams.Select(t => new TeamView(t.Id, t.Name, t.Strategy, t.OverflowTeamId, t.CalendarKey, t.OfferTimeoutSeconds,
            [.. t.Members.Select(m => numbers.GetValueOrDefault(m.AgentId)).OfType<string>().Order(StringComparer.Ordinal)]))];
    }

    private static async Task<IResult> ListTeamsAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await TeamsAsync(db, Caller.From(user).WorkspaceId, cancellationToken));

    private static async Task<IResult> CreateTeamAsync(HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var team = new Team { Id = Guid.CreateVersion7(time.GetUtcNow()), WorkspaceId = caller.WorkspaceId, Name = "" };
        return await SaveTeamAsync(request, db, catalogs, caller, team, isNew: true, cancellationToken);
    }

    private static async Task<IResult> PutTeamAsync(Guid id, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var team = await db.Teams.Include(t => t.Members).FirstOrDefaultAsync(t => t.Id == id && t.WorkspaceId == caller.WorkspaceId, cancellationToken);
        return team is null ? Problems.NotFound("team") : await SaveTeamAsync(request, db, catalogs, caller, team, isNew: false, cancellationToken);
    }

    private static async Task<IResult> SaveTeamAsync(HttpRequest request, KefuDbContext db, WorkspaceCatalog catalogs, Caller caller, Team team, bool isNew, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<TeamBody>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new FieldErrors();
        var name = errors.Required("name", body.Value!.Name, 100);
        var wanted = body.Value.MemberAgentNumbers ?? [];
        var members = await db.Agents.Where(a => a.WorkspaceId == caller.WorkspaceId && wanted.Contains(a.AgentNumber)).Select(a => new { a.Id, a.AgentNumber }).ToListAsync(cancellationToken);
        foreach (var missing in wanted.Except(members.Select(m => m.AgentNumber)))
        {
            errors.Add("memberAgentNumbers", $"'{missing}' is not an agent of this workspace");
        }

        if (name is not null && await db.Teams.AnyAsync(t => t.WorkspaceId == caller.WorkspaceId && t.Name == name && t.Id != team.Id, cancellationToken))
        {
            errors.Add("name", "another team has this name");
        }

        if (isNew && await db.Teams.CountAsync(t => t.WorkspaceId == caller.WorkspaceId, cancellationToken) >= MaxTeams)
        {
            errors.Add("name", $"a workspace may have at most {MaxTeams} teams");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        team.Name = name!;
        if (isNew)
        {
            db.Teams.Add(team);
        }
        else
        {
            db.TeamMembers.RemoveRange(team.Members.Where(m => !members.Exists(a => a.Id == m.AgentId)));
        }

        foreach (var member in members.Where(a => !team.Members.Exists(m => m.AgentId == a.Id)))
        {
            db.TeamMembers.Add(new TeamMember { TeamId = team.Id, AgentId = member.Id });
        }

        await db.SaveChangesAsync(cancellationToken);
        catalogs.Invalidate(caller.WorkspaceId);
        var view = (await TeamsAsync(db, caller.WorkspaceId, cancellationToken)).First(t => t.Id == team.Id);
        return isNew ? TypedResults.Created($"/api/v1/admin/teams/{team.Id}", view) : TypedResults.Ok(view);
    }

    private static AgentAdminView ToView(Agent a) =>
        new(a.AgentNumber, a.DisplayName, a.Email, a.Role, a.IsActive, a.Availability, a.ChatCapacity, a.TicketCapacity, a.MerchantId);

    private static async Task<IResult> ListAgentsAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var agents = await db.Agents.AsNoTracking().Where(a => a.WorkspaceId == caller.WorkspaceId).OrderBy(a => a.AgentNumber).ToListAsync(cancellationToken);
        return TypedResults.Ok(agents.Select(ToView).ToList());
    }

    private static async Task<IResult> CreateAgentAsync(HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceProvisioning provisioning, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<AgentBody>(request, 8 * 1024);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var value = body.Value!;
        var errors = new FieldErrors();
        var number = errors.Required("agentNumber", value.AgentNumber, 16);
        var name = errors.Required("displayName", value.DisplayName, 100);
        var email = errors.Required("email", value.Email, 254);
        CheckAgent(errors, number, email, value.Password, passwordRequired: true);
        if (number is not null && await db.Agents.AnyAsync(a => a.WorkspaceId == caller.WorkspaceId && a.AgentNumber == number, cancellationToken))
        {
            errors.Add("agentNumber", "another agent has this number");
        }

        var normalisedEmail = email?.ToLowerInvariant();
        if (normalisedEmail is not null && await db.Agents.AnyAsync(a => a.WorkspaceId == caller.WorkspaceId && a.Email == normalisedEmail, cancellationToken))
        {
            errors.Add("email", "another agent has this email");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var agent = await provisioning.CreateAgentAsync(caller.WorkspaceId, number!, name!, email!, value.Role ?? AgentRole.Agent, value.Password!, cancellationToken);
        return TypedResults.Created($"/api/v1/admin/agents/{agent.AgentNumber}/profile", ToView(agent));
    }

    private static async Task<IResult> PutAgentAsync(
        string agentNumber, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, Microsoft.AspNetCore.Identity.PasswordHasher<Agent> hasher, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.WorkspaceId == caller.WorkspaceId && a.AgentNumber == agentNumber, cancellationToken);
        if (agent is null)
        {
            return Problems.NotFound("agent");
        }

        var body = await JsonBody.ReadAsync<AgentBody>(request, 8 * 1024);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var value = body.Value!;
        var errors = new FieldErrors();
        var name = errors.Optional("displayName", value.DisplayName, 100);
        var email = errors.Optional("email", value.Email, 254);
        CheckAgent(errors, null, email, value.Password, passwordRequired: false);
        if (agent.Id == caller.AgentId && (value.Role is { } role && role != AgentRole.Admin || value.IsActive == false))
        {
            errors.Add("role", "an admin cannot demote or deactivate themselves; ask another admin");
        }

        var normalisedEmail = email?.ToLowerInvariant();
        if (normalisedEmail is not null && await db.Agents.AnyAsync(a => a.WorkspaceId == caller.WorkspaceId && a.Email == normalisedEmail && a.Id != agent.Id, cancellationToken))
        {
            errors.Add("email", "another agent has this email");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        agent.DisplayName = name ?? agent.DisplayName;
        agent.Email = email?.ToLowerInvariant() ?? agent.Email;
        agent.Role = value.Role ?? agent.Role;
        agent.IsActive = value.IsActive ?? agent.IsActive;
        if (value.Password is { Length: > 0 } password)
        {
            agent.PasswordHash = hasher.HashPassword(agent, password);
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToView(agent));
    }

    private static void CheckAgent(FieldErrors errors, string? number, string? email, string? password, bool passwordRequired)
    {
        if (number is not null && !number.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add("agentNumber", "letters and digits only");
        }

        if (email is not null && !ContactRules.IsEmail(email))
        {
            errors.Add("email", "is not an email address");
        }

        if ((passwordRequired || !string.IsNullOrEmpty(password)) && (password is null || password.Length < 10 || password.Length > 200))
        {
            errors.Add("password", "must be 10 to 200 characters");
        }
    }

    private static async Task<IResult> ListKeysAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        return TypedResults.Ok(await db.IntegrationKeys.AsNoTracking().Where(k => k.WorkspaceId == caller.WorkspaceId).OrderByDescending(k => k.CreatedAt)
            .Select(k => new KeyView(k.Id, k.Name, k.Prefix, k.CreatedAt, k.RevokedAt)).ToListAsync(cancellationToken));
    }

    private static async Task<IResult> CreateKeyAsync(HttpRequest request, ClaimsPrincipal user, WorkspaceProvisioning provisioning, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<KeyBody>(request, 8 * 1024);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new FieldErrors();
        var name = errors.Required("name", body.Value!.Name, 100);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var (key, secret) = await provisioning.CreateIntegrationKeyAsync(caller.WorkspaceId, name!, null, cancellationToken);
        return TypedResults.Created($"/api/v1/admin/integration-keys/{key.Id}", new CreatedKeyView(key.Id, key.Name, secret));
    }

    private static async Task<IResult> RevokeKeyAsync(Guid id, ClaimsPrincipal user, KefuDbContext db, IMemoryCache cache, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var key = await db.IntegrationKeys.FirstOrDefaultAsync(k => k.Id == id && k.WorkspaceId == caller.WorkspaceId, cancellationToken);
        if (key is null)
        {
            return Problems.NotFound("integration key");
        }

        key.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        BearerAuthenticationHandler.Forget(cache, key.SecretHash);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> GetWorkspaceAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        return TypedResults.Ok(await db.Workspaces.AsNoTracking().Where(w => w.Id == caller.WorkspaceId)
            .Select(w => new WorkspaceView(w.Slug, w.Name, w.TimeZone)).FirstAsync(cancellationToken));
    }

    private static async Task<IResult> PutWorkspaceAsync(HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<WorkspaceBody>(request, 8 * 1024);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new FieldErrors();
        var name = errors.Optional("name", body.Value!.Name, 100);
        var zone = errors.Optional("timeZone", body.Value.TimeZone, 64);
        if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add("timeZone", "is not a known IANA time zone");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var workspace = await db.Workspaces.FirstAsync(w => w.Id == caller.WorkspaceId, cancellationToken);
        workspace.Name = name ?? workspace.Name;
        workspace.TimeZone = zone ?? workspace.TimeZone;
        await db.SaveChangesAsync(cancellationToken);
        catalogs.Invalidate(caller.WorkspaceId);
        return TypedResults.Ok(new WorkspaceView(workspace.Slug, workspace.Name, workspace.TimeZone));
    }
}
