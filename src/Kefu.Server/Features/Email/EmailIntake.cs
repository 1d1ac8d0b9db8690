using System.Security.Cryptography;
using Kefu.Domain.Customers;
using Kefu.Domain.Email;
using Kefu.Domain.Intake;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Attachments;
using Kefu.Server.Features.Classification;
using Kefu.Server.Features.Sla;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Kefu.Server.Features.Email;

public enum InboundKind
{
    /// <summary>The mail opened a new ticket.</summary>
    Opened,

    /// <summary>The mail was added to an existing ticket.</summary>
    Appended,

    /// <summary>The mail was stored before (IMAP re-fetch, webhook retry).</summary>
    Duplicate,

    /// <summary>An out-of-office answer, list mail or our own mail: recorded in the log, not stored, never answered.</summary>
    Ignored,

    /// <summary>A bounce: the failed addresses are marked as bouncing.</summary>
    Bounce,

    /// <summary>Refused (an attachment too large or of a forbidden type, no sender): nothing stored.</summary>
    Rejected,
}

public sealed record InboundOutcome(InboundKind Kind, long? TicketNumber, string Detail);

/// <summary>
/// The one way a received mail becomes ticket data, whether IMAP polling or the inbound webhook brought it:
/// automatic mail is filtered out, the mail is threaded onto its ticket (or opens one), and the write is the
/// same as a customer message through the API, idempotent by the mail's Message-ID.
/// </summary>
public sealed partial class EmailIntake(
    GroupCommitter writer,
    IDbContextFactory<KefuDbContext> contextFactory,
    WorkspaceCatalog catalogs,
    IntentModels models,
    IBlobStore blobs,
    EmailReplies replies,
    TimeProvider time,
    ILogger<EmailIntake> logger)
{
    private const string EmailCustomerKind = "email-customer";
    private const int MaxReferences = 30;

    public async Task<InboundOutcome> ProcessInboundAsync(EmailChannel channel, MimeMessage mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(mail);
        var sender = mail.From.Mailboxes.FirstOrDefault();
        var address = sender?.Address?.Trim().ToLowerInvariant();
        if (address is null || !ContactRules.IsEmail(address) || address.Length > EmailChannel.MaxAddress)
        {
            return Log(new InboundOutcome(InboundKind.Rejected, null, "the mail has no usable From address"), channel, mail);
        }

        if (address.Equals(channel.FromAddress, StringComparison.OrdinalIgnoreCase))
        {
            return Log(new InboundOutcome(InboundKind.Ignored, null, "sent from the support address itself"), channel, mail);
        }

        var verdict = AutomaticMail.Judge(MailReading.Facts(mail));
        if (verdict.Origin == MailOrigin.Bounce)
        {
            var failed = MailReading.DeliveryReports(mail).SelectMany(DeliveryStatus.FailedRecipients).Distinct().ToList();
            await MarkBouncingAsync(channel.WorkspaceId, failed, verdict.Reason, cancellationToken);
            return Log(new InboundOutcome(InboundKind.Bounce, null, $"{verdict.Reason}; bouncing: {(failed.Count == 0 ? "none named" : string.Join(", ", failed))}"), channel, mail);
        }

        if (verdict.Origin == MailOrigin.AutoReply)
        {
            return Log(new InboundOutcome(InboundKind.Ignored, null, "automatic mail: " + verdict.Reason), channel, mail);
        }

        var externalId = MailIds.ExternalId(mail.MessageId, mail.MessageId is null ? RawBytes(mail) : []);
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            var earlier = await db.Messages.AsNoTracking().Where(m => m.WorkspaceId == channel.WorkspaceId && m.ExternalId == externalId)
                .Join(db.Tickets, m => m.TicketId, t => t.Id, (m, t) => (long?)t.Number).FirstOrDefaultAsync(cancellationToken);
            if (earlier is not null)
            {
                return Log(new InboundOutcome(InboundKind.Duplicate, earlier, "already stored"), channel, mail);
            }
        }

        var content = MailReading.Read(mail);
        if (content.Rejection is not null)
        {
            await replies.SendRefusalNoticeAsync(channel, mail, content.Rejection, cancellationToken);
            return Log(new InboundOutcome(InboundKind.Rejected, null, content.Rejection), channel, mail);
        }

        var files = await SaveFilesAsync(channel.WorkspaceId, content.Files, cancellationToken);
        var inbound = new Inbound(channel.WorkspaceId, address, SenderName(sender!, address), mail, externalId, Body(content.Text, mail.Subject, files.Count), files);

        // The thread is settled before the write so a new ticket can be classified outside the write queue; the write
        // checks it again, and if the ticket was closed in between, the mail is threaded once more (onto a new ticket).
        for (var attempt = 0; ; attempt++)
        {
            var decision = await DecideThreadAsync(inbound, cancellationToken);
            var draft = decision.OpensTicket ? await DraftAsync(inbound, cancellationToken) : null;
            var outcome = await writer.ExecuteAsync(scope => WriteAsync(scope, inbound, decision, draft), cancellationToken);
            if (outcome is not Written.Stale || attempt == 1)
            {
                return Log(outcome.Outcome ?? new InboundOutcome(InboundKind.Rejected, null, "the ticket changed while the mail was stored"), channel, mail);
            }
        }
    }

    private sealed record Inbound(
        Guid WorkspaceId, string Address, string Name, MimeMessage Mail, string ExternalId, string Body, IReadOnlyList<StoredFile> Files);

    private sealed record StoredFile(Guid Id, MailFile File, string StorageKey, string Sha256);

    private abstract record Written(InboundOutcome? Outcome) : IWriteOutcome
    {
        public bool KeepsChanges => this is Done;

        public sealed record Done(InboundOutcome Value) : Written(Value);

        public sealed record AlreadyStored(InboundOutcome Value) : Written(Value);

        public sealed record Stale() : Written((InboundOutcome?)null);
    }

    private async Task<ThreadDecision> DecideThreadAsync(Inbound inbound, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var workspaceId = inbound.WorkspaceId;
        var named = inbound.Mail.References.Reverse().Prepend(inbound.Mail.InReplyTo)
            .Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id!).Distinct().Take(MaxReferences).ToList();
        ThreadCandidate? byReference = null;
        if (named.Count > 0)
        {
            var ours = named.Select(MailIds.OurMessage).OfType<Guid>().ToList();
            var theirs = named.Select(MailIds.ReferenceExternalId).ToList();
            byReference = await db.Messages.AsNoTracking()
                .Where(m => m.WorkspaceId == workspaceId && m.TicketId != null && (ours.Contains(m.Id) || (m.ExternalId != null && theirs.Contains(m.ExternalId))))
                .OrderByDescending(m => m.CreatedAt)
                .Join(db.Tickets, m => m.TicketId, t => t.Id, (m, t) => new ThreadCandidate(t.Id, t.Number, t.CustomerId, t.Status == TicketStatus.Closed))
                .FirstOrDefaultAsync(cancellationToken);
        }

        ThreadCandidate? bySubject = null;
        if (SubjectTag.FindTicketNumber(inbound.Mail.Subject) is { } number)
        {
            bySubject = await db.Tickets.AsNoTracking().Where(t => t.WorkspaceId == workspaceId && t.Number == number)
                .Select(t => new ThreadCandidate(t.Id, t.Number, t.CustomerId, t.Status == TicketStatus.Closed)).FirstOrDefaultAsync(cancellationToken);
        }

        var senderCustomerId = await CustomersByAddress(db, workspaceId, inbound.Address).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        return EmailThreading.Decide(byReference, bySubject, senderCustomerId);
    }

    private async Task<CreateTicket.Draft> DraftAsync(Inbound inbound, CancellationToken cancellationToken)
    {
        var catalog = await catalogs.GetAsync(inbound.WorkspaceId, cancellationToken);
        var now = time.GetUtcNow();
        var subject = SubjectTag.Bare(inbound.Mail.Subject);
        var errors = new FieldErrors();
        var intake = TicketIntakeCheck.Check(
            new IntakeInput(
                EmailCustomerExternalId(inbound.Address), inbound.Name, inbound.Address, null,
                Clip(subject.Length == 0 ? Clip(inbound.Body, 60) : subject, TicketIntakeCheck.MaxSubject),
                Clip(inbound.Body, TicketIntakeCheck.MaxDescription),
                null, null, null, null, null, nameof(Channel.Email)),
            now, catalog.IsActiveCategory, errors, catalog.TimeZone)
            ?? throw new InvalidOperationException("Email intake made an invalid ticket: " + string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key} {string.Join(", ", e.Value)}")));
        return await CreateTicket.PrepareAsync(models, inbound.WorkspaceId, intake, catalog, now, cancellationToken);
    }

    private async Task<Written> WriteAsync(WriteScope scope, Inbound inbound, ThreadDecision decision, CreateTicket.Draft? draft)
    {
        var (db, ct) = (scope.Db, scope.CancellationToken);
        var earlier = await db.Messages.AsNoTracking().Where(m => m.WorkspaceId == inbound.WorkspaceId && m.ExternalId == inbound.ExternalId)
            .Join(db.Tickets, m => m.TicketId, t => t.Id, (m, t) => (long?)t.Number).FirstOrDefaultAsync(ct);
        if (earlier is not null)
        {
            return new Written.AlreadyStored(new InboundOutcome(InboundKind.Duplicate, earlier, "already stored"));
        }

        if (draft is not null)
        {
            var customer = await FindOrCreateCustomerAsync(scope, inbound, draft.Now);
            var (opened, first) = await CreateTicket.OpenAsync(scope, draft, customer, inbound.ExternalId);
            foreach (var file in inbound.Files)
            {
                scope.Insert(ToAttachment(file, opened, first.Id, draft.Now));
            }

            return new Written.Done(new InboundOutcome(InboundKind.Opened, opened.Number, decision.Reason.ToString()));
        }

        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == decision.TicketId, ct);
        if (ticket is null)
        {
            return new Written.Stale();
        }

        var now = time.GetUtcNow();
        var catalog = await catalogs.GetAsync(inbound.WorkspaceId, ct);
        var sla = catalog.Sla;
        if (await AddCustomerMessage.TargetAsync(db, ticket, now, ct) == Domain.Csat.CustomerReplyTarget.FollowOnTicket)
        {
            // Past the reopen window (or closed): the reply opens a new ticket that continues this one.
            var customer = await FindOrCreateCustomerAsync(scope, inbound, now);
            var (followOn, first) = await AddCustomerMessage.OpenFollowOnAsync(
                scope, ticket, customer, catalog, new AddCustomerMessage.FollowOnReply(inbound.Body, inbound.ExternalId, Channel.Email, "email"), now);
            foreach (var file in inbound.Files)
            {
                scope.Insert(ToAttachment(file, followOn, first.Id, now));
            }

            return new Written.Done(new InboundOutcome(InboundKind.Opened, followOn.Number, "follow-on of #" + ticket.Number));
        }

        var author = await CustomersByAddress(db, inbound.WorkspaceId, inbound.Address).Select(c => new { c.Id, c.Name }).FirstOrDefaultAsync(ct);
        var before = ticket.Status;
        ticket.ReceiveCustomerMessage(now);
        var appended = (await MessageWriting.AppendAsync(db, ticket, now, new MessageDraft(
            MessageDirection.Inbound, MessageVisibility.Public, AuthorKind.Customer, null, null, inbound.Body, inbound.ExternalId, []), ct))!;
        foreach (var file in inbound.Files)
        {
            db.Attachments.Add(ToAttachment(file, ticket, appended.Message.Id, now));
        }

        // A reply from another address (a colleague in copy) is the customer's thread, but the timeline says who wrote.
        MessageWriting.Audit(db, ticket, now, AuditKinds.CustomerMessage, AuthorKind.Customer, author?.Id, author?.Name ?? inbound.Address, isPublic: true,
            MessageWriting.MessageData(appended.Message, ("channel", "email"), ("threadedBy", decision.Reason.ToString())));
        MessageWriting.AuditStatusChange(db, ticket, before, now, AuthorKind.Customer, author?.Id, author?.Name ?? inbound.Address);
        await TicketSla.OnCustomerMessageAsync(db, ticket, sla, now, ct);
        return new Written.Done(new InboundOutcome(InboundKind.Appended, ticket.Number, decision.Reason.ToString()));
    }

    /// <summary>The customer with this address as an email identity (the oldest, if several have it), or one made for it.</summary>
    private static async Task<Customer> FindOrCreateCustomerAsync(WriteScope scope, Inbound inbound, DateTimeOffset now)
    {
        var (db, workspaceId, address) = (scope.Db, inbound.WorkspaceId, inbound.Address);
        if (scope.TryGetShared<Customer>(EmailCustomerKind, workspaceId, address, out var shared))
        {
            return shared;
        }

        var externalId = EmailCustomerExternalId(address);
        var customer = await CustomersByAddress(db, workspaceId, address).FirstOrDefaultAsync(scope.CancellationToken)
            ?? await db.Customers.FirstOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.ExternalId == externalId, scope.CancellationToken);
        if (customer is null)
        {
            customer = new Customer
            {
                Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ExternalId = externalId, Name = inbound.Name, Email = address, CreatedAt = now,
            };
            customer.AddIdentity(IdentityKind.Email, address, () => Guid.CreateVersion7(now));
            scope.Insert(customer);
        }

        scope.Share(EmailCustomerKind, workspaceId, address, customer);
        return customer;
    }

    private static IQueryable<Customer> CustomersByAddress(KefuDbContext db, Guid workspaceId, string address) =>
        db.Customers.Where(c => c.WorkspaceId == workspaceId
                && db.CustomerIdentities.Any(i => i.CustomerId == c.Id && i.WorkspaceId == workspaceId && i.Kind == IdentityKind.Email && i.Handle == address))
            .OrderBy(c => c.CreatedAt);

    /// <summary>A customer known only by email gets the address as their platform id, hashed when it is too long for one.</summary>
    private static string EmailCustomerExternalId(string address)
    {
        var id = MailIds.ExternalIdPrefix + address;
        return id.Length <= TicketIntakeCheck.MaxExternalId
            ? id
            : MailIds.ExternalIdPrefix + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(address)));
    }

    private async Task<IReadOnlyList<StoredFile>> SaveFilesAsync(Guid workspaceId, IReadOnlyList<MailFile> files, CancellationToken cancellationToken)
    {
        var stored = new List<StoredFile>();
        foreach (var file in files)
        {
            var now = time.GetUtcNow();
            var id = Guid.CreateVersion7(now);
            var key = $"{workspaceId:N}/{now:yyyy}/{now:MM}/{id:N}";
            using var content = new MemoryStream(file.Content, writable: false);
            await blobs.SaveAsync(key, content, cancellationToken);
            stored.Add(new StoredFile(id, file, key, Convert.ToHexStringLower(SHA256.HashData(file.Content))));
        }

        return stored;
    }

    private static Attachment ToAttachment(StoredFile file, Ticket ticket, Guid messageId, DateTimeOffset now) => new()
    {
        Id = file.Id, WorkspaceId = ticket.WorkspaceId, TicketId = ticket.Id, MessageId = messageId, FileName = file.File.FileName,
        ContentType = file.File.ContentType, Size = file.File.Content.Length, Sha256 = file.Sha256, StorageKey = file.StorageKey, CreatedAt = now,
    };

    private async Task MarkBouncingAsync(Guid workspaceId, IReadOnlyList<string> addresses, string reason, CancellationToken cancellationToken)
    {
        var valid = addresses.Where(a => a.Length <= EmailChannel.MaxAddress).ToList();
        if (valid.Count == 0)
        {
            return;
        }

        await writer.ExecuteAsync(async scope =>
        {
            var now = time.GetUtcNow();
            var known = await scope.Db.BouncingAddresses.Where(b => b.WorkspaceId == workspaceId && valid.Contains(b.Address)).ToListAsync(scope.CancellationToken);
            foreach (var address in valid)
            {
                var row = known.Find(b => b.Address == address);
                if (row is null)
                {
                    scope.Db.BouncingAddresses.Add(new BouncingAddress
                    {
                        Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, Address = address, Bounces = 1, FirstBouncedAt = now, LastBouncedAt = now,
                        LastReason = Clip(reason, 500),
                    });
                }
                else
                {
                    row.Bounces++;
                    row.LastBouncedAt = now;
                    row.LastReason = Clip(reason, 500);
                }
            }

            return true;
        }, cancellationToken);
    }

    private static string Body(string text, string? subject, int files)
    {
        var body = text.Length > 0 ? text : (files > 0 ? "[附件 attachments]" : SubjectTag.Bare(subject));
        return Clip(body.Length == 0 ? "(空邮件 empty mail)" : body, Message.MaxBodyLength);
    }

    private static string SenderName(MailboxAddress sender, string address)
    {
        var name = sender.Name?.Trim();
        return Clip(string.IsNullOrEmpty(name) ? address[..address.IndexOf('@', StringComparison.Ordinal)] : name, TicketIntakeCheck.MaxName);
    }

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];

    private static byte[] RawBytes(MimeMessage mail)
    {
        using var buffer = new MemoryStream();
        mail.WriteTo(buffer);
        return buffer.ToArray();
    }

    private InboundOutcome Log(InboundOutcome outcome, EmailChannel channel, MimeMessage mail)
    {
        if (outcome.Kind is InboundKind.Rejected)
        {
            LogRejected(channel.Id, mail.MessageId, mail.From.Mailboxes.FirstOrDefault()?.Address, outcome.Detail);
        }
        else
        {
            LogProcessed(channel.Id, mail.MessageId, outcome.Kind, outcome.TicketNumber, outcome.Detail);
        }

        return outcome;
    }

    [LoggerMessage(LogLevel.Information, "Email channel {ChannelId}: mail {MessageId} {Kind} (ticket {TicketNumber}): {Detail}")]
    private partial void LogProcessed(Guid channelId, string? messageId, InboundKind kind, long? ticketNumber, string detail);

    [LoggerMessage(LogLevel.Warning, "Email channel {ChannelId}: mail {MessageId} from {Sender} rejected, nothing stored: {Reason}")]
    private partial void LogRejected(Guid channelId, string? messageId, string? sender, string reason);
}
