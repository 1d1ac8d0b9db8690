using System.Text.Json;
using Kefu.Domain.Bot;
using Kefu.Domain.Intake.Facts;
using Kefu.Domain.Knowledge;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Knowledge;
using Kefu.Server.Features.Sla;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Bot;

/// <summary>
/// What the bot does on a held ticket inside a write: answer a question from the knowledge base, take a vote, hand the
/// ticket to people with a note for the agent, or solve it as deflected. Used by the follower that sees customer
/// messages and by the customer's bot endpoints, so both write alike.
/// </summary>
public sealed class BotConversation(KnowledgeBook book, KnowledgeTexts texts, WorkspaceCatalog catalogs, TimeProvider time)
{
    public const string AnsweredKind = "bot.answered";
    public const string HandedOffKind = "bot.handed_off";
    public const string DeflectedKind = "bot.deflected";
    public const string VotedKind = "bot.voted";

    /// <summary>The hand-off note and audit entries are for the workspace's agents, who work in Chinese by default.</summary>
    public const string AgentLocale = KnowledgeLocales.Chinese;

    /// <summary>Answers one customer message: from the FAQ when confident, else hands the ticket to people.</summary>
    public async Task AnswerAsync(WriteScope scope, Ticket ticket, BotSession session, BotSettings settings, Message question)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(question);
        var text = question.Body;
        var locale = KnowledgeLocales.Of(text);
        if (CustomerCues.AsksForHuman(text))
        {
            await HandOffAsync(scope, ticket, session, BotHandOffReason.CustomerAsked, locale, question.CreatedAt);
            return;
        }

        if (session.OpenAnswerTurnId is not null && CustomerCues.SaysUnhelpful(text))
        {
            await VoteAsync(scope, ticket, session, settings, BotVote.NotHelped, locale, question.CreatedAt);
            return;
        }

        var (db, ct) = (scope.Db, scope.CancellationToken);
        var rejected = await db.BotTurns.Where(t => t.SessionId == session.Id && t.EntryId != null && t.Vote == BotVote.NotHelped)
            .Select(t => t.EntryId!.Value).ToListAsync(ct);
        var shelf = await book.GetAsync(ticket.WorkspaceId, locale, ct);
        var ranked = shelf.Faqs.Rank(text, 1, rejected.ToHashSet());
        var best = ranked.Count == 1 && ranked[0].Confidence >= settings.MinConfidence ? ranked[0] : null;
        var at = After(question.CreatedAt);
        var turn = new BotTurn
        {
            Id = Guid.CreateVersion7(at), WorkspaceId = ticket.WorkspaceId, SessionId = session.Id, TicketId = ticket.Id, QuestionMessageId = question.Id,
            Question = text.Length <= BotTurn.MaxQuestionLength ? text : text[..BotTurn.MaxQuestionLength], Locale = locale,
            EntryId = best?.EntryId, Confidence = ranked.Count == 1 ? ranked[0].Confidence : 0, CreatedAt = at,
        };
        if (best is null)
        {
            scope.Insert(turn);
            await HandOffAsync(scope, ticket, session, BotHandOffReason.NoConfidentAnswer, locale, question.CreatedAt);
            return;
        }

