using System.Security.Claims;
using Kefu.Domain.Bot;
using Kefu.Domain.Intake;
using Kefu.Domain.Knowledge;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Bot;

/// <summary>The customer's bot controls (vote, ask for a person) and the admins' switch, limits and metrics.</summary>
public static class BotEndpoints
{
    public const int MaxUnansweredScanned = 2_000;

    public sealed record SettingsBody(bool? Enabled, int? UnhelpfulLimit, double? MinConfidence);

    public sealed record SettingsView(bool Enabled, int UnhelpfulLimit, double MinConfidence, DateTimeOffset? UpdatedAt);

    public sealed record FeedbackBody(Guid? MessageId, bool? Helped);

    public sealed record BotStateView(string State, Guid? OpenAnswerMessageId, int UnhelpfulVotes, int UnhelpfulLimit, string? HandOffReason);

    public sealed record MetricsView(
        DateTimeOffset From, DateTimeOffset To, int Sessions, int Deflected, int HandedOff, int StillAnswering, double DeflectionRate, double HandOffRate,
        IReadOnlyDictionary<string, int> HandOffReasons, int Answers, int HelpfulVotes, int UnhelpfulVotes, int UnansweredQuestions);

    public static void Map(IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/v1/admin/bot").WithTags("Admin: FAQ bot").RequireAuthorization(KefuPolicies.Admin);
        admin.MapGet("/", GetSettingsAsync).WithName("GetBotSettings").WithSummary("Whether the FAQ bot answers chats, its confidence threshold and unhelpful-answer limit")
            .Produces<SettingsView>();
        admin.MapPut("/", PutSettingsAsync).WithName("SetBotSettings").WithSummary("Switch the FAQ bot on or off and set its limits")
            .Accepts<SettingsBody>("application/json").Produces<SettingsView>().ProducesValidationProblem();
        admin.MapGet("/metrics", MetricsAsync).WithName("BotMetrics")
            .WithSummary("Deflection (solved without an agent), hand-off rate and reasons, votes and unanswered questions over a period (default: the last 30 days)")
            .Produces<MetricsView>().ProducesValidationProblem();
        admin.MapGet("/unanswered", UnansweredAsync).WithName("BotUnanswered")
            .WithSummary("Questions the bot had no confident answer for, similar ones grouped, biggest group first: candidates for new FAQ entries")
            .Produces<List<QuestionGroup>>().ProducesValidationProblem();

        var widget = routes.MapGroup("/api/v1/widget/tickets/{number:long}/bot").WithTags("Widget").RequireAuthorization(KefuPolicies.Customer);
        widget.MapGet("/", StateAsync).WithName("MyBotState").WithSummary("Whether the bot is answering this ticket, and which answer can be voted on")
            .Produces<BotStateView>().ProducesProblem(StatusCodes.Status404NotFound);
        widget.MapPost("/feedback", FeedbackAsync).WithName("VoteOnBotAnswer")
            .WithSummary("Say whether the bot's answer helped: helped solves the ticket, not helped asks again or hands over after the limit")
            .Accepts<FeedbackBody>("application/json").Produces<BotStateView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        widget.MapPost("/handoff", HandOffAsync).WithName("AskForHuman").WithSummary("转人工: hand the ticket to people now")
            .Produces<BotStateView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> GetSettingsAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var settings = await db.BotSettings.AsNoTracking().FirstOrDefaultAsync(s => s.WorkspaceId == caller.WorkspaceId, cancellationToken);
        return TypedResults.Ok(ToView(settings ?? BotSettings.Off(caller.WorkspaceId), settings is not null));
    }

