using Kefu.Domain.Outbox;
using Kefu.Domain.Tickets;
using Kefu.Server.Features.CustomerNotifications;
using Kefu.Server.Features.Outbox;

namespace Kefu.Server.Features.WeChat;

/// <summary>The outbox's "wechat" rows: replies and notices to a customer who wrote through the Official Account or WeCom.</summary>
public sealed class WeChatDelivery(WeChatSender sender) : IOutboxDelivery
{
    public string Kind => NoticeText.KindOf(Channel.WeChat);

    public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var notice = OutboxPayloads.Read<ChannelNotice>(message);
        return sender.SendAsync(message.WorkspaceId, notice.Handle, notice.Text, cancellationToken);
    }
}
