using System.Security.Claims;
using Kefu.Domain.Macros;
using Kefu.Domain.Search;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Macros;
using Kefu.Server.Features.Search;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Assist;

public sealed record HistoryTicketView(long Number, string Subject, TicketStatus Status, Channel Channel, DateTimeOffset CreatedAt, DateTimeOffset? SolvedAt, bool Current);

/// <summary>The last public agent reply of a solved ticket: how it was resolved.</summary>
public sealed record ResolutionView(string Body, string? AgentNumber, DateTimeOffset At);

public sealed record SimilarTicketView(long Number, string Subject, TicketStatus Status, DateTimeOffset? SolvedAt, double Score, SnippetView Snippet, ResolutionView? Resolution);

public sealed record SuggestedMacroView(Guid Id, string Title, string Body, double Score);

/// <summary>Everything the agent assist panel shows for one ticket.</summary>
public sealed record AssistView(
    long Number,
    IReadOnlyList<Channel> Channels,
    IReadOnlyList<HistoryTicketView> History,
    IReadOnlyList<SimilarTicketView> Similar,
    IReadOnlyList<SuggestedMacroView> Macros);

/// <summary>
/// GET /api/v1/tickets/{number}/assist: for the ticket an agent has open, the customer's last 90 days on every channel,
/// solved tickets about the same thing with how they were resolved, and the macros that fit it best.
/// </summary>
public static class AssistEndpoints
{
    public static readonly TimeSpan HistoryWindow = TimeSpan.FromDays(90);
    public const int MaxHistory = 50;
    public const int MaxSimilar = 5;
    public const int MaxMacros = 5;

    private static readonly TicketStatus[] Resolved = [TicketStatus.Solved, TicketStatus.Closed];

    public static IEndpointRouteBuilder MapKefuAssist(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/tickets/{number:long}/assist", AssistAsync).RequireAuthorization(KefuPolicies.Agent).WithTags("Assist").WithName("TicketAssist")
            .WithSummary("Agent assist for a ticket: the customer's last 90 days across channels, similar solved tickets with their resolution, suggested macros");
        return routes;
    }

    private static async Task<Results<Ok<AssistView>, ProblemHttpResult>> AssistAsync(
        long number, ClaimsPrincipal user, KefuDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var visible = TicketAccess.Visible(db, caller, onBehalfOf: null).AsNoTracking();
        var ticket = await visible.Where(t => t.Number == number)
            .Select(t => new { t.Id, t.Subject, t.Description, t.CustomerId }).FirstOrDefaultAsync(cancellationToken);
        if (ticket is null)
        {
            return Problems.NotFound("ticket");
        }

        var since = time.GetUtcNow() - HistoryWindow;
        var history = await visible.Where(t => t.CustomerId == ticket.CustomerId && t.CreatedAt >= since)
            .OrderByDescending(t => t.CreatedAt).Take(MaxHistory)
            .Select(t => new HistoryTicketView(t.Number, t.Subject, t.Status, t.Channel, t.CreatedAt, t.SolvedAt, t.Id == ticket.Id))
            .ToListAsync(cancellationToken);
        var lastWords = await db.Messages.AsNoTracking()
            .Where(m => m.TicketId == ticket.Id && m.AuthorKind == AuthorKind.Customer).OrderByDescending(m => m.CreatedAt).Select(m => m.Body)
            .FirstOrDefaultAsync(cancellationToken);
        var about = string.Join('\n', ticket.Subject, ticket.Description, lastWords);

        var similar = await SimilarAsync(db, caller, ticket.Id, ticket.Subject + "\n" + ticket.Description, cancellationToken);
        var macros = await MacrosAsync(db, caller, number, about, cancellationToken);
        return TypedResults.Ok(new AssistView(number, [.. history.Select(h => h.Channel).Distinct()], history, similar, macros));
    }

    private static async Task<List<SimilarTicketView>> SimilarAsync(KefuDbContext db, Caller caller, Guid ticketId, string about, CancellationToken cancellationToken)
    {
        var query = SearchQuery.AnyOf(about);
        var scope = new TicketScope(caller.WorkspaceId, caller.MerchantId) { Statuses = Resolved, ExcludeTicketId = ticketId };
        var ranked = await TicketSearch.RankAsync(db, query, scope, MaxSimilar, cancellationToken);
        var hits = await TicketSearch.ViewsAsync(db, query, ranked, cancellationToken);
        var ids = ranked.Select(r => r.TicketId).ToList();
        var tickets = await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.Number, t.SolvedAt }).ToListAsync(cancellationToken);
        var replies = await db.Messages.AsNoTracking()
            .Where(m => m.TicketId != null && ids.Contains(m.TicketId.Value) && m.AuthorKind == AuthorKind.Agent && m.Visibility == MessageVisibility.Public)
            .Select(m => new { TicketId = m.TicketId!.Value, m.Body, m.AuthorAgentNumber, m.CreatedAt })
            .ToListAsync(cancellationToken);
        return [.. hits.Select(hit =>
        {
            var row = tickets.First(t => t.Number == hit.Ticket.Number);
            var last = replies.Where(r => r.TicketId == row.Id).MaxBy(r => r.CreatedAt);
            return new SimilarTicketView(hit.Ticket.Number, hit.Ticket.Subject, hit.Ticket.Status, row.SolvedAt, hit.Score, hit.Snippet,
                last is null ? null : new ResolutionView(last.Body, last.AuthorAgentNumber, last.CreatedAt));
        })];
    }

    private static async Task<List<SuggestedMacroView>> MacrosAsync(KefuDbContext db, Caller caller, long number, string about, CancellationToken cancellationToken)
    {
        var macros = await db.Macros.AsNoTracking().Where(m => m.WorkspaceId == caller.WorkspaceId).ToListAsync(cancellationToken);
        var placeholders = await MacroEndpoints.PlaceholdersAsync(db, caller, number, cancellationToken);
        if (macros.Count == 0 || placeholders is null)
        {
            return [];
        }

        var scores = SearchRanking.Similarity(about, [.. macros.Select(m => m.Title + "\n" + m.Body)]);
        return [.. macros.Select((m, i) => (Macro: m, Score: scores[i]))
            .Where(m => m.Score > 0)
            .OrderByDescending(m => m.Score).ThenBy(m => m.Macro.Title, StringComparer.Ordinal)
            .Take(MaxMacros)
            .Select(m => new SuggestedMacroView(m.Macro.Id, m.Macro.Title, MacroTemplate.Render(m.Macro.Body, placeholders), Math.Round(m.Score, 4)))];
    }
}
