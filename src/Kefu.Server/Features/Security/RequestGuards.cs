using Kefu.Server.Http;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Kefu.Server.Features.Security;

/// <summary>
/// Protections every response and every cookie-authenticated request gets, whatever the endpoint.
/// </summary>
public static class RequestGuards
{
    /// <summary>
    /// Browsers never attach a custom header to a cross-site request without a CORS preflight, which
    /// Kefu does not grant; requiring it on state-changing calls made with the session cookie stops
    /// cross-site request forgery. Bearer calls carry no ambient credential and are exempt.
    /// </summary>
    public const string CsrfHeader = "X-Kefu-Request";

    public const string SessionCookie = "kefu.session";

    public const string SignInRateLimitPolicy = "sign-in";

    public static IApplicationBuilder UseKefuRequestGuards(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            if (context.Request.Path.StartsWithSegments("/api") && !headers.ContainsKey("Content-Security-Policy"))
            {
                headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            }

            return Task.CompletedTask;
        });

        if (!BodyLimit.Apply(context))
        {
            await BodyLimit.RefuseAsync(context);
            return;
        }

        if (context.Request.Query.FirstOrDefault(q => q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)) is { Key: { } key })
        {
            await Problems.Validation(new() { [key] = ["must not contain the NUL character"] }).ExecuteAsync(context);
            return;
        }

        if (NeedsCsrfHeader(context.Request) && !context.Request.Headers.ContainsKey(CsrfHeader))
        {
            await Problems.Status(StatusCodes.Status403Forbidden, "Missing request header",
                    $"Requests made with the session cookie must send the {CsrfHeader} header.")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    private static bool NeedsCsrfHeader(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        && request.Path.StartsWithSegments("/api")
        && request.Headers.Authorization.Count == 0
        && (request.Cookies.ContainsKey(SessionCookie) || request.Path.StartsWithSegments("/api/v1/auth/sign-in"));
}
