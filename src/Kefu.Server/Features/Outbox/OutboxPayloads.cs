using System.Text.Json;
using Kefu.Domain.Outbox;
using Kefu.Persistence;

namespace Kefu.Server.Features.Outbox;

/// <summary>Writing and reading outbox payloads: one JSON shape for every kind, so the deliveries read what the writers wrote.</summary>
public static class OutboxPayloads
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    /// <summary>Adds a row to the context of the write in progress, so it commits (or rolls back) with that write.</summary>
    public static OutboxMessage Enqueue<T>(KefuDbContext db, Guid workspaceId, string kind, T payload, DateTimeOffset now, Guid? targetId = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var message = OutboxMessage.Create(workspaceId, kind, JsonSerializer.Serialize(payload, Json), now, targetId);
        db.OutboxMessages.Add(message);
        return message;
    }

    public static T Read<T>(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return JsonSerializer.Deserialize<T>(message.Payload, Json)
            ?? throw new PermanentDeliveryException($"Outbox message {message.Id} has an empty {message.Kind} payload.");
    }
}
