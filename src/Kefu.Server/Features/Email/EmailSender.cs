using Kefu.Domain.Email;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Text;

namespace Kefu.Server.Features.Email;

public sealed record SmtpSettings(string Host, int Port, MailSecurity Security, string? User, string? Password);

/// <summary>A mail to send, every header settled: the same reply sent twice carries the same Message-ID.</summary>
/// <param name="IsAutomatic">A notice no person wrote: marked Auto-Submitted so the other side's robots do not answer it.</param>
public sealed record OutgoingEmail(
    MailboxAddress From,
    MailboxAddress To,
    string Subject,
    string MessageId,
    string? InReplyTo,
    IReadOnlyList<string> References,
    string Text,
    string Html,
    bool IsAutomatic);

/// <summary>
/// Sends one mail over SMTP and throws when the server did not take it. Queueing and retries belong to the
/// outbox that calls it; a retry is safe because the Message-ID does not change.
/// </summary>
public sealed class EmailSender
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task SendAsync(OutgoingEmail email, SmtpSettings smtp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(smtp);
        using var message = Compose(email);
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host, smtp.Port, SocketOptions(smtp.Security), cancellationToken);
        if (!string.IsNullOrEmpty(smtp.User))
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    public static SecureSocketOptions SocketOptions(MailSecurity security) => security switch
    {
        MailSecurity.Tls => SecureSocketOptions.SslOnConnect,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.None,
    };

    public static MimeMessage Compose(OutgoingEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var message = new MimeMessage { Subject = email.Subject, MessageId = email.MessageId };
        message.From.Add(email.From);
        message.To.Add(email.To);
        if (email.InReplyTo is not null)
        {
            message.InReplyTo = email.InReplyTo;
        }

        foreach (var reference in email.References)
        {
            message.References.Add(reference);
        }

        if (email.IsAutomatic)
        {
            message.Headers.Add("Auto-Submitted", "auto-replied");
            message.Headers.Add("X-Auto-Response-Suppress", "All");
        }

        message.Body = new MultipartAlternative
        {
            new TextPart(TextFormat.Plain) { Text = email.Text },
            new TextPart(TextFormat.Html) { Text = email.Html },
        };
        return message;
    }
}
