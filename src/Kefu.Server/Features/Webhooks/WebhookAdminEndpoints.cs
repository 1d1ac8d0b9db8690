using System.Security.Claims;
using Kefu.Domain.Intake;
using Kefu.Domain.Outbox;
using Kefu.Domain.Webhooks;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Outbox;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Webhooks;

/// <summary>Admin API for the host platform's webhook endpoints and their delivery log.</summary>
public static class WebhookAdminEndpoints
{
    public const int MaxEvents = 20;
    public const int LogPageSize = 50;

    public sealed record EndpointBody(string? Url, IReadOnlyList<string>? Events, bool? IsActive, string? Description);

    public sealed record EndpointView(Guid Id, string Url, IReadOnlyList<string> Events, bool IsActive, string? Description, string SecretPrefix, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    /// <summary>The answer to creating an endpoint or rotating its secret: the only time the secret is shown.</summary>
    public sealed record EndpointWithSecret(EndpointView Endpoint, string Secret);

    public sealed record AttemptView(int Attempt, DateTimeOffset At, int? StatusCode, int DurationMs, bool Succeeded, string? Error, string? Response);

    public sealed record DeliveryView(
        Guid Id, Guid EventId, string Event, string State, DateTimeOffset CreatedAt, int Attempts, DateTimeOffset? NextAttemptAt,
        DateTimeOffset? DeliveredAt, DateTimeOffset? DeadLetteredAt, string? LastError, IReadOnlyList<AttemptView> Log);

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/admin/webhooks").WithTags("Admin: webhooks").RequireAuthorization(KefuPolicies.Admin);
        group.MapGet("", ListAsync).WithName("ListWebhooks").WithSummary("The workspace's webhook endpoints");
        group.MapPost("", CreateAsync).WithName("CreateWebhook").WithSummary("Add an endpoint; the answer shows its signing secret, once")
            .Accepts<EndpointBody>("application/json").Produces<EndpointWithSecret>(StatusCodes.Status201Created).ProducesValidationProblem();
        group.MapGet("/{id:guid}", GetAsync).WithName("GetWebhook").WithSummary("One endpoint (without its secret)");
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateWebhook").WithSummary("Change an endpoint's URL, events, description or active flag")
            .Accepts<EndpointBody>("application/json").Produces<EndpointView>().ProducesValidationProblem();
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteWebhook").WithSummary("Remove an endpoint; its pending deliveries are dropped");
        group.MapPost("/{id:guid}/rotate-secret", RotateSecretAsync).WithName("RotateWebhookSecret").WithSummary("Replace the signing secret; the answer shows the new one, once")
            .Produces<EndpointWithSecret>();
        group.MapGet("/{id:guid}/deliveries", DeliveriesAsync).WithName("ListWebhookDeliveries")
            .WithSummary($"The latest {LogPageSize} deliveries to an endpoint with every attempt (status, duration, error, start of the answer)");
        group.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redeliver", RedeliverAsync).WithName("RedeliverWebhook")
            .WithSummary("Send a delivery again (as a new delivery with the same event id)").Produces<DeliveryView>(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.WorkspaceId == caller.WorkspaceId).OrderBy(e => e.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(endpoints.Select(ToView).ToList());
    }

    private static async Task<IResult> GetAsync(Guid id, ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var endpoint = await FindAsync(db, Caller.From(user), id, cancellationToken);
        return endpoint is null ? Problems.NotFound("webhook endpoint") : TypedResults.Ok(ToView(endpoint));
    }

    private static async Task<IResult> CreateAsync(
        HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WebhookSecrets secrets, WebhookSubscriptions subscriptions, IConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<EndpointBody>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new FieldErrors();
        var url = CheckUrl(errors, body.Value!.Url, configuration);
        var events = CheckEvents(errors, body.Value.Events, required: true);
        var description = errors.Optional("description", body.Value.Description, WebhookEndpoint.MaxDescriptionLength);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var now = time.GetUtcNow();
        var (secret, protectedSecret, prefix) = secrets.Create();
        var endpoint = new WebhookEndpoint
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = caller.WorkspaceId, Url = url!, Events = events!, Description = description,
            IsActive = body.Value.IsActive ?? true, ProtectedSecret = protectedSecret, SecretPrefix = prefix, CreatedAt = now, UpdatedAt = now,
        };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        subscriptions.Invalidate(caller.WorkspaceId);
        return TypedResults.Created($"/api/v1/admin/webhooks/{endpoint.Id}", new EndpointWithSecret(ToView(endpoint), secret));
    }

    private static async Task<IResult> UpdateAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WebhookSubscriptions subscriptions, IConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var endpoint = await FindAsync(db, caller, id, cancellationToken);
        if (endpoint is null)
        {
            return Problems.NotFound("webhook endpoint");
        }

