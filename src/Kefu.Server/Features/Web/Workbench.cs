using System.Linq.Expressions;
using System.Security.Claims;
using Kefu.Domain.Customers;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Web;

/// <summary>What the agent workbench reads beyond the ticket API: its context, the inbox views with counts, the customer sidebar.</summary>
public static class Workbench
{
    /// <summary>A running clock due within this counts as breaching soon.</summary>
    public static readonly TimeSpan BreachingSoonWithin = TimeSpan.FromHours(1);

    public static readonly IReadOnlyList<string> Views = ["mine", "team", "unassigned", "waiting", "breaching", "escalated", "night"];

    public sealed record ContextView(
        AuthEndpoints.AgentView Agent, string WorkspaceName, string TimeZone, string Availability,
        IReadOnlyList<TeamRefView> MyTeams, IReadOnlyList<TeamRefView> Teams, IReadOnlyList<CategoryView> Categories,
        IReadOnlyList<AgentRefView> Colleagues);

    public sealed record CategoryView(string Code, string NameZh, string NameEn);

    public sealed record ViewCount(string View, int Count);

    public sealed record InboxRow(TicketSummaryView Ticket, DateTimeOffset? NextDueAt, bool Breached, int EscalationLevel, int NudgeCount);

    public sealed record IdentityView(IdentityKind Kind, string Handle);

    public sealed record CustomerCardView(
        string ExternalId, string Name, int Tier, string? Email, string? Phone, string? Merchant, string? AccountManager,
        IReadOnlyList<IdentityView> Identities, IReadOnlyList<TicketSummaryView> RecentTickets, int OpenTickets);

    public static IEndpointRouteBuilder MapKefuWorkbench(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/workbench").WithTags("Agent workbench").RequireAuthorization(KefuPolicies.Agent);
        group.MapGet("/context", ContextAsync).WithName("WorkbenchContext")
            .WithSummary("The signed-in agent, the workspace's name and time zone, teams and categories").Produces<ContextView>();
        group.MapGet("/views", CountsAsync).WithName("InboxCounts")
            .WithSummary("How many tickets each inbox view holds: mine, team, unassigned, waiting, breaching, escalated, night (urgent, breaching soon or one's own)").Produces<List<ViewCount>>();
        group.MapGet("/views/{view}", ListAsync).WithName("InboxView")
            .WithSummary("One inbox view, most urgent first; filters: priority, category, q (subject or customer name)")
            .Produces<Paged<InboxRow>>().ProducesValidationProblem();
        group.MapGet("/customers/{externalId}", CustomerAsync).WithName("CustomerCard")
            .WithSummary("The customer sidebar: identities, tier, merchant, account manager and the last 90 days of tickets").Produces<CustomerCardView>();
        return routes;
    }

