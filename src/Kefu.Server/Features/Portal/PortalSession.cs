using System.Security.Claims;
using System.Threading.RateLimiting;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Security;

namespace Kefu.Server.Features.Portal;

/// <summary>
/// The customer's portal session: its own cookie and scheme, so it can never satisfy an agent or
/// integration policy, and every ticket query made with it is limited to that one customer.
/// </summary>
public static class PortalSession
{
    public const string Scheme = "portal";
    public const string Cookie = "kefu.portal";
    public const string Policy = "portal-customer";
    // Not the widget session's kind and claim: a portal cookie carries the host platform's external id, a widget
    // token the customer's own id, and neither must be read as the other.
    public const string CustomerKind = "portal";
    public const string CustomerClaim = "kefu:portal_customer";
    public const string RateLimitPolicy = "portal-session";

    public static string? CustomerOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(KefuClaims.Kind) == CustomerKind ? user.FindFirstValue(CustomerClaim) : null;
    }

    public static ClaimsPrincipal For(Guid workspaceId, string externalId, string name) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, name),
            new Claim(KefuClaims.Workspace, workspaceId.ToString()),
            new Claim(KefuClaims.Kind, CustomerKind),
            new Claim(CustomerClaim, externalId),
        ], Scheme));

    public static IServiceCollection AddKefuPortal(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = Cookie;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // A caller signed in some other way (agent cookie, bearer key) is known but not a customer: 403, as for
            // any route its role may not use. Only a caller with no credential at all is asked to sign in.
            o.Events.OnRedirectToLogin = ctx =>
            {
                var request = ctx.HttpContext.Request;
                var otherCredential = request.Headers.Authorization.Count > 0 || request.Cookies.ContainsKey(RequestGuards.SessionCookie);
                ctx.Response.StatusCode = otherCredential ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        // Opening sessions is a sign-in with its own budget per address, so portal traffic cannot lock agents out.
        services.AddRateLimiter(o => o.AddPolicy(RateLimitPolicy, ctx => RateLimitPartition.GetFixedWindowLimiter(
            ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(Scheme)
            .RequireClaim(KefuClaims.Kind, CustomerKind)
            .RequireClaim(CustomerClaim));
        return services;
    }

    /// <summary>The portal cookie is ambient like the agent's, so state-changing calls need the same custom header.</summary>
    public static async ValueTask<object?> RequireRequestHeader(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsGet(request.Method) && !request.Headers.ContainsKey(RequestGuards.CsrfHeader))
        {
            return Http.Problems.Status(StatusCodes.Status403Forbidden, "Missing request header",
                $"Requests made with the portal session must send the {RequestGuards.CsrfHeader} header.");
        }

        return await next(context);
    }
}
