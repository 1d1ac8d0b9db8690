using System.Text.Json.Nodes;
using Kefu.Persistence;
using Kefu.Server.Features.Outbox;

namespace Kefu.Server.Features.Webhooks;

/// <summary>
/// Raises a webhook event that is not a timeline entry (a survey link, a compensation to carry out): one outbox row
/// per endpoint subscribed to it, written on the caller's context so it commits or rolls back with the change.
/// The body has the same envelope as the timeline events: id, type, createdAt, workspaceId, data.
/// </summary>
public sealed class WebhookOutbox(WebhookSubscriptions subscriptions)
{
    /// <returns>How many endpoints will receive the event.</returns>
    public async Task<int> RaiseAsync(KefuDbContext db, Guid workspaceId, string eventType, JsonObject data, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var endpoints = (await subscriptions.GetAsync(workspaceId, cancellationToken)).Where(s => s.Events.Contains(eventType)).ToList();
        if (endpoints.Count == 0)
        {
            return 0;
        }

        var eventId = Guid.CreateVersion7(now);
        var body = new JsonObject
        {
            ["id"] = eventId,
            ["type"] = eventType,
            ["createdAt"] = now,
            ["workspaceId"] = workspaceId,
            ["data"] = data,
        }.ToJsonString(OutboxPayloads.Json);
        foreach (var endpoint in endpoints)
        {
            OutboxPayloads.Enqueue(db, workspaceId, WebhookDelivery.KindName, new WebhookDispatch(endpoint.EndpointId, eventId, eventType, body), now, endpoint.EndpointId);
        }

        return endpoints.Count;
    }
}
