using System.Security.Claims;
using System.Text.Encodings.Web;
using Kefu.Domain.Workspaces;
using Kefu.Persistence;
using Kefu.Server.Features.Customers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Kefu.Server.Features.Auth;

/// <summary>
/// `Authorization: Bearer ...` for the host platform's integration keys, agents' personal tokens and customers'
/// widget sessions (which the real-time hub also takes as `access_token` in the query, as browsers cannot set headers on WebSockets).
/// Lookups are cached briefly because intake runs thousands of requests a second on one key;
/// a revoked secret stops working within <see cref="CacheFor"/>.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<KefuDbContext> contextFactory,
    IMemoryCache cache,
    CustomerTokens customerTokens,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        string secret;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            secret = header["Bearer ".Length..].Trim();
        }
        else if (QueryToken(Request) is { } queryToken)
        {
            secret = queryToken;
        }
        else
        {
            return AuthenticateResult.NoResult();
        }

        if (secret.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("Malformed bearer secret.");
        }

        if (secret.StartsWith(CustomerTokens.Prefix, StringComparison.Ordinal))
        {
            return customerTokens.Read(secret) is { } session
                ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(CustomerTokens.Identity(session, SchemeName)), SchemeName))
                : AuthenticateResult.Fail("Unknown or expired customer session.");
        }

        var hash = Secrets.Hash(secret);
        var identity = await cache.GetOrCreateAsync(CacheKey(hash), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            return await LookUpAsync(hash, secret.StartsWith(Secrets.AgentTokenPrefix, StringComparison.Ordinal));
        });

        return identity is null
            ? AuthenticateResult.Fail("Unknown or revoked bearer secret.")
            : AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity.Clone()), SchemeName));
    }

    /// <summary>The hub's `access_token` query value: only on hub paths, where a browser has no other way to send it.</summary>
    public static string? QueryToken(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.StartsWithSegments("/hubs") && request.Query["access_token"] is [{ Length: > 0 } token] ? token : null;
    }

    /// <summary>Ends a revoked secret's cached life on this node at once; other nodes follow within <see cref="CacheFor"/>.</summary>
    public static void Forget(IMemoryCache cache, string secretHash)
    {
        ArgumentNullException.ThrowIfNull(cache);
        cache.Remove(CacheKey(secretHash));
    }

    private static string CacheKey(string secretHash) => "bearer:" + secretHash;

    private async Task<ClaimsIdentity?> LookUpAsync(string hash, bool isAgentToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(Context.RequestAborted);
        var now = time.GetUtcNow();
        if (isAgentToken)
        {
            var found = await db.AgentTokens.AsNoTracking()
                .Where(t => t.SecretHash == hash && t.RevokedAt == null)
                .Join(db.Agents, t => t.AgentId, a => a.Id, (t, a) => new { Token = t, Agent = a })
                .FirstOrDefaultAsync(Context.RequestAborted);
            return found is not null && found.Token.IsUsable(now) && found.Agent.IsActive
                ? Caller.ForAgent(found.Agent, SchemeName)
                : null;
        }

        var key = await db.IntegrationKeys.AsNoTracking()
            .FirstOrDefaultAsync(k => k.SecretHash == hash && k.RevokedAt == null, Context.RequestAborted);
        return key is null ? null : ForIntegration(key);
    }

    private static ClaimsIdentity ForIntegration(IntegrationKey key) => new(
        [
            new Claim(ClaimTypes.Name, key.Name),
            new Claim(KefuClaims.Workspace, key.WorkspaceId.ToString()),
            new Claim(KefuClaims.Kind, KefuClaims.IntegrationKind),
        ],
        SchemeName);
}
