using System.Globalization;
using System.Net;
using Kefu.Domain.Customers;
using Kefu.Domain.Email;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.CustomerNotifications;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Kefu.Server.Features.Email;

/// <summary>A reply ready for SMTP: the mail and the server of the workspace's mailbox.</summary>
public sealed record ReplyMail(OutgoingEmail Email, SmtpSettings Smtp);

/// <summary>
/// Builds the mail for an agent's public reply from what is stored (the outbox calls this, then
/// <see cref="EmailSender"/>), and sends the automatic notices the email channel itself needs.
/// </summary>
public sealed partial class EmailReplies(IDbContextFactory<KefuDbContext> contextFactory, EmailSecrets secrets, EmailSender sender, ILogger<EmailReplies> logger)
{
    /// <summary>How many earlier mails of the thread the References header names (the first and the latest ones).</summary>
    private const int MaxReferences = 20;

    /// <summary>Sends the reply by email; false when it is not one to send by email (see <see cref="LoadReplyAsync"/>). Throws when SMTP fails.</summary>
    public async Task<bool> SendReplyAsync(Guid messageId, CancellationToken cancellationToken)
    {
        if (await LoadReplyAsync(messageId, cancellationToken) is not { } reply)
        {
            return false;
        }

        await sender.SendAsync(reply.Email, reply.Smtp, cancellationToken);
        return true;
    }

    /// <summary>
    /// The mail for a public agent reply, or null when there is none to send: not a public agent reply, no mailbox
    /// with SMTP in the workspace, no address for the customer, or their address bounces.
    /// </summary>
    public async Task<ReplyMail?> LoadReplyAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(
            m => m.Id == messageId && m.Direction == MessageDirection.Outbound && m.Visibility == MessageVisibility.Public && m.TicketId != null,
            cancellationToken);
        if (message is null)
        {
            return null;
        }

        var ticket = await db.Tickets.AsNoTracking().FirstAsync(t => t.Id == message.TicketId, cancellationToken);
        var channel = await db.EmailChannels.AsNoTracking()
            .Where(c => c.WorkspaceId == ticket.WorkspaceId && c.Enabled && c.SmtpHost != null).OrderBy(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var customer = await db.Customers.AsNoTracking().Include(c => c.Identities).FirstAsync(c => c.Id == ticket.CustomerId, cancellationToken);
        var address = (customer.Email ?? customer.Identities.Where(i => i.Kind == IdentityKind.Email).Select(i => i.Handle).FirstOrDefault())?.ToLowerInvariant();
        if (channel is null || address is null)
        {
            return null;
        }

        if (await db.BouncingAddresses.AnyAsync(b => b.WorkspaceId == ticket.WorkspaceId && b.Address == address, cancellationToken))
        {
            LogBouncing(ticket.Number, address);
            return null;
        }

        var threadIds = (await db.Messages.AsNoTracking()
                .Where(m => m.TicketId == ticket.Id && m.Direction == MessageDirection.Inbound && m.ExternalId != null && m.ExternalId.StartsWith(MailIds.ExternalIdPrefix))
                .OrderBy(m => m.CreatedAt).Select(m => m.ExternalId).ToListAsync(cancellationToken))
            .Select(MailIds.MessageIdOf).OfType<string>().ToList();
        var references = threadIds.Count <= MaxReferences ? threadIds : [threadIds[0], .. threadIds[^(MaxReferences - 1)..]];
        var agent = message.AuthorAgentId is { } agentId
            ? await db.Agents.AsNoTracking().Where(a => a.Id == agentId).Select(a => new { a.DisplayName, a.AgentNumber }).FirstOrDefaultAsync(cancellationToken)
            : null;
        var workspaceName = await db.Workspaces.AsNoTracking().Where(w => w.Id == ticket.WorkspaceId).Select(w => w.Name).FirstAsync(cancellationToken);

        var signature = new List<string>();
        if (agent is not null)
        {
            signature.Add($"{agent.DisplayName}（工号 {agent.AgentNumber}）");
        }

        signature.Add(string.Create(CultureInfo.InvariantCulture, $"{workspaceName} 客服 · 工单 #{ticket.Number}"));
        if (message.VerificationCode is { } code)
        {
            signature.Add($"回复验证码 {code}（可在官方渠道核验客服身份）");
        }

        var email = new OutgoingEmail(
            From(channel),
            new MailboxAddress(customer.Name, address),
            SubjectTag.ForReply(ticket.Subject, ticket.Number),
            MailIds.ForMessage(message.Id, channel.MessageIdDomain),
            references.Count > 0 ? references[^1] : null,
            references,
            message.Body + "\n\n--\n" + string.Join('\n', signature),
            Html(message.Body, signature),
            IsAutomatic: false);
        return new ReplyMail(email, Smtp(channel));
    }

