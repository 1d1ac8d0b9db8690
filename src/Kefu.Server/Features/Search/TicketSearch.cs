using Kefu.Domain.Search;
using Kefu.Persistence;
using Kefu.Server.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Search;

public sealed record SnippetView(string Text, IReadOnlyList<Highlight> Highlights, string Html)
{
    public static SnippetView Of(SearchSnippet snippet)
    {
        ArgumentNullException.ThrowIfNull(snippet);
        return new SnippetView(snippet.Text, snippet.Highlights, snippet.Html);
    }
}

/// <summary>A ticket found, the best-matching part of it ("subject" or "message") and a snippet of that part.</summary>
public sealed record TicketHitView(TicketSummaryView Ticket, double Score, string MatchedIn, SnippetView Snippet);

/// <summary>A ticket the search ranked, before its view is loaded.</summary>
public sealed record RankedTicket(Guid TicketId, double Score, SearchCandidate Best);

/// <summary>Tickets for a query: candidates from the index, ranked, one hit per ticket with a snippet of its best part.</summary>
public static class TicketSearch
{
    /// <summary>How many matching entries, newest first, are ranked; older matches beyond it are not considered.</summary>
    public const int CandidateCap = 400;

    /// <summary>A match in the subject or number counts double a match in one message.</summary>
    private const double TicketWeight = 2;

    public static async Task<List<RankedTicket>> RankAsync(KefuDbContext db, SearchQuery query, TicketScope scope, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.IsEmpty)
        {
            return [];
        }

        var candidates = await SearchBackend.For(db).TicketCandidatesAsync(db, query, scope, CandidateCap, cancellationToken);
        var scores = SearchRanking.Score(query, [.. candidates.Select(c => new RankedDocument(c.Terms, c.Kind == SearchKinds.Ticket ? TicketWeight : 1))]);
        return [.. candidates.Select((c, i) => (Candidate: c, Score: scores[i]))
            .GroupBy(c => c.Candidate.TicketId!.Value)
            .Select(g => g.OrderByDescending(c => c.Score).ThenByDescending(c => c.Candidate.EntryId).First())
            .OrderByDescending(c => c.Score).ThenByDescending(c => c.Candidate.EntryId)
            .Take(limit)
            .Select(c => new RankedTicket(c.Candidate.TicketId!.Value, Math.Round(c.Score, 4), c.Candidate))];
    }

    /// <summary>The ranked tickets as views, in rank order, with a snippet of the part that matched.</summary>
    public static async Task<List<TicketHitView>> ViewsAsync(KefuDbContext db, SearchQuery query, IReadOnlyList<RankedTicket> ranked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (ranked.Count == 0)
        {
            return [];
        }

        var ids = ranked.Select(r => r.TicketId).ToList();
        var numbers = await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.Number }).ToDictionaryAsync(t => t.Id, t => t.Number, cancellationToken);
        var summaries = await TicketViews.Summaries(db, db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id))).ToDictionaryAsync(s => s.Number, cancellationToken);
        var messageIds = ranked.Where(r => r.Best.Kind == SearchKinds.Message).Select(r => r.Best.SourceId).ToList();
        var bodies = await db.Messages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Body, cancellationToken);
        return [.. ranked.Where(r => numbers.ContainsKey(r.TicketId)).Select(r =>
        {
            var summary = summaries[numbers[r.TicketId]];
            var inMessage = r.Best.Kind == SearchKinds.Message && bodies.ContainsKey(r.Best.SourceId);
            var text = inMessage ? bodies[r.Best.SourceId] : summary.Subject;
            return new TicketHitView(summary, r.Score, inMessage ? "message" : "subject", SnippetView.Of(SearchSnippet.Build(text, query)));
        })];
    }
}