        var entry = shelf.Entries[best.EntryId];
        var answer = await SayAsync(scope, ticket, entry.Body + "\n\n" + texts.Get("AnswerFooter", locale), at);
        turn.AnswerMessageId = answer.Id;
        scope.Insert(turn);
        session.RecordAnswer(turn.Id);
        Record(scope, ticket, AnsweredKind, isPublic: true, at, MessageWriting.MessageData(answer,
            ("entry", entry.Id.ToString()), ("title", entry.Title), ("confidence", KnowledgeText.Describe(best.Confidence))));
    }

    /// <summary>The customer voted on the open answer: helped solves the ticket as deflected; not helped asks again or hands off.</summary>
    public async Task VoteAsync(WriteScope scope, Ticket ticket, BotSession session, BotSettings settings, BotVote vote, string locale, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(settings);
        var (db, ct) = (scope.Db, scope.CancellationToken);
        if (session.OpenAnswerTurnId is { } turnId && await db.BotTurns.FirstOrDefaultAsync(t => t.Id == turnId, ct) is { } turn)
        {
            turn.Vote = vote;
        }

        var at = After(since);
        var step = session.Vote(vote, settings.UnhelpfulLimit, at);
        Record(scope, ticket, VotedKind, isPublic: false, at, JsonSerializer.Serialize(new { vote = JsonNamingPolicy.CamelCase.ConvertName(vote.ToString()) }));
        switch (step)
        {
            case BotStep.Deflect:
                await DeflectAsync(scope, ticket, locale, at);
                break;
            case BotStep.AskAgain:
                await SayAsync(scope, ticket, texts.Get("AskAgain", locale), at);
                break;
            default:
                await HandOffNoteAsync(scope, ticket, BotHandOffReason.UnhelpfulAnswers, locale, at);
                break;
        }
    }

    /// <summary>Ends the bot's part: the ticket joins its team's queue with a note of everything said and found so far.</summary>
    public async Task HandOffAsync(WriteScope scope, Ticket ticket, BotSession session, BotHandOffReason reason, string locale, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(session);
        var at = After(since);
        session.HandOff(reason, at);
        await HandOffNoteAsync(scope, ticket, reason, locale, at);
    }

    private async Task HandOffNoteAsync(WriteScope scope, Ticket ticket, BotHandOffReason reason, string locale, DateTimeOffset at)
    {
        var (db, ct) = (scope.Db, scope.CancellationToken);
        ticket.ReleaseFromBot(at);
        var said = await SayAsync(scope, ticket, texts.Get("HandOff." + reason, locale), at);
        var catalog = await catalogs.GetAsync(ticket.WorkspaceId, ct);
        var stored = await db.Messages.AsNoTracking()
            .Where(m => m.TicketId == ticket.Id && m.Visibility == MessageVisibility.Public && (m.AuthorKind == AuthorKind.Customer || m.AuthorKind == AuthorKind.Bot))
            .ToListAsync(ct);
        var messages = stored.Concat(NewMessages(scope).Where(m => m.TicketId == ticket.Id && m.Visibility == MessageVisibility.Public && m.Id != said.Id))
            .DistinctBy(m => m.Id).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToList();
        var transcript = messages.Select(m => new TranscriptLine(m.AuthorKind == AuthorKind.Customer ? TranscriptSpeaker.Customer : TranscriptSpeaker.Bot, m.Body, m.CreatedAt)).ToList();
        var facts = messages.Where(m => m.AuthorKind == AuthorKind.Customer)
            .SelectMany(m => IntakeBrief.Of(m.Body, m.CreatedAt, catalog.TimeZone).Facts)
            .Select(f => new NoteFact(f.Kind.ToString(), f.Value)).ToList();
        var labels = new HandOffNote.Labels(
            texts.Get("Note.Heading", AgentLocale), texts.Get("Note.Reason", AgentLocale), texts.Get("Note.Transcript", AgentLocale),
            texts.Get("Note.Customer", AgentLocale), texts.Get("Note.Bot", AgentLocale), texts.Get("Note.Facts", AgentLocale), texts.Get("Note.NoFacts", AgentLocale));
        var note = HandOffNote.Compose(labels, texts.Get("Reason." + reason, AgentLocale), transcript, facts);
        var noteMessage = await SayAsync(scope, ticket, note.Length <= Message.MaxBodyLength ? note : note[..Message.MaxBodyLength], at, MessageVisibility.Internal);
        Record(scope, ticket, HandedOffKind, isPublic: false, at, JsonSerializer.Serialize(new
        {
            reason = JsonNamingPolicy.CamelCase.ConvertName(reason.ToString()),
            note = noteMessage.Id,
        }));
    }

    private async Task DeflectAsync(WriteScope scope, Ticket ticket, string locale, DateTimeOffset at)
    {
        var (db, ct) = (scope.Db, scope.CancellationToken);
        ticket.ReleaseFromBot(at);
        await SayAsync(scope, ticket, texts.Get("Deflected", locale), at);
        var before = ticket.Status;

        // The lifecycle lets no ticket jump from New to Solved: the bot's answer is the work done on it.
        if (ticket.Status == TicketStatus.New)
        {
            ticket.MoveTo(TicketStatus.Open, at);
        }

        ticket.MoveTo(TicketStatus.Solved, at);
        Record(scope, ticket, DeflectedKind, isPublic: false, at, null);
        MessageWriting.AuditStatusChange(db, ticket, before, at, AuthorKind.Bot, null, null);
        var catalog = await catalogs.GetAsync(ticket.WorkspaceId, ct);
        await TicketSla.OnStatusChangeAsync(db, ticket, before, catalog.Sla, at, ct);
    }

    private static async Task<Message> SayAsync(WriteScope scope, Ticket ticket, string body, DateTimeOffset at, MessageVisibility visibility = MessageVisibility.Public)
    {
        var conversationId = NewMessages(scope).Where(m => m.TicketId == ticket.Id).Select(m => (Guid?)m.ConversationId).FirstOrDefault()
            ?? await scope.Db.Conversations.Where(c => c.TicketId == ticket.Id).OrderByDescending(c => c.CreatedAt).Select(c => c.Id).FirstAsync(scope.CancellationToken);
        var message = new Message
        {
            Id = Guid.CreateVersion7(at), WorkspaceId = ticket.WorkspaceId, TicketId = ticket.Id, ConversationId = conversationId,
            Direction = MessageDirection.Outbound, Visibility = visibility, AuthorKind = AuthorKind.Bot, Body = body, CreatedAt = at,
        };
        scope.Insert(message);
        return message;
    }

    private static void Record(WriteScope scope, Ticket ticket, string kind, bool isPublic, DateTimeOffset at, string? data) =>
        scope.Insert(ticket.Record(new TimelineEntry(kind, AuthorKind.Bot, null, null, isPublic, data, at)));

    /// <summary>Messages added by this batch so far, whether handed to the scope's inserter or tracked by the context.</summary>
    public static IEnumerable<Message> NewMessages(WriteScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.PendingInserts.OfType<Message>()
            .Concat(scope.Db.ChangeTracker.Entries<Message>().Where(e => e.State == EntityState.Added).Select(e => e.Entity));
    }

    /// <summary>The bot speaks after the customer: a reply stored in the same instant as the question could sort before it.</summary>
    private DateTimeOffset After(DateTimeOffset question)
    {
        var now = time.GetUtcNow();
        return now > question ? now : question.AddMilliseconds(1);
    }
}