    private static async Task<IResult> PutSettingsAsync(
        HttpRequest request, ClaimsPrincipal user, KefuDbContext db, BotSettingsBook book, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<SettingsBody>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var value = body.Value!;
        var errors = new FieldErrors();
        if (value.UnhelpfulLimit is < 1 or > 10)
        {
            errors.Add("unhelpfulLimit", "must be between 1 and 10");
        }

        if (value.MinConfidence is { } confidence && (double.IsNaN(confidence) || confidence < 0.05 || confidence > 0.99))
        {
            errors.Add("minConfidence", "must be between 0.05 and 0.99");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var settings = await db.BotSettings.FirstOrDefaultAsync(s => s.WorkspaceId == caller.WorkspaceId, cancellationToken);
        if (settings is null)
        {
            settings = BotSettings.Off(caller.WorkspaceId);
            db.BotSettings.Add(settings);
        }

        settings.Enabled = value.Enabled ?? settings.Enabled;
        settings.UnhelpfulLimit = value.UnhelpfulLimit ?? settings.UnhelpfulLimit;
        settings.MinConfidence = value.MinConfidence ?? settings.MinConfidence;
        settings.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        book.Invalidate(caller.WorkspaceId);
        return TypedResults.Ok(ToView(settings, stored: true));
    }

    private static SettingsView ToView(BotSettings s, bool stored) => new(s.Enabled, s.UnhelpfulLimit, s.MinConfidence, stored ? s.UpdatedAt : null);

    private static (DateTimeOffset From, DateTimeOffset To, IResult? Problem) Period(DateTimeOffset? from, DateTimeOffset? to, TimeProvider time)
    {
        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddDays(-30);
        return start >= end || end - start > TimeSpan.FromDays(366)
            ? (start, end, Problems.Validation(new() { ["from"] = ["must be before to, at most 366 days apart"] }))
            : (start.ToUniversalTime(), end.ToUniversalTime(), null);
    }

    private static async Task<IResult> MetricsAsync(DateTimeOffset? from, DateTimeOffset? to, ClaimsPrincipal user, KefuDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var (start, end, problem) = Period(from, to, time);
        if (problem is not null)
        {
            return problem;
        }

        var sessions = await db.BotSessions.AsNoTracking()
            .Where(s => s.WorkspaceId == caller.WorkspaceId && s.StartedAt >= start && s.StartedAt < end)
            .Select(s => new { s.State, s.HandOffReason, s.Answers }).ToListAsync(cancellationToken);
        var turns = await db.BotTurns.AsNoTracking()
            .Where(t => t.WorkspaceId == caller.WorkspaceId && t.CreatedAt >= start && t.CreatedAt < end)
            .Select(t => new { t.Vote, t.EntryId }).ToListAsync(cancellationToken);
        var deflected = sessions.Count(s => s.State == BotSessionState.Deflected);
        var handedOff = sessions.Count(s => s.State == BotSessionState.HandedOff);
        return TypedResults.Ok(new MetricsView(
            start, end, sessions.Count, deflected, handedOff, sessions.Count(s => s.State == BotSessionState.Answering),
            Rate(deflected, sessions.Count), Rate(handedOff, sessions.Count),
            sessions.Where(s => s.HandOffReason is not null).GroupBy(s => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(s.HandOffReason!.Value.ToString()))
                .ToDictionary(g => g.Key, g => g.Count()),
            sessions.Sum(s => s.Answers), turns.Count(t => t.Vote == BotVote.Helped), turns.Count(t => t.Vote == BotVote.NotHelped), turns.Count(t => t.EntryId is null)));
    }

    private static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    private static async Task<IResult> UnansweredAsync(
        DateTimeOffset? from, DateTimeOffset? to, int? limit, ClaimsPrincipal user, KefuDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var (start, end, problem) = Period(from, to, time);
        if (problem is not null)
        {
            return problem;
        }

        if (limit is < 1 or > 200)
        {
            return Problems.Validation(new() { ["limit"] = ["must be between 1 and 200"] });
        }

        var asked = await db.BotTurns.AsNoTracking()
            .Where(t => t.WorkspaceId == caller.WorkspaceId && t.EntryId == null && t.CreatedAt >= start && t.CreatedAt < end)
            .OrderByDescending(t => t.CreatedAt).Take(MaxUnansweredScanned)
            .Select(t => new AskedQuestion(t.Question, t.Locale, t.CreatedAt)).ToListAsync(cancellationToken);
        return TypedResults.Ok(UnansweredQuestions.Group(asked, limit ?? 50));
    }

    private static async Task<IResult> StateAsync(long number, ClaimsPrincipal user, KefuDbContext db, BotSettingsBook book, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var ticket = await TicketAccess.Visible(db, caller, null).AsNoTracking().Where(t => t.Number == number).Select(t => new { t.Id }).FirstOrDefaultAsync(cancellationToken);
        if (ticket is null)
        {
            return Problems.NotFound("ticket");
        }

        var session = await db.BotSessions.AsNoTracking().FirstOrDefaultAsync(s => s.TicketId == ticket.Id, cancellationToken);
        return TypedResults.Ok(await StateOfAsync(db, session, await book.GetAsync(caller.WorkspaceId, cancellationToken), cancellationToken));
    }

    private static async Task<BotStateView> StateOfAsync(KefuDbContext db, BotSession? session, BotSettings settings, CancellationToken cancellationToken)
    {
        if (session is null)
        {
            return new BotStateView("none", null, 0, settings.UnhelpfulLimit, null);
        }

        var open = session.OpenAnswerTurnId is { } turnId
            ? await db.BotTurns.Where(t => t.Id == turnId).Select(t => t.AnswerMessageId).FirstOrDefaultAsync(cancellationToken)
            : null;
        return new BotStateView(
            System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(session.State.ToString()), open, session.UnhelpfulVotes, settings.UnhelpfulLimit,
            session.HandOffReason is { } reason ? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(reason.ToString()) : null);
    }

    private static async Task<IResult> FeedbackAsync(
        long number, HttpRequest request, ClaimsPrincipal user, GroupCommitter writer, BotSettingsBook book, BotConversation conversation, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<FeedbackBody>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new FieldErrors();
        if (body.Value!.MessageId is null)
        {
            errors.Add("messageId", "is required: the bot answer voted on");
        }

        if (body.Value.Helped is null)
        {
            errors.Add("helped", "is required: true or false");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var caller = Caller.From(user);
        var settings = await book.GetAsync(caller.WorkspaceId, cancellationToken);
        var vote = body.Value.Helped == true ? BotVote.Helped : BotVote.NotHelped;
        var outcome = await OnSessionAsync(writer, caller, number, settings, async (scope, ticket, session) =>
        {
            var turn = session.OpenAnswerTurnId is { } turnId ? await scope.Db.BotTurns.AsNoTracking().FirstOrDefaultAsync(t => t.Id == turnId, scope.CancellationToken) : null;
            if (turn is null || turn.AnswerMessageId != body.Value.MessageId)
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "That answer can no longer be voted on.");
            }

            await conversation.VoteAsync(scope, ticket, session, settings, vote, turn.Locale, time.GetUtcNow());
            return null;
        }, cancellationToken);
        return outcome.ToResult<BotStateView>(TypedResults.Ok);
    }

