using System.Security.Claims;
using System.Text.Json;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Notifications;

/// <summary>An agent's own notifications (SLA warnings, breaches, nudges, escalations), newest first.</summary>
public static class NotificationEndpoints
{
    public sealed record NotificationView(Guid Id, string Kind, long? TicketNumber, JsonElement? Data, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/notifications").WithTags("Notifications").RequireAuthorization(KefuPolicies.Agent);
        group.MapGet("/", ListAsync).WithName("ListNotifications").WithSummary("The signed-in agent's notifications, newest first");
        group.MapPost("/{id:guid}/read", MarkReadAsync).WithName("MarkNotificationRead").WithSummary("Mark one notification read");
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, KefuDbContext db, bool? unread, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (Paging.Check(page, pageSize) is { } problem)
        {
            return problem;
        }

        var (p, size) = Paging.Normalise(page, pageSize);
        var mine = db.Notifications.AsNoTracking().Where(n => n.AgentId == caller.AgentId && n.WorkspaceId == caller.WorkspaceId);
        if (unread == true)
        {
            mine = mine.Where(n => n.ReadAt == null);
        }

        var total = await mine.CountAsync(cancellationToken);
        var rows = await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Skip((p - 1) * size).Take(size).ToListAsync(cancellationToken);
        var items = rows.Select(n => new NotificationView(
            n.Id, n.Kind, n.TicketNumber, n.Data is null ? null : JsonSerializer.Deserialize<JsonElement>(n.Data), n.CreatedAt, n.ReadAt)).ToList();
        return TypedResults.Ok(new Paged<NotificationView>(items, p, size, total));
    }

    private static async Task<IResult> MarkReadAsync(Guid id, ClaimsPrincipal user, KefuDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == id && n.AgentId == caller.AgentId && n.WorkspaceId == caller.WorkspaceId, cancellationToken);
        if (notification is null)
        {
            return Problems.NotFound("notification");
        }

        notification.MarkRead(time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
