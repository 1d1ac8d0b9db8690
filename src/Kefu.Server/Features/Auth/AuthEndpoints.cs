using System.Security.Claims;
using Kefu.Domain.Agents;
using Kefu.Domain.Intake;
using Kefu.Persistence;
using Kefu.Server.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Kefu.Server.Features.Auth;

/// <summary>Agent sign-in (cookie), sign-out, who-am-I, and personal API tokens.</summary>
public static class AuthEndpoints
{
    public const int MaxTokensPerAgent = 20;

    public sealed record SignInRequest(string? Workspace, string? Login, string? Password);

    public sealed record AgentView(string AgentNumber, string DisplayName, string Email, AgentRole Role, string Workspace);

    public sealed record CreateTokenRequest(string? Name, int? ExpiresInDays);

    public sealed record TokenView(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

    public sealed record CreatedTokenView(Guid Id, string Name, string Token, DateTimeOffset? ExpiresAt);

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/auth").WithTags("Agent sign-in");
        group.MapPost("/sign-in", SignInAsync).AllowAnonymous().RequireRateLimiting(Security.RequestGuards.SignInRateLimitPolicy).WithName("SignIn")
            .WithSummary("Sign an agent in with agent number (工号) or email and password; sets the session cookie")
            .WithDescription("Send the X-Kefu-Request header here and on every state-changing call made with the session cookie.")
            .Accepts<SignInRequest>("application/json").Produces<AgentView>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status423Locked);
        group.MapPost("/sign-out", (Delegate)SignOutAsync).RequireAuthorization(KefuPolicies.Agent).WithName("SignOut");
        group.MapGet("/me", MeAsync).RequireAuthorization(KefuPolicies.Agent).WithName("Me").WithSummary("The signed-in agent");
        group.MapGet("/tokens", ListTokensAsync).RequireAuthorization(KefuPolicies.Agent).WithName("ListTokens").WithSummary("My personal API tokens");
        group.MapPost("/tokens", CreateTokenAsync).RequireAuthorization(KefuPolicies.Agent).WithName("CreateToken")
            .WithSummary("Create a personal API token; the secret is shown only in this answer")
            .Accepts<CreateTokenRequest>("application/json").Produces<CreatedTokenView>(StatusCodes.Status201Created);
        group.MapDelete("/tokens/{id:guid}", RevokeTokenAsync).RequireAuthorization(KefuPolicies.Agent).WithName("RevokeToken");
    }

    private static async Task<IResult> SignInAsync(HttpContext http, KefuDbContext db, PasswordHasher<Agent> hasher, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<SignInRequest>(http.Request, 8 * 1024);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new FieldErrors();
        var workspaceSlug = errors.Required("workspace", body.Value!.Workspace, 64);
        var login = errors.Required("login", body.Value.Login, 254);
        if (string.IsNullOrEmpty(body.Value.Password))
        {
            errors.Add("password", "is required");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var normalisedEmail = login!.ToLowerInvariant();
        var workspace = await db.Workspaces.FirstOrDefaultAsync(w => w.Slug == workspaceSlug, cancellationToken);
        var agent = workspace is null ? null : await db.Agents.FirstOrDefaultAsync(
            a => a.WorkspaceId == workspace.Id && (a.AgentNumber == login || a.Email == normalisedEmail), cancellationToken);
        var now = time.GetUtcNow();
        if (agent is null || !agent.IsActive)
        {
            // Same work and the same answer as a wrong password, so sign-in does not reveal who has an account.
            hasher.VerifyHashedPassword(new Agent { AgentNumber = "", DisplayName = "", Email = "" }, DummyHash.Value, body.Value.Password!);
            return InvalidCredentials();
        }

        if (agent.IsLockedOut(now))
        {
            return Problems.Status(StatusCodes.Status423Locked, "Account locked", "Too many failed sign-ins. Try again later or ask an administrator.");
        }

        var verdict = hasher.VerifyHashedPassword(agent, agent.PasswordHash, body.Value.Password!);
        if (verdict == PasswordVerificationResult.Failed)
        {
            agent.RecordFailedSignIn(now);
            await db.SaveChangesAsync(cancellationToken);
            return InvalidCredentials();
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            agent.PasswordHash = hasher.HashPassword(agent, body.Value.Password!);
        }

        agent.RecordSuccessfulSignIn();
        await db.SaveChangesAsync(cancellationToken);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(Caller.ForAgent(agent, CookieAuthenticationDefaults.AuthenticationScheme)));
        return TypedResults.Ok(new AgentView(agent.AgentNumber, agent.DisplayName, agent.Email, agent.Role, workspace!.Slug));
    }

    private static ProblemHttpResult InvalidCredentials() =>
        Problems.Status(StatusCodes.Status401Unauthorized, "Sign-in failed", "The workspace, agent number or email, or password is wrong.");

    private static async Task<NoContent> SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<AgentView>, ProblemHttpResult>> MeAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var me = await (from a in db.Agents
                        join w in db.Workspaces on a.WorkspaceId equals w.Id
                        where a.Id == caller.AgentId
                        select new AgentView(a.AgentNumber, a.DisplayName, a.Email, a.Role, w.Slug)).FirstOrDefaultAsync(cancellationToken);
        return me is null ? Problems.NotFound("agent") : TypedResults.Ok(me);
    }

    private static async Task<Ok<List<TokenView>>> ListTokensAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var tokens = await db.AgentTokens.AsNoTracking().Where(t => t.AgentId == caller.AgentId)
            .OrderByDescending(t => t.CreatedAt)
            .Select(t => new TokenView(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.RevokedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(tokens);
    }

    private static async Task<IResult> CreateTokenAsync(HttpRequest request, ClaimsPrincipal user, KefuDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<CreateTokenRequest>(request, 8 * 1024);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new FieldErrors();
        var name = errors.Required("name", body.Value!.Name, 100);
        if (body.Value.ExpiresInDays is < 1 or > 3650)
        {
            errors.Add("expiresInDays", "must be between 1 and 3650");
        }

        if (await db.AgentTokens.CountAsync(t => t.AgentId == caller.AgentId && t.RevokedAt == null, cancellationToken) >= MaxTokensPerAgent)
        {
            errors.Add("name", $"an agent may hold at most {MaxTokensPerAgent} active tokens; revoke one first");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var now = time.GetUtcNow();
        var secret = Secrets.NewSecret(Secrets.AgentTokenPrefix);
        var token = new AgentToken
        {
            Id = Guid.CreateVersion7(now), AgentId = caller.AgentId!.Value, WorkspaceId = caller.WorkspaceId, Name = name!,
            Prefix = Secrets.DisplayPrefix(secret), SecretHash = Secrets.Hash(secret), CreatedAt = now,
            ExpiresAt = body.Value.ExpiresInDays is { } days ? now.AddDays(days) : null,
        };
        db.AgentTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/auth/tokens/{token.Id}", new CreatedTokenView(token.Id, token.Name, secret, token.ExpiresAt));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(
        Guid id, ClaimsPrincipal user, KefuDbContext db, IMemoryCache cache, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var token = await db.AgentTokens.FirstOrDefaultAsync(t => t.Id == id && t.AgentId == caller.AgentId, cancellationToken);
        if (token is null)
        {
            return Problems.NotFound("token");
        }

        token.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        BearerAuthenticationHandler.Forget(cache, token.SecretHash);
        return TypedResults.NoContent();
    }

    private static class DummyHash
    {
        public static readonly string Value = new PasswordHasher<Agent>().HashPassword(new Agent { AgentNumber = "", DisplayName = "", Email = "" }, "not-a-real-password");
    }
}
