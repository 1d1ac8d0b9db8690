using Kefu.Domain.Outbox;

namespace Kefu.Server.Features.Outbox;

/// <summary>
/// Sends outbox rows of one <see cref="Kind"/> (webhook, email, wechat ...). Throws when the message was not
/// accepted, and the row is tried again later; may be called again for a message it already sent (at least once),
/// so it passes <see cref="OutboxMessage.IdempotencyKey"/> on for the receiver to drop repeats.
/// </summary>
public interface IOutboxDelivery
{
    string Kind { get; }

    Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>A failure no retry can mend (the endpoint was deleted): the row is dead-lettered at once.</summary>
public sealed class PermanentDeliveryException(string message) : Exception(message);
