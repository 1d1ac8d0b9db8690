using Kefu.Domain.Outbox;
using Kefu.Server.Features.CustomerNotifications;
using Kefu.Server.Features.Outbox;

namespace Kefu.Server.Features.Email;

/// <summary>
/// The outbox's "email" rows: an agent's reply goes out as the threaded reply mail built from the stored message,
/// anything else (needs information, solved ...) as an automatic notice. Nothing to send (no mailbox, bouncing
/// address) counts as delivered; an SMTP failure throws and the outbox tries again later.
/// </summary>
public sealed class EmailDelivery(EmailReplies replies) : IOutboxDelivery
{
    public string Kind => NoticeText.EmailKind;

    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var notice = OutboxPayloads.Read<EmailNotice>(message);
        if (notice.MessageId is { } messageId && await replies.SendReplyAsync(messageId, cancellationToken))
        {
            return;
        }

        if (notice.MessageId is null)
        {
            await replies.SendNoticeAsync(message.WorkspaceId, message.Id, notice, cancellationToken);
        }
    }
}
