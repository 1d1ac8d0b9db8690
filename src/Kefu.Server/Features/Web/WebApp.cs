using Kefu.Server.Features.Tickets;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Kefu.Server.Features.Web;

/// <summary>
/// Serves the browser UI from wwwroot/app: the agent workbench, supervisor wall and admin console at
/// /app (one page, routed in the browser) and the customer portal at /portal. Plain ES modules, no
/// build step; the JSON API does the work.
/// </summary>
public static class WebApp
{
    /// <summary>Scripts, styles and data only from this server; no inline script, no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication MapKefuWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var root = Path.Combine(app.Environment.WebRootPath ?? Path.Combine(app.Environment.ContentRootPath, "wwwroot"), "app");
        if (!Directory.Exists(root))
        {
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = "/app",

            // Revalidate every time (cheap 304s): a deploy is seen at once without versioned file names.
            OnPrepareResponse = ctx =>
            {
                ctx.Context.Response.Headers.CacheControl = "no-cache";
                ctx.Context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            },
        });

        app.MapGet("/app/{**path:nonfile}", (HttpContext http) => Page(http, files, "index.html")).ExcludeFromDescription();
        app.MapGet("/portal", (HttpContext http) => Page(http, files, "portal.html")).ExcludeFromDescription();
        app.MapKefuWorkbench();
        app.MapKefuWall();
        app.MapKefuAdminConsole();
        app.MapKefuSubTasks();
        app.MapKefuSavedViews();
        return app;
    }

    private static IResult Page(HttpContext http, PhysicalFileProvider files, string name)
    {
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        http.Response.Headers.CacheControl = "no-cache";
        var file = files.GetFileInfo(name);
        return Results.File(file.PhysicalPath!, MediaTypeHeaderValue.Parse("text/html; charset=utf-8").ToString());
    }
}