    /// <summary>
    /// Sends a status notice (needs information, solved, closed ...) to the customer from the workspace's mailbox,
    /// threaded under their latest mail. The Message-ID comes from the outbox row, so a retry is the same mail.
    /// False when there is no mailbox with SMTP or the address bounces.
    /// </summary>
    public async Task<bool> SendNoticeAsync(Guid workspaceId, Guid noticeId, EmailNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        EmailChannel? channel;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            channel = await db.EmailChannels.AsNoTracking()
                .Where(c => c.WorkspaceId == workspaceId && c.Enabled && c.SmtpHost != null).OrderBy(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            var address = notice.To.ToLowerInvariant();
            if (channel is null || await db.BouncingAddresses.AnyAsync(b => b.WorkspaceId == workspaceId && b.Address == address, cancellationToken))
            {
                return false;
            }
        }

        var mail = new OutgoingEmail(
            From(channel), new MailboxAddress("", notice.To), notice.Subject, MailIds.ForMessage(noticeId, channel.MessageIdDomain),
            notice.InReplyTo, notice.InReplyTo is null ? [] : [notice.InReplyTo], notice.Text, Html(notice.Text, []), IsAutomatic: true);
        await sender.SendAsync(mail, Smtp(channel), cancellationToken);
        return true;
    }

    /// <summary>
    /// Tells the sender their mail was not taken (a file too large or of a type we refuse), so they can send it again
    /// another way. Best effort: a notice that cannot be sent is logged, and the mail stays refused either way.
    /// </summary>
    public async Task SendRefusalNoticeAsync(EmailChannel channel, MimeMessage refused, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(refused);
        if (channel.SmtpHost is null || refused.From.Mailboxes.FirstOrDefault() is not { } to)
        {
            return;
        }

        string[] lines =
        [
            "您好，您的邮件未能受理：" + reason + "。",
            "附件请使用图片（PNG、JPEG、GIF、WebP）、PDF 或纯文本，单个不超过 10 MB，然后重新发送。",
            "",
            "Your mail was not accepted: " + reason + ". Attachments may be images (PNG, JPEG, GIF, WebP), PDF or plain text of up to 10 MB each; please send it again.",
        ];
        var notice = new OutgoingEmail(
            From(channel), to, "未受理 Not accepted: " + SubjectTag.Bare(refused.Subject),
            MailIds.ForMessage(Guid.NewGuid(), channel.MessageIdDomain),
            refused.MessageId, refused.MessageId is null ? [] : [refused.MessageId],
            string.Join('\n', lines), Html(string.Join('\n', lines), []), IsAutomatic: true);
        try
        {
            await sender.SendAsync(notice, Smtp(channel), cancellationToken);
        }
        catch (Exception ex) when (ex is MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException
            or MailKit.Security.AuthenticationException or IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException)
        {
            LogNoticeFailed(ex, channel.Id, to.Address);
        }
    }

    private static MailboxAddress From(EmailChannel channel) => new(channel.FromName ?? "", channel.FromAddress);

    private SmtpSettings Smtp(EmailChannel channel) =>
        new(channel.SmtpHost!, channel.SmtpPort, channel.SmtpSecurity, channel.SmtpUser, secrets.Unprotect(channel.SmtpPasswordProtected));

    /// <summary>Customer and agent text is untrusted: every piece is encoded, and only our own fixed markup surrounds it.</summary>
    private static string Html(string body, List<string> signature)
    {
        var html = "<!DOCTYPE html><html><body><div style=\"white-space:pre-wrap\">" + WebUtility.HtmlEncode(body) + "</div>";
        if (signature.Count > 0)
        {
            html += "<hr><p style=\"color:#555\">" + string.Join("<br>", signature.Select(WebUtility.HtmlEncode)) + "</p>";
        }

        return html + "</body></html>";
    }

    [LoggerMessage(LogLevel.Warning, "Reply on ticket {TicketNumber} not mailed: {Address} bounces")]
    private partial void LogBouncing(long ticketNumber, string address);

    [LoggerMessage(LogLevel.Warning, "Email channel {ChannelId}: refusal notice to {Address} could not be sent")]
    private partial void LogNoticeFailed(Exception exception, Guid channelId, string address);
}
