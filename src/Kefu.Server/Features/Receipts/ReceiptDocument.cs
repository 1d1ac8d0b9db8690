using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kefu.Domain.Tickets;
using Kefu.Domain.Workspaces;
using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Receipts;

/// <summary>
/// The signed part of a contact receipt: what a customer can show a regulator (12315, 黑猫投诉) about
/// their contact. Written member by member so the layout is fixed and documented (docs/receipts.md);
/// the signature covers these exact bytes.
/// </summary>
public static class ReceiptDocument
{
    public const string Type = "kefu.contact-receipt";
    public const int Version = 1;

    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        // A receipt is a JSON file, never HTML: Chinese text stays readable and base64 keeps its '+'
        // instead of \u escapes, so the offline check in docs/receipts.md can cut and decode it.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<byte[]> BuildAsync(
        KefuDbContext db, Ticket ticket, Workspace workspace, TicketTimeline timeline, string keyId, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(timeline);

        var category = ticket.CategoryId is null ? null : await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == ticket.CategoryId, cancellationToken);
        var customerName = await db.Customers.AsNoTracking().Where(c => c.Id == ticket.CustomerId).Select(c => c.Name).FirstAsync(cancellationToken);
        var messages = await db.Messages.AsNoTracking()
            .Where(m => m.TicketId == ticket.Id && m.Visibility == MessageVisibility.Public)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .ToListAsync(cancellationToken);
        var attachments = (await db.Attachments.AsNoTracking().Where(a => a.TicketId == ticket.Id && a.MessageId != null).ToListAsync(cancellationToken))
            .OrderBy(a => a.CreatedAt).ToLookup(a => a.MessageId!.Value);

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("type", Type);
            json.WriteNumber("version", Version);
            json.WriteString("keyId", keyId);
            json.WriteString("issuedAt", Utc(issuedAt));

            json.WriteStartObject("workspace");
            json.WriteString("slug", workspace.Slug);
            json.WriteString("name", workspace.Name);
            json.WriteString("timeZone", workspace.TimeZone);
            json.WriteEndObject();

            json.WriteStartObject("ticket");
            json.WriteNumber("number", ticket.Number);
            json.WriteString("subject", ticket.Subject);
            json.WriteString("status", Camel(ticket.Status));
            if (category is null)
            {
                json.WriteNull("category");
            }
            else
            {
                json.WriteStartObject("category");
                json.WriteString("code", category.Code);
                json.WriteString("name", category.NameZh);
                json.WriteString("nameEn", category.NameEn);
                json.WriteEndObject();
            }

            json.WriteString("orderNumber", ticket.OrderNumber);
            json.WriteString("desiredOutcome", ticket.DesiredOutcome);
            json.WriteEndObject();

            json.WriteStartObject("contact");
            json.WriteString("at", Utc(ticket.CreatedAt));
            json.WriteString("channel", JsonNamingPolicy.CamelCase.ConvertName(ticket.Channel.ToString()));
            json.WriteString("customer", customerName);
            json.WriteString("occurredAt", ticket.OccurredAt is { } occurred ? Utc(occurred) : null);
            json.WriteEndObject();

            WriteStatusHistory(json, timeline.Entries);
            WriteMessages(json, messages, attachments);

            // Commitments made to the customer will be listed here once tickets carry promises.
            json.WriteStartArray("promises");
            json.WriteEndArray();

            json.WriteStartObject("timeline");
            json.WriteString("chain", TimelineChain.Version);
            json.WriteNumber("entries", timeline.Check.IntactEntries);
            json.WriteString("head", timeline.Check.Head is { } head ? Convert.ToHexStringLower(head) : null);
            json.WriteEndObject();

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteStatusHistory(Utf8JsonWriter json, IReadOnlyList<AuditEvent> entries)
    {
        json.WriteStartArray("statusHistory");
        foreach (var entry in entries.Where(e => e.IsPublic && e.Kind is AuditKinds.TicketCreated or AuditKinds.StatusChanged))
        {
            json.WriteStartObject();
            json.WriteString("at", Utc(entry.CreatedAt));
            if (entry.Kind == AuditKinds.TicketCreated)
            {
                json.WriteNull("from");
                json.WriteString("to", Camel(TicketStatus.New));
            }
            else
            {
                using var data = JsonDocument.Parse(entry.Data ?? "{}");
                json.WriteString("from", data.RootElement.TryGetProperty("from", out var from) ? from.GetString() : null);
                json.WriteString("to", data.RootElement.TryGetProperty("to", out var to) ? to.GetString() : null);
            }

            json.WriteString("by", JsonNamingPolicy.CamelCase.ConvertName(entry.ActorKind.ToString()));
            json.WriteString("agentNumber", entry.ActorKind == AuthorKind.Agent ? entry.ActorLabel : null);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteMessages(Utf8JsonWriter json, List<Message> messages, ILookup<Guid, Attachment> attachments)
    {
        json.WriteStartArray("messages");
        foreach (var message in messages)
        {
            json.WriteStartObject();
            json.WriteString("at", Utc(message.CreatedAt));
            json.WriteString("from", JsonNamingPolicy.CamelCase.ConvertName(message.AuthorKind.ToString()));
            json.WriteString("agentNumber", message.AuthorAgentNumber);
            json.WriteString("body", message.Body);
            json.WriteStartArray("attachments");
            foreach (var attachment in attachments[message.Id])
            {
                json.WriteStartObject();
                json.WriteString("fileName", attachment.FileName);
                json.WriteString("contentType", attachment.ContentType);
                json.WriteNumber("size", attachment.Size);
                json.WriteString("sha256", attachment.Sha256);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static string Camel(TicketStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
