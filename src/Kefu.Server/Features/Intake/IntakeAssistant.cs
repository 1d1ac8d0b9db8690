using System.Globalization;
using System.Text;
using System.Text.Json;
using Kefu.Domain.Intake.Facts;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Sla;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Intake;

/// <summary>
/// Reads every new ticket once, off the intake path, for the facts its category needs (order number, amount, date ...).
/// When some are missing and no agent has touched the ticket yet, it asks the customer for exactly those — one message
/// from the assistant, in the workspace's language — and the ticket waits in NeedsInfo (its clocks paused) instead of
/// reaching an agent who would only have to ask the same. The customer's answer brings it back to the queue.
/// </summary>
public sealed partial class IntakeAssistant(
    IDbContextFactory<KefuDbContext> contextFactory,
    GroupCommitter writer,
    WorkspaceCatalog catalogs,
    IntakeQuestions questions,
    TimeProvider time,
    ILogger<IntakeAssistant> logger) : BackgroundService
{
    public const string AskedKind = "intake.needs_info";
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);
    public const int RoundSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RoundAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRoundFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; unchecked tickets are checked after the restart.
        }
    }

    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var pending = await db.Tickets.AsNoTracking().Where(t => t.IntakeCheckedAt == null && !t.HeldByBot).OrderBy(t => t.CreatedAt).Take(RoundSize)
            .Join(db.Customers, t => t.CustomerId, c => c.Id, (t, c) => new { Ticket = t, c.Phone, c.Email })
            .ToListAsync(cancellationToken);
        var writes = new List<Task>(pending.Count);
        foreach (var item in pending)
        {
            var ticket = item.Ticket;
            var catalog = await catalogs.GetAsync(ticket.WorkspaceId, cancellationToken);
            var category = catalog.CategoryCode(ticket.CategoryId);

            // The reading is made here, outside the write queue: extraction is the expensive part.
            var reading = IntakeReading.Of(
                [new CustomerText(CustomerText.Subject, null, ticket.Subject, ticket.CreatedAt), new CustomerText(CustomerText.Description, null, ticket.Description, ticket.CreatedAt)],
                ticket.Description, category, new StructuredFields(ticket.OrderNumber, ticket.OccurredAt, item.Phone, item.Email),
                time.GetUtcNow(), catalog.TimeZone, questions, IntakeLocale.Chinese);
            var ask = reading.Missing.Count == 0 ? null : Compose(reading.Missing, IntakeLocale.Chinese);
            writes.Add(WriteAsync(ticket.Id, ask, reading.Missing.Select(m => m.Fact.ToString()).ToList(), catalog.Sla));
        }

        await Task.WhenAll(writes);
    }

    private string Compose(IReadOnlyList<MissingFactView> missing, CultureInfo culture)
    {
        var text = new StringBuilder(questions.Intro(culture));
        for (var i = 0; i < missing.Count; i++)
        {
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"{i + 1}. ").Append(missing[i].Question);
        }

        return text.ToString();
    }

    private async Task WriteAsync(Guid ticketId, string? ask, IReadOnlyList<string> missing, SlaBook sla)
    {
        try
        {
            await writer.ExecuteAsync(async scope =>
            {
                var db = scope.Db;
                var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == ticketId);
                if (ticket is null || ticket.IntakeCheckedAt is not null)
                {
                    return new Checked(false);
                }

                var now = time.GetUtcNow();
                ticket.MarkIntakeChecked(now);
                if (ask is not null && ticket.Status == TicketStatus.New && ticket.AssigneeId is null)
                {
                    await MessageWriting.AppendAsync(db, ticket, now, new MessageDraft(
                        MessageDirection.Outbound, MessageVisibility.Public, AuthorKind.Bot, null, null, ask, null, []), scope.CancellationToken);
                    ticket.MoveTo(TicketStatus.NeedsInfo, now);
                    MessageWriting.Audit(db, ticket, now, AskedKind, AuthorKind.Bot, null, null, isPublic: true, JsonSerializer.Serialize(new { missing }));
                    MessageWriting.AuditStatusChange(db, ticket, TicketStatus.New, now, AuthorKind.Bot, null, null);
                    await TicketSla.OnStatusChangeAsync(db, ticket, TicketStatus.New, sla, now, scope.CancellationToken);
                }

                return new Checked(true);
            }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateConcurrencyException or InvalidOperationException)
        {
            // Changed in the same instant by someone else; the next round reads it again.
            LogWriteSkipped(logger, ex, ticketId);
        }
    }

    /// <summary>Nothing to decline: a ticket checked meanwhile is simply left as it is, without replaying the batch.</summary>
    private sealed record Checked(bool Changed) : IWriteOutcome
    {
        public bool KeepsChanges => true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An intake assistant round failed; the next one retries")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Intake check of ticket {TicketId} skipped this round")]
    private static partial void LogWriteSkipped(ILogger logger, Exception exception, Guid ticketId);
}