    private static async Task<IResult> HandOffAsync(
        long number, ClaimsPrincipal user, GroupCommitter writer, BotSettingsBook book, BotConversation conversation, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var settings = await book.GetAsync(caller.WorkspaceId, cancellationToken);
        var outcome = await OnSessionAsync(writer, caller, number, settings, async (scope, ticket, session) =>
        {
            await conversation.HandOffAsync(scope, ticket, session, BotHandOffReason.CustomerAsked, session.Locale, time.GetUtcNow());
            return null;
        }, cancellationToken);
        return outcome.ToResult<BotStateView>(TypedResults.Ok);
    }

    /// <summary>Runs a customer's bot action on the ticket's answering session; a ticket without one answers 409 (the bot is not, or no longer, on it).</summary>
    private static Task<TicketWrite> OnSessionAsync(
        GroupCommitter writer, Caller caller, long number, BotSettings settings,
        Func<WriteScope, Kefu.Domain.Tickets.Ticket, BotSession, Task<TicketWrite?>> action, CancellationToken cancellationToken)
    {
        if (!caller.IsCustomer)
        {
            return Task.FromResult(TicketWrite.Rejected(StatusCodes.Status403Forbidden, "Only the customer talks to the bot."));
        }

        return TicketWrite.OnTicketAsync(writer, caller, null, number, async (scope, ticket) =>
        {
            var session = await scope.Db.BotSessions.FirstOrDefaultAsync(s => s.TicketId == ticket.Id, scope.CancellationToken);
            if (session is not { IsAnswering: true })
            {
                return TicketWrite.Rejected(StatusCodes.Status409Conflict, "The bot is not answering this ticket; a person has it.");
            }

            var refused = await action(scope, ticket, session);
            return refused ?? TicketWrite.Done(await StateOfAsync(scope.Db, session, settings, scope.CancellationToken));
        }, cancellationToken);
    }
}
