using Kefu.Domain.Customers;
using Kefu.Domain.Intake;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Classification;
using Kefu.Server.Features.Sla;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Channels;

/// <summary>How a channel knows the sender, and what to call a customer it has not seen before.</summary>
public sealed record InboundSender(IdentityKind Kind, string Handle, string CustomerExternalId, string Name, string? Phone);

/// <summary>A file the channel already fetched, checked and put in the blob store; the write only records it.</summary>
public sealed record InboundFile(string FileName, string ContentType, long Size, string Sha256, string StorageKey);

/// <summary>One customer message from a channel, idempotent by <see cref="ExternalId"/> (prefixed with the channel).</summary>
public sealed record InboundMessage(Guid WorkspaceId, Channel Channel, string ChannelCode, InboundSender From, string ExternalId, string Text, InboundFile? File);

public sealed record Ingested(long TicketNumber, Guid MessageId, bool Duplicate, bool OpenedTicket);

/// <summary>
/// The one write every inbound channel ends in: the sender's customer (found by identity, so a merge is
/// followed), the message on that customer's open ticket, or a new ticket opened the way CreateTicket opens one.
/// </summary>
public sealed class ChannelIngest(GroupCommitter writer, WorkspaceCatalog catalogs, IntentModels models, TimeProvider time)
{
    public const int SubjectLength = 40;

    /// <summary>Whether the message was stored before; lets a channel skip fetching media for a redelivery.</summary>
    public static Task<bool> IsKnownAsync(KefuDbContext db, Guid workspaceId, string externalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Messages.AnyAsync(m => m.WorkspaceId == workspaceId && m.ExternalId == externalId, cancellationToken);
    }

