using System.Security.Claims;
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
    public const string CustomerKind = "customer";
    public const string CustomerClaim = "kefu:customer";

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
            o.Events.OnRedirectToLogin = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
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
