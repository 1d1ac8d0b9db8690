using System.Globalization;
using System.Security.Claims;
using Kefu.Domain.Search;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Search;

public sealed record CustomerHitView(string ExternalId, string Name, string? Email, string? Phone, double Score, SnippetView Snippet);

public sealed record SearchResultView(string Query, IReadOnlyList<TicketHitView> Tickets, IReadOnlyList<CustomerHitView> Customers);

/// <summary>GET /api/v1/search: full-text search over tickets, their messages and customers, for agents.</summary>
public static class SearchEndpoints
{
    public const int MaxQueryLength = 200;
    public const int MaxLimit = 50;

    public static IServiceCollection AddKefuSearch(this IServiceCollection services)
    {
        services.AddSingleton<IWriteFollower, SearchIndexer>();
        return services;
    }

    public static IEndpointRouteBuilder MapKefuSearch(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/search", SearchAsync).RequireAuthorization(KefuPolicies.Agent).WithTags("Search").WithName("Search")
            .WithSummary("Search tickets (subject, number, order number, messages) and customers (name, email, phone, ids)")
            .WithDescription("q: words, numbers and Chinese text (退款, 订单12345, refund 退款); every part must match. "
                + "Filters for tickets: status (comma-separated), team (id), merchant (external id), channel, from/to (ISO dates, UTC unless an offset is given). "
                + "kind: tickets, customers or all (default). Snippets come as text with highlight offsets and as HTML-escaped text with <mark>.");
        return routes;
    }

    private static async Task<Results<Ok<SearchResultView>, ValidationProblem>> SearchAsync(
        ClaimsPrincipal user, KefuDbContext db, string? q, string? status, Guid? team, string? merchant, string? channel, string? from, string? to,
        string? kind, int? limit, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var errors = new Dictionary<string, string[]>();
        var query = SearchQuery.Parse(q);
        if (string.IsNullOrWhiteSpace(q) || q.Length > MaxQueryLength || query.IsEmpty)
        {
            errors["q"] = [$"give 1 to {MaxQueryLength} characters with at least one letter, digit or Chinese character"];
        }

        var scope = new TicketScope(caller.WorkspaceId, caller.MerchantId) { TeamId = team };
        scope = ReadFilters(scope, status, channel, from, to, errors);
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"between 1 and {MaxLimit}"];
        }

        if (kind is not (null or "all" or "tickets" or "customers"))
        {
            errors["kind"] = ["tickets, customers or all"];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var take = limit ?? 20;
        var noTickets = false;
        if (!string.IsNullOrWhiteSpace(merchant))
        {
            var merchantId = await db.Merchants.Where(m => m.WorkspaceId == caller.WorkspaceId && m.ExternalId == merchant).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(cancellationToken);
            noTickets = merchantId is null;
            scope = scope with { MerchantId = merchantId };
        }

        var tickets = kind is "customers" || noTickets ? [] : await TicketSearch.ViewsAsync(
            db, query, await TicketSearch.RankAsync(db, query, scope, take, cancellationToken), cancellationToken);
        var customers = kind is "tickets" ? [] : await CustomersAsync(db, query, caller, take, cancellationToken);
        return TypedResults.Ok(new SearchResultView(q!, tickets, customers));
    }

    private static TicketScope ReadFilters(TicketScope scope, string? status, string? channel, string? from, string? to, Dictionary<string, string[]> errors)
    {
        if (!string.IsNullOrWhiteSpace(status))
        {
            var statuses = new List<TicketStatus>();
            foreach (var part in status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Enum.TryParse<TicketStatus>(part, ignoreCase: true, out var parsed) && !int.TryParse(part, out _))
                {
                    statuses.Add(parsed);
                }
                else
                {
                    errors["status"] = [$"'{part}' is not a ticket status"];
                }
            }

            scope = scope with { Statuses = statuses };
        }

        if (!string.IsNullOrWhiteSpace(channel))
        {
            if (Enum.TryParse<Channel>(channel, ignoreCase: true, out var parsed) && !int.TryParse(channel, out _))
            {
                scope = scope with { Channel = parsed };
            }
            else
            {
                errors["channel"] = [$"'{channel}' is not a channel"];
            }
        }

        return scope with { From = ReadTime(from, "from", errors), To = ReadTime(to, "to", errors) };
    }

    private static DateTimeOffset? ReadTime(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        errors[field] = ["an ISO 8601 date or date-time"];
        return null;
    }

    private static async Task<List<CustomerHitView>> CustomersAsync(KefuDbContext db, SearchQuery query, Caller caller, int take, CancellationToken cancellationToken)
    {
        var candidates = await SearchBackend.For(db).EntryCandidatesAsync(db, query, caller.WorkspaceId, SearchKinds.Customer, caller.MerchantId, TicketSearch.CandidateCap, cancellationToken);
        var scores = SearchRanking.Score(query, [.. candidates.Select(c => new RankedDocument(c.Terms, 1))]);
        var ranked = candidates.Select((c, i) => (c.SourceId, Score: scores[i], c.EntryId))
            .OrderByDescending(c => c.Score).ThenByDescending(c => c.EntryId).Take(take).ToList();
        var ids = ranked.Select(r => r.SourceId).ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id) && c.WorkspaceId == caller.WorkspaceId)
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        return [.. ranked.Where(r => customers.ContainsKey(r.SourceId)).Select(r =>
        {
            var c = customers[r.SourceId];
            var card = string.Join(" · ", new[] { c.Name, c.Email, c.Phone, c.ExternalId }.Where(s => !string.IsNullOrEmpty(s)));
            return new CustomerHitView(c.ExternalId, c.Name, c.Email, c.Phone, Math.Round(r.Score, 4), SnippetView.Of(SearchSnippet.Build(card, query)));
        })];
    }
}
