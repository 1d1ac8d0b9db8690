using Kefu.Domain.Bot;
using Kefu.Domain.Knowledge;
using Kefu.Domain.Tickets;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Bot;

/// <summary>
/// Puts the FAQ bot in front of chat tickets. It follows every batch of writes: a web or in-app ticket opened in a
/// workspace with the bot on is held out of the agents' queues in the same transaction as it is created (so the
/// dispatcher never sees it first), and each customer message on a held ticket is answered in the same transaction as
/// it is stored — the customer's request returns with the bot's reply already durable.
/// </summary>
public sealed class FaqBot(BotSettingsBook settingsBook, BotConversation conversation, TimeProvider time) : IWriteFollower
{
    public async Task BeforeSaveAsync(WriteScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var questions = BotConversation.NewMessages(scope)
            .Where(m => m.AuthorKind == AuthorKind.Customer && m.Direction == MessageDirection.Inbound && m.TicketId is not null)
            .ToList();
        if (questions.Count == 0)
        {
            return;
        }

        var (db, ct) = (scope.Db, scope.CancellationToken);
        var newTickets = scope.PendingInserts.OfType<Ticket>().ToDictionary(t => t.Id);
        foreach (var onTicket in questions.GroupBy(m => m.TicketId!.Value))
        {
            var isNew = newTickets.TryGetValue(onTicket.Key, out var ticket);
            ticket ??= db.ChangeTracker.Entries<Ticket>().Select(e => e.Entity).FirstOrDefault(t => t.Id == onTicket.Key);
            if (ticket is null || ticket.Channel is not (Channel.Web or Channel.App) || (!isNew && !ticket.HeldByBot))
            {
                continue;
            }

            var settings = await settingsBook.GetAsync(ticket.WorkspaceId, ct);
            var ordered = onTicket.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToList();
            BotSession? session;
            if (isNew)
            {
                if (!settings.Enabled || ticket.AssigneeId is not null)
                {
                    continue;
                }

                var now = time.GetUtcNow();
                session = new BotSession
                {
                    Id = Guid.CreateVersion7(now), WorkspaceId = ticket.WorkspaceId, TicketId = ticket.Id, Locale = KnowledgeLocales.Of(ordered[0].Body), StartedAt = now,
                };
                ticket.HoldForBot();
                scope.Insert(session);
            }
            else
            {
                session = await db.BotSessions.FirstOrDefaultAsync(s => s.TicketId == ticket.Id, ct);
                if (session is not { IsAnswering: true })
                {
                    ticket.ReleaseFromBot(time.GetUtcNow());
                    continue;
                }

                // Switched off meanwhile, or an agent took the ticket by hand: people have it from here.
                if (!settings.Enabled || ticket.AssigneeId is not null)
                {
                    await conversation.HandOffAsync(scope, ticket, session, BotHandOffReason.CustomerAsked, KnowledgeLocales.Of(ordered[^1].Body), ordered[^1].CreatedAt);
                    continue;
                }
            }

            foreach (var question in ordered.Where(_ => session.IsAnswering))
            {
                await conversation.AnswerAsync(scope, ticket, session, settings, question);
            }
        }
    }
}
