using System.Security.Claims;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kefu.Server.Features.Customers;

/// <summary>Admins read the widget key and embed snippet, read the user-token secret, and rotate it.</summary>
public static class WidgetAdmin
{
    public sealed record WidgetView(string WidgetKey, string Snippet, string UserTokenSecret, DateTimeOffset SecretRotatedAt);

    public static void Map(IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/v1/admin/widget").WithTags("Widget").RequireAuthorization(KefuPolicies.Admin);
        admin.MapGet("/", GetAsync).WithName("GetWidgetSettings").WithSummary("The widget key, the snippet to embed, and the user-token secret");
        admin.MapPost("/secret", RotateAsync).WithName("RotateWidgetSecret")
            .WithSummary("Replace the user-token secret; tokens signed with the old one stop working (within 30 s on other nodes)");
    }

    private static async Task<Ok<WidgetView>> GetAsync(HttpRequest request, ClaimsPrincipal user, KefuDbContext db, ChatWidgets widgets, CancellationToken cancellationToken)
    {
        var widget = await widgets.EnsureAsync(db, Caller.From(user).WorkspaceId, cancellationToken);
        return TypedResults.Ok(new WidgetView(widget.WidgetKey, Snippet(request, widget.WidgetKey), widget.UserTokenSecret, widget.SecretRotatedAt));
    }

    private static async Task<Ok<WidgetView>> RotateAsync(HttpRequest request, ClaimsPrincipal user, KefuDbContext db, ChatWidgets widgets, CancellationToken cancellationToken)
    {
        var widget = await widgets.RotateSecretAsync(db, Caller.From(user).WorkspaceId, cancellationToken);
        return TypedResults.Ok(new WidgetView(widget.WidgetKey, Snippet(request, widget.WidgetKey), widget.UserTokenSecret, widget.SecretRotatedAt));
    }

    private static string Snippet(HttpRequest request, string widgetKey) =>
        $"<script src=\"{request.Scheme}://{request.Host}/widget.js\" data-key=\"{widgetKey}\" data-lang=\"zh-CN\" async></script>";
}
