using Kefu.Domain.Email;
using Kefu.Persistence;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Email;

/// <summary>
/// Fetches new mail from every workspace mailbox with IMAP settings, in UID order, and remembers the last UID
/// after each mail, so a restart neither skips nor (thanks to the Message-ID) duplicates one. Mail is marked
/// seen for people who also look at the mailbox; what was processed is decided by UID, not by that flag.
/// </summary>
public sealed partial class EmailPoller(
    IDbContextFactory<KefuDbContext> contextFactory,
    EmailIntake intake,
    EmailSecrets secrets,
    TimeProvider time,
    IConfiguration configuration,
    ILogger<EmailPoller> logger) : BackgroundService
{
    /// <summary>How many mails one poll of one mailbox takes at most, so one full mailbox does not starve the others.</summary>
    public const int MaxPerPoll = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(5, configuration.GetValue("Email:Poll:IntervalSeconds", 60)));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAllAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A mail that failed stays above the remembered UID and is tried again next round.
                LogPollFailed(ex);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task PollAllAsync(CancellationToken cancellationToken)
    {
        List<Guid> channels;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            channels = await db.EmailChannels.AsNoTracking()
                .Where(c => c.Enabled && c.ImapHost != null && c.ImapUser != null).Select(c => c.Id).ToListAsync(cancellationToken);
        }

        foreach (var id in channels)
        {
            await PollAsync(id, cancellationToken);
        }
    }

    /// <summary>Processes the mailbox's new mail; returns how many mails were processed, or -1 when the mailbox could not be read.</summary>
    public async Task<int> PollAsync(Guid channelId, CancellationToken cancellationToken)
    {
        EmailChannel? channel;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            channel = await db.EmailChannels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        }

        if (channel is null || !channel.PollsImap)
        {
            return 0;
        }

        try
        {
            var processed = await FetchAsync(channel, cancellationToken);
            await RecordPollAsync(channelId, null, cancellationToken);
            return processed;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or TimeoutException or ImapProtocolException
            or ImapCommandException or MailKit.Security.AuthenticationException or MailKit.Security.SslHandshakeException or ServiceNotConnectedException)
        {
            LogMailboxFailed(ex, channelId, channel.ImapHost!);
            await RecordPollAsync(channelId, ex.GetType().Name + ": " + ex.Message, cancellationToken);
            return -1;
        }
    }

    private async Task<int> FetchAsync(EmailChannel channel, CancellationToken cancellationToken)
    {
        using var client = new ImapClient { Timeout = (int)EmailSender.Timeout.TotalMilliseconds };
        await client.ConnectAsync(channel.ImapHost!, channel.ImapPort, EmailSender.SocketOptions(channel.ImapSecurity), cancellationToken);
        await client.AuthenticateAsync(channel.ImapUser!, secrets.Unprotect(channel.ImapPasswordProtected) ?? "", cancellationToken);
        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);

        // A new UIDVALIDITY means the server renumbered the mailbox: start over; Message-IDs keep that from duplicating anything.
        var lastUid = inbox.UidValidity == channel.ImapUidValidity ? (uint)Math.Clamp(channel.LastSeenUid, 0, uint.MaxValue) : 0u;
        var uids = lastUid >= UniqueId.MaxValue.Id ? [] : (await inbox.SearchAsync(SearchQuery.Uids(new UniqueIdRange(new UniqueId(lastUid + 1), UniqueId.MaxValue)), cancellationToken))
            .Where(u => u.Id > lastUid).OrderBy(u => u.Id).Take(MaxPerPoll).ToList();
        var processed = 0;
        foreach (var uid in uids)
        {
            MimeKit.MimeMessage mail;
            try
            {
                mail = await inbox.GetMessageAsync(uid, cancellationToken);
            }
            catch (Exception ex) when (ex is FormatException or MimeKit.ParseException)
            {
                // Unreadable now means unreadable forever: skipping it is the only way past it.
                LogUnreadable(ex, channel.Id, uid.Id);
                await RememberAsync(channel.Id, inbox.UidValidity, uid.Id, cancellationToken);
                continue;
            }

            await intake.ProcessInboundAsync(channel, mail, cancellationToken);
            await inbox.AddFlagsAsync(uid, MessageFlags.Seen, silent: true, cancellationToken);
            await RememberAsync(channel.Id, inbox.UidValidity, uid.Id, cancellationToken);
            processed++;
        }

        if (uids.Count == 0 && inbox.UidValidity != channel.ImapUidValidity)
        {
            await RememberAsync(channel.Id, inbox.UidValidity, 0, cancellationToken);
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
        return processed;
    }

    private async Task RememberAsync(Guid channelId, uint uidValidity, uint uid, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.EmailChannels.Where(c => c.Id == channelId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ImapUidValidity, uidValidity).SetProperty(c => c.LastSeenUid, uid), cancellationToken);
    }

    private async Task RecordPollAsync(Guid channelId, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var clipped = error is { Length: > 500 } ? error[..500] : error;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.EmailChannels.Where(c => c.Id == channelId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastPolledAt, now).SetProperty(c => c.LastPollError, clipped), cancellationToken);
    }

    [LoggerMessage(LogLevel.Error, "Email polling failed")]
    private partial void LogPollFailed(Exception exception);

    [LoggerMessage(LogLevel.Warning, "Email channel {ChannelId}: mail with IMAP UID {Uid} is not a readable MIME message; skipped")]
    private partial void LogUnreadable(Exception exception, Guid channelId, uint uid);

    [LoggerMessage(LogLevel.Warning, "Email channel {ChannelId}: mailbox at {Host} could not be read")]
    private partial void LogMailboxFailed(Exception exception, Guid channelId, string host);
}