        var body = await JsonBody.ReadAsync<EndpointBody>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new FieldErrors();
        var url = body.Value!.Url is null ? endpoint.Url : CheckUrl(errors, body.Value.Url, configuration);
        var events = body.Value.Events is null ? endpoint.Events : CheckEvents(errors, body.Value.Events, required: true);
        var description = body.Value.Description is null ? endpoint.Description : errors.Optional("description", body.Value.Description, WebhookEndpoint.MaxDescriptionLength);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        endpoint.Url = url!;
        endpoint.Events = events!;
        endpoint.Description = description;
        endpoint.IsActive = body.Value.IsActive ?? endpoint.IsActive;
        endpoint.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        subscriptions.Invalidate(caller.WorkspaceId);
        return TypedResults.Ok(ToView(endpoint));
    }

    private static async Task<IResult> DeleteAsync(Guid id, ClaimsPrincipal user, KefuDbContext db, WebhookSubscriptions subscriptions, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var endpoint = await FindAsync(db, caller, id, cancellationToken);
        if (endpoint is null)
        {
            return Problems.NotFound("webhook endpoint");
        }

        // Pending deliveries would only fail against a missing endpoint: close them with the reason instead.
        var now = time.GetUtcNow();
        await db.OutboxMessages.Where(m => m.TargetId == id && m.WorkspaceId == caller.WorkspaceId && m.DeliveredAt == null && m.DeadLetteredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.DeadLetteredAt, now).SetProperty(m => m.LastError, "The webhook endpoint was deleted."), cancellationToken);
        db.WebhookEndpoints.Remove(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        subscriptions.Invalidate(caller.WorkspaceId);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> RotateSecretAsync(Guid id, ClaimsPrincipal user, KefuDbContext db, WebhookSecrets secrets, TimeProvider time, CancellationToken cancellationToken)
    {
        var endpoint = await FindAsync(db, Caller.From(user), id, cancellationToken);
        if (endpoint is null)
        {
            return Problems.NotFound("webhook endpoint");
        }

        var (secret, protectedSecret, prefix) = secrets.Create();
        endpoint.ProtectedSecret = protectedSecret;
        endpoint.SecretPrefix = prefix;
        endpoint.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new EndpointWithSecret(ToView(endpoint), secret));
    }

    private static async Task<IResult> DeliveriesAsync(Guid id, ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (await FindAsync(db, caller, id, cancellationToken) is null)
        {
            return Problems.NotFound("webhook endpoint");
        }

        var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.TargetId == id && m.WorkspaceId == caller.WorkspaceId)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(LogPageSize).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(cancellationToken))
            .ToLookup(a => a.DeliveryId);
        return TypedResults.Ok(rows.Select(r => ToView(r, attempts[r.Id])).ToList());
    }

    private static async Task<IResult> RedeliverAsync(
        Guid id, Guid deliveryId, ClaimsPrincipal user, KefuDbContext db, OutboxSignal signal, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var original = await db.OutboxMessages.AsNoTracking()
            .FirstOrDefaultAsync(m => m.Id == deliveryId && m.TargetId == id && m.WorkspaceId == caller.WorkspaceId && m.Kind == WebhookDelivery.KindName, cancellationToken);
        if (original is null || await FindAsync(db, caller, id, cancellationToken) is null)
        {
            return Problems.NotFound("webhook delivery");
        }

        var again = OutboxMessage.Create(caller.WorkspaceId, original.Kind, original.Payload, time.GetUtcNow(), original.TargetId);
        db.OutboxMessages.Add(again);
        await db.SaveChangesAsync(cancellationToken);
        signal.Pulse();
        return TypedResults.Accepted($"/api/v1/admin/webhooks/{id}/deliveries", ToView(again, []));
    }

    private static Task<WebhookEndpoint?> FindAsync(KefuDbContext db, Caller caller, Guid id, CancellationToken cancellationToken) =>
        db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id && e.WorkspaceId == caller.WorkspaceId, cancellationToken);

    private static string? CheckUrl(FieldErrors errors, string? url, IConfiguration configuration)
    {
        if (WebhookTarget.Refusal(url, configuration.GetValue<bool>(WebhookRegistration.AllowPrivateTargetsKey)) is { } refusal)
        {
            errors.Add("url", refusal);
            return null;
        }

        return url;
    }

    private static List<string>? CheckEvents(FieldErrors errors, IReadOnlyList<string>? events, bool required)
    {
        if (events is null || events.Count == 0)
        {
            if (required)
            {
                errors.Add("events", "name at least one event: " + string.Join(", ", WebhookEvents.All));
            }

            return null;
        }

        var unknown = events.Where(e => e is null || !WebhookEvents.IsKnown(e)).ToList();
        if (unknown.Count > 0 || events.Count > MaxEvents)
        {
            errors.Add("events", "must be some of: " + string.Join(", ", WebhookEvents.All));
            return null;
        }

        return [.. events.Distinct(StringComparer.Ordinal)];
    }

    private static EndpointView ToView(WebhookEndpoint e) => new(e.Id, e.Url, e.Events, e.IsActive, e.Description, e.SecretPrefix, e.CreatedAt, e.UpdatedAt);

    private static DeliveryView ToView(OutboxMessage message, IEnumerable<WebhookAttempt> attempts)
    {
        var dispatch = OutboxPayloads.Read<WebhookDispatch>(message);
        var state = message.DeliveredAt is not null ? "delivered" : message.DeadLetteredAt is not null ? "deadLettered" : "pending";
        return new DeliveryView(
            message.Id, dispatch.EventId, dispatch.Event, state, message.CreatedAt, message.Attempts,
            state == "pending" ? message.NextAttemptAt : null, message.DeliveredAt, message.DeadLetteredAt, message.LastError,
            [.. attempts.OrderBy(a => a.Attempt).ThenBy(a => a.AttemptedAt).Select(a => new AttemptView(a.Attempt, a.AttemptedAt, a.StatusCode, a.DurationMs, a.Succeeded, a.Error, a.Response))]);
    }
}
