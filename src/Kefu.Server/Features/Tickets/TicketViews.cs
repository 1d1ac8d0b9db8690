using System.Text.Json;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Routing;
using Kefu.Server.Features.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Tickets;

public sealed record PersonView(string Kind, string? AgentNumber, string? DisplayName);

public sealed record AttachmentView(Guid Id, string FileName, string ContentType, long Size, string Url);

public sealed record MessageView(
    Guid Id,
    MessageDirection Direction,
    MessageVisibility Visibility,
    PersonView Author,
    string Body,
    DateTimeOffset CreatedAt,
    IReadOnlyList<AttachmentView> Attachments,
    string? VerificationCode);

public sealed record TimelineEntryView(string Kind, PersonView Actor, JsonElement? Data, DateTimeOffset CreatedAt);

public sealed record CustomerRefView(string ExternalId, string Name);

public sealed record TeamRefView(Guid Id, string Name);

public sealed record AgentRefView(string AgentNumber, string DisplayName);

public sealed record TicketSummaryView(
    long Number,
    string Subject,
    TicketStatus Status,
    TicketPriority Priority,
    string? Category,
    Channel Channel,
    CustomerRefView Customer,
    Guid? MerchantId,
    TeamRefView? Team,
    AgentRefView? Assignee,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record TicketView(
    long Number,
    string Subject,
    string Description,
    TicketStatus Status,
    IReadOnlyList<TicketStatus> NextStatuses,
    TicketPriority Priority,
    string? Category,
    Channel Channel,
    CustomerRefView Customer,
    Guid? MerchantId,
    TeamRefView? Team,
    AgentRefView? Assignee,
    string? OrderNumber,
    DateTimeOffset? OccurredAt,
    string? DesiredOutcome,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FirstRespondedAt,
    DateTimeOffset? SolvedAt,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<MessageView> Messages,
    IReadOnlyList<TimelineEntryView> Timeline,
    SlaView Sla,
    IReadOnlyList<TicketLinkView> Links);

/// <summary>A linked ticket: <c>continues</c> (this ticket was opened by a reply to it) or <c>continuedBy</c> (a reply here opened it).</summary>
public sealed record TicketLinkView(long Number, string Relation, DateTimeOffset CreatedAt);

/// <summary>One clock as the agent and the customer see it: by when, and whether it ran out.</summary>
public sealed record ClockView(SlaMetric Metric, SlaClockState State, DateTimeOffset StartedAt, DateTimeOffset? DueAt, DateTimeOffset? StoppedAt, bool Breached);

/// <summary>The ticket's deadlines: SLA clocks, the agent's promise, escalation and nudges.</summary>
public sealed record SlaView(
    string? Policy,
    IReadOnlyList<ClockView> Clocks,
    DateTimeOffset? PromisedBy,
    int EscalationLevel,
    DateTimeOffset? EscalatedAt,
    int NudgeCount,
    bool Urgent,
    UrgentLane.UrgentView? UrgentRequest);

public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

public static class TicketViews
{
    public static string Url(long number) => $"/api/v1/tickets/{number}";

    public static async Task<TicketView> LoadAsync(
        KefuDbContext db, Ticket ticket, CatalogSnapshot catalog, bool includeInternal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(catalog);

        var (customer, team, assignee) = await ReferencesAsync(db, ticket, cancellationToken);

        var messages = await db.Messages.AsNoTracking()
            .Where(m => m.TicketId == ticket.Id && (includeInternal || m.Visibility == MessageVisibility.Public))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .ToListAsync(cancellationToken);
        var attachments = (await db.Attachments.AsNoTracking().Where(a => a.TicketId == ticket.Id && a.MessageId != null).ToListAsync(cancellationToken))
            .ToLookup(a => a.MessageId!.Value);
        var authorIds = messages.Where(m => m.AuthorAgentId is not null).Select(m => m.AuthorAgentId!.Value).Distinct().ToList();
        var agentNames = authorIds.Count == 0
            ? []
            : await db.Agents.AsNoTracking().Where(a => authorIds.Contains(a.Id))
                .ToDictionaryAsync(a => a.Id, a => a.DisplayName, cancellationToken);

        var timeline = await db.AuditEvents.AsNoTracking()
            .Where(e => e.TicketId == ticket.Id && (includeInternal || e.IsPublic))
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);

        var clocks = await db.TicketClocks.AsNoTracking().Where(c => c.TicketId == ticket.Id).ToListAsync(cancellationToken);
        var promise = clocks.Find(c => c.Metric == SlaMetric.Promise && c.State != SlaClockState.Stopped);
        var policy = includeInternal && ticket.SlaPolicyId is { } policyId ? catalog.Sla.Policies.FirstOrDefault(p => p.Id == policyId)?.Name : null;
        var sla = new SlaView(
            policy,
            [.. clocks.OrderBy(c => c.Metric).Select(c => new ClockView(c.Metric, c.State, c.StartedAt, c.DueAt, c.StoppedAt, c.IsBreached(now)))],
            promise?.DueAt,
            ticket.EscalationLevel,
            ticket.EscalatedAt,
            ticket.NudgeCount,
            ticket.Urgent,
            await db.UrgentRequests.AsNoTracking().Where(r => r.ItemId == ticket.Id).FirstOrDefaultAsync(cancellationToken) is { } urgent ? UrgentLane.ToView(urgent) : null);

        var links = await db.TicketLinks.AsNoTracking().Where(l => l.TicketId == ticket.Id || l.EarlierTicketId == ticket.Id)
            .OrderBy(l => l.CreatedAt).ToListAsync(cancellationToken);
        return new TicketView(
            ticket.Number, ticket.Subject, ticket.Description, ticket.Status, TicketLifecycle.NextStatuses(ticket.Status),
            ticket.Priority, catalog.CategoryCode(ticket.CategoryId), ticket.Channel, customer, ticket.MerchantId, team, assignee,
            ticket.OrderNumber, ticket.OccurredAt, ticket.DesiredOutcome, ticket.CreatedAt, ticket.UpdatedAt,
            ticket.FirstRespondedAt, ticket.SolvedAt, ticket.ClosedAt,
            [.. messages.Select(m => new MessageView(
                m.Id, m.Direction, m.Visibility,
                new PersonView(m.AuthorKind.ToString().ToLowerInvariant(), m.AuthorAgentNumber, AuthorName(m, customer, agentNames)),
                m.Body, m.CreatedAt,
                [.. attachments[m.Id].Select(a => ToView(ticket.Number, a))],
                m.VerificationCode))],
            [.. timeline.Select(e => new TimelineEntryView(
                e.Kind,
                new PersonView(e.ActorKind.ToString().ToLowerInvariant(), null, e.ActorLabel),
                e.Data is null ? null : JsonSerializer.Deserialize<JsonElement>(e.Data), e.CreatedAt))],
            sla,
            [.. links.Select(l => l.TicketId == ticket.Id
                ? new TicketLinkView(l.EarlierTicketNumber, "continues", l.CreatedAt)
                : new TicketLinkView(l.TicketNumber, "continuedBy", l.CreatedAt))]);
    }

    /// <summary>
    /// The summary of a ticket as it is in memory, so a write can answer with its own changes before
    /// they are saved.
    /// </summary>
    public static async Task<TicketSummaryView> SummaryAsync(KefuDbContext db, Ticket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        var (customer, team, assignee) = await ReferencesAsync(db, ticket, cancellationToken);
        var category = ticket.CategoryId is null ? null : await db.Categories.AsNoTracking().Where(c => c.Id == ticket.CategoryId)
            .Select(c => c.Code).FirstOrDefaultAsync(cancellationToken);
        return new TicketSummaryView(
            ticket.Number, ticket.Subject, ticket.Status, ticket.Priority, category, ticket.Channel, customer, ticket.MerchantId,
            team, assignee, ticket.CreatedAt, ticket.UpdatedAt);
    }

    private static async Task<(CustomerRefView Customer, TeamRefView? Team, AgentRefView? Assignee)> ReferencesAsync(
        KefuDbContext db, Ticket ticket, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == ticket.CustomerId)
            .Select(c => new CustomerRefView(c.ExternalId, c.Name)).FirstAsync(cancellationToken);
        var team = ticket.TeamId is null ? null : await db.Teams.AsNoTracking().Where(t => t.Id == ticket.TeamId)
            .Select(t => new TeamRefView(t.Id, t.Name)).FirstOrDefaultAsync(cancellationToken);
        var assignee = ticket.AssigneeId is null ? null : await db.Agents.AsNoTracking().Where(a => a.Id == ticket.AssigneeId)
            .Select(a => new AgentRefView(a.AgentNumber, a.DisplayName)).FirstOrDefaultAsync(cancellationToken);
        return (customer, team, assignee);
    }

    public static AttachmentView ToView(long ticketNumber, Attachment a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size, $"{Url(ticketNumber)}/attachments/{a.Id}");
    }

    private static string? AuthorName(Message m, CustomerRefView customer, Dictionary<Guid, string> agentNames) => m.AuthorKind switch
    {
        AuthorKind.Customer => customer.Name,
        AuthorKind.Agent when m.AuthorAgentId is { } id && agentNames.TryGetValue(id, out var name) => name,
        _ => null,
    };

    public static IQueryable<TicketSummaryView> Summaries(KefuDbContext db, IQueryable<Ticket> tickets)
    {
        ArgumentNullException.ThrowIfNull(db);
        return from t in tickets
               join c in db.Customers on t.CustomerId equals c.Id
               join cat in db.Categories on t.CategoryId equals cat.Id into cats
               from cat in cats.DefaultIfEmpty()
               join team in db.Teams on t.TeamId equals team.Id into teams
               from team in teams.DefaultIfEmpty()
               join a in db.Agents on t.AssigneeId equals a.Id into agents
               from a in agents.DefaultIfEmpty()
               select new TicketSummaryView(
                   t.Number, t.Subject, t.Status, t.Priority, cat == null ? null : cat.Code, t.Channel,
                   new CustomerRefView(c.ExternalId, c.Name), t.MerchantId,
                   team == null ? null : new TeamRefView(team.Id, team.Name),
                   a == null ? null : new AgentRefView(a.AgentNumber, a.DisplayName),
                   t.CreatedAt, t.UpdatedAt);
    }
}