    public async Task<Ingested> IngestAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var catalog = await catalogs.GetAsync(message.WorkspaceId, cancellationToken);
        var now = time.GetUtcNow();
        var intake = new CheckedIntake(
            message.From.CustomerExternalId, message.From.Name, null, message.From.Phone, Subject(message.Text), message.Text,
            null, null, null, null, null, message.Channel);
        var draft = await CreateTicket.PrepareAsync(models, message.WorkspaceId, intake, catalog, now, cancellationToken) with { ChannelCode = message.ChannelCode };
        return await writer.ExecuteAsync(scope => WriteAsync(scope, message, draft, now), cancellationToken);
    }

    public static string Subject(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= SubjectLength ? line : line[..SubjectLength] + "…";
    }

    private static async Task<Ingested> WriteAsync(WriteScope scope, InboundMessage inbound, CreateTicket.Draft draft, DateTimeOffset now)
    {
        var (db, ct) = (scope.Db, scope.CancellationToken);
        var earlier = await db.Messages.AsNoTracking()
            .Where(m => m.WorkspaceId == inbound.WorkspaceId && m.ExternalId == inbound.ExternalId)
            .Select(m => new { m.Id, m.TicketId }).FirstOrDefaultAsync(ct);
        if (earlier is not null)
        {
            var number = await db.Tickets.Where(t => t.Id == earlier.TicketId).Select(t => t.Number).FirstAsync(ct);
            return new Ingested(number, earlier.Id, Duplicate: true, OpenedTicket: false);
        }

        var customer = await FindOrCreateCustomerAsync(scope, inbound, now);
        var ticket = await db.Tickets
            .Where(t => t.WorkspaceId == inbound.WorkspaceId && t.CustomerId == customer.Id && t.Status != TicketStatus.Solved && t.Status != TicketStatus.Closed)
            .OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(ct);

        // No ticket in progress: the customer's latest ticket reopens within the reopen window, else a new one continues it.
        Ticket? previous = null;
        if (ticket is null && IsStored(db, customer))
        {
            previous = await db.Tickets.Where(t => t.WorkspaceId == inbound.WorkspaceId && t.CustomerId == customer.Id)
                .OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(ct);
            if (previous is not null && await AddCustomerMessage.TargetAsync(db, previous, now, ct) == Domain.Csat.CustomerReplyTarget.Reopen)
            {
                (ticket, previous) = (previous, null);
            }
        }

        Message stored;
        var opened = ticket is null;
        if (ticket is null)
        {
            (ticket, stored) = await CreateTicket.OpenAsync(scope, draft, customer, inbound.ExternalId);
            if (previous is not null)
            {
                AddCustomerMessage.Link(scope, previous, ticket, customer, now);
            }
        }
        else
        {
            var before = ticket.Status;
            ticket.ReceiveCustomerMessage(now);
            var appended = await MessageWriting.AppendAsync(db, ticket, now, new MessageDraft(
                MessageDirection.Inbound, MessageVisibility.Public, AuthorKind.Customer, null, null, inbound.Text, inbound.ExternalId, []), ct);
            stored = appended!.Message;
            MessageWriting.Audit(db, ticket, now, AuditKinds.CustomerMessage, AuthorKind.Customer, customer.Id, customer.Name, isPublic: true,
                MessageWriting.MessageData(stored, ("channel", inbound.ChannelCode)));
            MessageWriting.AuditStatusChange(db, ticket, before, now, AuthorKind.Customer, customer.Id, customer.Name);
            await TicketSla.OnCustomerMessageAsync(db, ticket, draft.Sla, now, ct);
        }

        if (inbound.File is { } file)
        {
            db.Attachments.Add(new Attachment
            {
                Id = Guid.CreateVersion7(now), WorkspaceId = inbound.WorkspaceId, TicketId = ticket.Id, MessageId = stored.Id,
                FileName = file.FileName, ContentType = file.ContentType, Size = file.Size, Sha256 = file.Sha256, StorageKey = file.StorageKey, CreatedAt = now,
            });
        }

        return new Ingested(ticket.Number, stored.Id, Duplicate: false, OpenedTicket: opened);
    }

    private static bool IsStored(KefuDbContext db, Customer customer) =>
        db.ChangeTracker.Entries<Customer>().Any(e => ReferenceEquals(e.Entity, customer) && e.State != EntityState.Added);

    /// <summary>
    /// The customer the channel identity belongs to, wherever a merge put it; else the record this channel made for the
    /// sender before; else a new one. Nothing here matches on name or phone: those are too weak to join two people.
    /// </summary>
    private static async Task<Customer> FindOrCreateCustomerAsync(WriteScope scope, InboundMessage inbound, DateTimeOffset now)
    {
        var (db, ct) = (scope.Db, scope.CancellationToken);
        var (workspaceId, from) = (inbound.WorkspaceId, inbound.From);
        if (scope.TryGetShared<Customer>(BatchKey.Customer, workspaceId, from.CustomerExternalId, out var shared))
        {
            return shared;
        }

        var ownerId = await db.CustomerIdentities
            .Where(i => i.WorkspaceId == workspaceId && i.Kind == from.Kind && i.Handle == from.Handle)
            .OrderBy(i => i.Id).Select(i => (Guid?)i.CustomerId).FirstOrDefaultAsync(ct);
        var customer = ownerId is { } id
            ? await db.Customers.FirstAsync(c => c.Id == id, ct)
            : await db.Customers.FirstOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.ExternalId == from.CustomerExternalId, ct);
        if (customer?.MergedIntoId is { } survivorId)
        {
            customer = await db.Customers.FirstAsync(c => c.Id == survivorId, ct);
        }

        if (customer is null)
        {
            customer = new Customer
            {
                Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ExternalId = from.CustomerExternalId, Name = from.Name, Phone = from.Phone, CreatedAt = now,
            };
            customer.AddIdentity(IdentityKind.ExternalId, from.CustomerExternalId, () => Guid.CreateVersion7(now));
            customer.AddIdentity(from.Kind, from.Handle, () => Guid.CreateVersion7(now));
            if (from.Phone is not null)
            {
                customer.AddIdentity(IdentityKind.Phone, from.Phone, () => Guid.CreateVersion7(now));
            }

            scope.Insert(customer);
        }

        scope.Share(BatchKey.Customer, workspaceId, from.CustomerExternalId, customer);
        return customer;
    }
}