    private static async Task<IResult> ContextAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var me = await (from a in db.Agents
                        join w in db.Workspaces on a.WorkspaceId equals w.Id
                        where a.Id == caller.AgentId
                        select new { a.AgentNumber, a.DisplayName, a.Email, a.Role, w.Slug, w.Name, w.TimeZone, a.Availability }).FirstAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().Where(t => t.WorkspaceId == caller.WorkspaceId).OrderBy(t => t.Name)
            .Select(t => new { t.Id, t.Name, Mine = t.Members.Any(m => m.AgentId == caller.AgentId) }).ToListAsync(cancellationToken);
        var categories = await db.Categories.AsNoTracking().Where(c => c.WorkspaceId == caller.WorkspaceId && c.IsActive).OrderBy(c => c.Code)
            .Select(c => new CategoryView(c.Code, c.NameZh, c.NameEn)).ToListAsync(cancellationToken);
        var colleagues = await AgentNotices.Colleagues(db, caller).OrderBy(a => a.AgentNumber)
            .Select(a => new AgentRefView(a.AgentNumber, a.DisplayName)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ContextView(
            new AuthEndpoints.AgentView(me.AgentNumber, me.DisplayName, me.Email, me.Role, me.Slug), me.Name, me.TimeZone,
            me.Availability.ToString().ToLowerInvariant(),
            [.. teams.Where(t => t.Mine).Select(t => new TeamRefView(t.Id, t.Name))], [.. teams.Select(t => new TeamRefView(t.Id, t.Name))], categories, colleagues));
    }

    private static async Task<IResult> CountsAsync(ClaimsPrincipal user, KefuDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var now = time.GetUtcNow();
        var counts = new List<ViewCount>(Views.Count);
        foreach (var view in Views)
        {
            counts.Add(new ViewCount(view, await Filter(db, caller, view, now).CountAsync(cancellationToken)));
        }

        return TypedResults.Ok(counts);
    }

    private static async Task<IResult> ListAsync(
        string view, ClaimsPrincipal user, KefuDbContext db, TimeProvider time, string? priority, string? category, string? q, int? page, int? pageSize,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var errors = new Dictionary<string, string[]>();
        if (!Views.Contains(view))
        {
            return Problems.NotFound("inbox view");
        }

        if (!TryParsePriority(priority, out var wantedPriority))
        {
            errors["priority"] = ["is not a ticket priority"];
        }

        if (q is { Length: > 100 })
        {
            errors["q"] = ["must be at most 100 characters"];
        }

        if (Paging.Check(page, pageSize) is { } pagingProblem)
        {
            return pagingProblem;
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var now = time.GetUtcNow();
        var tickets = Filter(db, caller, view, now).AsNoTracking();
        if (wantedPriority is { } p)
        {
            tickets = tickets.Where(t => t.Priority == p);
        }

        if (!string.IsNullOrWhiteSpace(category))
        {
            var categoryIds = db.Categories.Where(c => c.WorkspaceId == caller.WorkspaceId && c.Code == category).Select(c => c.Id);
            tickets = tickets.Where(t => t.CategoryId != null && categoryIds.Contains(t.CategoryId.Value));
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            var customerIds = db.Customers.Where(c => c.WorkspaceId == caller.WorkspaceId && (c.Name.Contains(text) || c.ExternalId == text)).Select(c => c.Id);
            tickets = long.TryParse(text, out var number)
                ? tickets.Where(t => t.Number == number)
                : tickets.Where(t => t.Subject.Contains(text) || customerIds.Contains(t.CustomerId));
        }

        var (pageNumber, size) = Paging.Normalise(page, pageSize);
        var total = await tickets.CountAsync(cancellationToken);

        // Most urgent first: the earliest running deadline, then the oldest ticket.
        var dueOf = db.TicketClocks.Where(Counting);
        var ordered = tickets
            .Select(t => new { Ticket = t, Due = dueOf.Where(c => c.TicketId == t.Id).Min(c => c.DueAt) })
            .OrderBy(x => x.Due == null).ThenBy(x => x.Due).ThenBy(x => x.Ticket.CreatedAt)
            .Skip((pageNumber - 1) * size).Take(size);
        var page1 = await ordered.Select(x => new { x.Ticket.Id, x.Ticket.Number, x.Due, x.Ticket.EscalationLevel, x.Ticket.NudgeCount }).ToListAsync(cancellationToken);
        var numbers = page1.Select(x => x.Number).ToList();
        var summaries = await TicketViews.Summaries(db, db.Tickets.Where(t => t.WorkspaceId == caller.WorkspaceId && numbers.Contains(t.Number)))
            .ToDictionaryAsync(s => s.Number, cancellationToken);
        var rows = page1.Select(x => new InboxRow(summaries[x.Number], x.Due, x.Due is { } due && due <= now, x.EscalationLevel, x.NudgeCount)).ToList();
        return TypedResults.Ok(new Paged<InboxRow>(rows, pageNumber, size, total));
    }

    /// <summary>A priority filter: empty means any; a name (not a number) otherwise.</summary>
    public static bool TryParsePriority(string? text, out TicketPriority? priority)
    {
        priority = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (Enum.TryParse<TicketPriority>(text, ignoreCase: true, out var parsed) && !int.TryParse(text, out _))
        {
            priority = parsed;
            return true;
        }

        return false;
    }

    private static IQueryable<Ticket> Filter(KefuDbContext db, Caller caller, string view, DateTimeOffset now)
    {
        var visible = TicketAccess.Visible(db, caller, onBehalfOf: null).Where(Active);
        var soon = now + BreachingSoonWithin;
        var myTeams = db.TeamMembers.Where(m => m.AgentId == caller.AgentId).Select(m => m.TeamId);
        return view switch
        {
            "mine" => visible.Where(t => t.AssigneeId == caller.AgentId),
            "team" => visible.Where(t => t.TeamId != null && myTeams.Contains(t.TeamId.Value)),
            "unassigned" => visible.Where(t => t.AssigneeId == null && t.EscalatedAt == null),
            "waiting" => visible.Where(t => t.Status == TicketStatus.WaitingOnCustomer),
            "breaching" => visible.Where(t => db.TicketClocks.Where(Counting).Any(c => c.TicketId == t.Id && c.DueAt <= soon)),
            "escalated" => visible.Where(t => t.EscalatedAt != null),

            // The night shift's reduced set: what cannot wait until morning, and what is already one's own.
            "night" => visible.Where(t => t.Priority == TicketPriority.Urgent || t.AssigneeId == caller.AgentId
                || db.TicketClocks.Where(Counting).Any(c => c.TicketId == t.Id && c.DueAt <= soon)),
            _ => visible.Where(t => false),
        };
    }

    /// <summary>
    /// A clock still counting down (or past due) as the database can tell it: State is computed from
    /// the pauses, so a paused clock is recognised by having no next event and no breach.
    /// </summary>
    public static readonly Expression<Func<TicketClock, bool>> Counting =
        c => c.StoppedAt == null && c.DueAt != null && (c.NextEventAt != null || c.BreachedAt != null);

    private static readonly Expression<Func<Ticket, bool>> Active = t => t.Status != TicketStatus.Solved && t.Status != TicketStatus.Closed;

    private static async Task<IResult> CustomerAsync(string externalId, ClaimsPrincipal user, KefuDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var customer = await db.Customers.AsNoTracking().Include(c => c.Identities)
            .FirstOrDefaultAsync(c => c.WorkspaceId == caller.WorkspaceId && c.ExternalId == externalId, cancellationToken);

        // A merchant's agent may see a customer only through a ticket it can see.
        var tickets = customer is null ? null : TicketAccess.Visible(db, caller, null).AsNoTracking().Where(t => t.CustomerId == customer.Id);
        if (customer is null || !await tickets!.AnyAsync(cancellationToken))
        {
            return Problems.NotFound("customer");
        }

        var since = time.GetUtcNow().AddDays(-90);
        var recent = await TicketViews.Summaries(db, tickets!.Where(t => t.CreatedAt >= since).OrderByDescending(t => t.CreatedAt).Take(20)).ToListAsync(cancellationToken);
        var open = await tickets!.Where(Active).CountAsync(cancellationToken);
        var merchantIds = recent.Where(t => t.MerchantId != null).Select(t => t.MerchantId!.Value).Distinct().ToList();
        var merchant = merchantIds.Count == 0 ? null : await db.Merchants.AsNoTracking().Where(m => merchantIds.Contains(m.Id)).Select(m => m.Name).FirstOrDefaultAsync(cancellationToken);
        var manager = customer.ManagerAgentId is { } managerId
            ? await db.Agents.AsNoTracking().Where(a => a.Id == managerId).Select(a => a.DisplayName + " (" + a.AgentNumber + ")").FirstOrDefaultAsync(cancellationToken)
            : null;
        return TypedResults.Ok(new CustomerCardView(
            customer.ExternalId, customer.Name, customer.Tier, customer.Email, customer.Phone, merchant, manager,
            [.. customer.Identities.OrderBy(i => i.Kind).Select(i => new IdentityView(i.Kind, i.Handle))], recent, open));
    }
}
