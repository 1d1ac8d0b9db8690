using System.Text.Json;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Sla;

public static class SlaAuditKinds
{
    public const string Warning = "sla.warning";
    public const string Breached = "sla.breached";
    public const string PromiseMade = "promise.made";
    public const string PromiseKept = "promise.kept";
    public const string PromiseLapsed = "promise.lapsed";
    public const string Nudged = "ticket.nudged";
    public const string Escalated = "ticket.escalated";
    public const string EscalationRequested = "ticket.escalation_requested";
}

/// <summary>
/// Keeps a ticket's clocks in step with what happens to it, inside the same write: intake starts them, waiting on
/// the customer pauses them, a reply stops the response clocks, the customer writing again starts the next-response clock.
/// </summary>
public static class TicketSla
{
    /// <summary>Chooses the ticket's policy (first match), copies its targets onto the ticket and starts its clocks.</summary>
    public static void StartForNewTicket(WriteScope scope, Ticket ticket, string? categoryCode, int customerTier, SlaBook book, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(book);
        var subject = new SlaSubject(categoryCode, ticket.Priority, ticket.Channel, customerTier, ticket.MerchantId, Urgent: false);
        if (SlaPolicy.FirstMatch(book.Policies, subject) is not { } policy)
        {
            return;
        }

        ticket.ApplySlaPolicy(policy.Id, policy.Targets, policy.CalendarKey);
        var calendar = book.Calendar(policy.CalendarKey);
        foreach (var metric in (SlaMetric[])[SlaMetric.FirstResponse, SlaMetric.Resolution])
        {
            if (policy.Targets.For(metric) is { } target)
            {
                scope.Insert(TicketClock.Start(
                    Guid.CreateVersion7(now), ticket.WorkspaceId, ticket.Id, metric, target, policy.Targets.WarnAtPercent, policy.CalendarKey, calendar, now));
            }
        }
    }

    /// <summary>
    /// The ticket became urgent (or otherwise changed what its policy is chosen by): choose again, and if another
    /// policy now covers it, put its running clocks under the new targets from their original start.
    /// </summary>
    /// <returns>The newly chosen policy, or null when the policy stays the same.</returns>
    public static async Task<SlaPolicy?> ReapplyAsync(KefuDbContext db, Ticket ticket, string? categoryCode, int customerTier, SlaBook book, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(book);
        var subject = new SlaSubject(categoryCode, ticket.Priority, ticket.Channel, customerTier, ticket.MerchantId, ticket.Urgent);
        if (SlaPolicy.FirstMatch(book.Policies, subject) is not { } policy || policy.Id == ticket.SlaPolicyId)
        {
            return null;
        }

        ticket.ApplySlaPolicy(policy.Id, policy.Targets, policy.CalendarKey);
        var calendar = book.Calendar(policy.CalendarKey);
        foreach (var clock in (await ClocksAsync(db, ticket.Id, cancellationToken)).Where(c => c.Metric != SlaMetric.Promise && c.State != SlaClockState.Stopped))
        {
            if (policy.Targets.For(clock.Metric) is { } target)
            {
                clock.Retarget(target, policy.Targets.WarnAtPercent, policy.CalendarKey, calendar);
            }
        }

        return policy;
    }

    public static Task<List<TicketClock>> ClocksAsync(KefuDbContext db, Guid ticketId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.TicketClocks.Where(c => c.TicketId == ticketId).ToListAsync(cancellationToken);
    }

    /// <summary>The customer wrote. An answered conversation owes the next response from now; paused clocks run again.</summary>
    public static async Task OnCustomerMessageAsync(KefuDbContext db, Ticket ticket, SlaBook book, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(book);
        var clocks = await ClocksAsync(db, ticket.Id, cancellationToken);
        Follow(ticket, clocks, book, now);
        if (ticket.FirstRespondedAt is null || ticket.SlaNextResponse is not { } target)
        {
            return;
        }

        var calendar = book.Calendar(ticket.SlaCalendarKey);
        var next = clocks.Find(c => c.Metric == SlaMetric.NextResponse);
        if (next is null)
        {
            db.TicketClocks.Add(TicketClock.Start(
                Guid.CreateVersion7(now), ticket.WorkspaceId, ticket.Id, SlaMetric.NextResponse, target, ticket.SlaWarnAtPercent,
                ticket.SlaCalendarKey!, calendar, now));
        }
        else if (next.State == SlaClockState.Stopped)
        {
            next.Restart(target, ticket.SlaWarnAtPercent, calendar, now);
        }

        // A clock still running keeps counting from the customer's first unanswered message.
    }

    /// <summary>An agent answered in public: the response clocks are met, and so is a promise to reply.</summary>
    public static async Task OnAgentReplyAsync(KefuDbContext db, Ticket ticket, SlaBook book, DateTimeOffset now, Guid? agentId, string? agentNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(book);
        var clocks = await ClocksAsync(db, ticket.Id, cancellationToken);
        foreach (var clock in clocks.Where(c => c.Metric is SlaMetric.FirstResponse or SlaMetric.NextResponse or SlaMetric.Promise && c.State != SlaClockState.Stopped))
        {
            clock.Stop(book.Calendar(clock.CalendarKey), now);
            if (clock.Metric == SlaMetric.Promise)
            {
                MessageWriting.Audit(db, ticket, now, clock.BreachedAt is null ? SlaAuditKinds.PromiseKept : SlaAuditKinds.PromiseLapsed,
                    AuthorKind.Agent, agentId, agentNumber, isPublic: true, JsonSerializer.Serialize(new { dueAt = clock.StartedAt + clock.Target, repliedAt = now }));
            }
        }

        Follow(ticket, clocks, book, now);
    }

    /// <summary>The status changed: clocks pause while the ticket waits on the customer or is on hold, and stop when it closes.</summary>
    public static async Task OnStatusChangeAsync(KefuDbContext db, Ticket ticket, TicketStatus before, SlaBook book, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (ticket.Status != before)
        {
            Follow(ticket, await ClocksAsync(db, ticket.Id, cancellationToken), book, now);
        }
    }

    /// <summary>
    /// Brings every clock in line with the ticket's status. A solved ticket's resolution clock pauses rather than
    /// stops, so a reopened ticket goes on from the time it had used; closing stops everything for good.
    /// Promises are the agent's word and run on regardless, until kept or closed.
    /// </summary>
    private static void Follow(Ticket ticket, List<TicketClock> clocks, SlaBook book, DateTimeOffset now)
    {
        foreach (var clock in clocks.Where(c => c.State != SlaClockState.Stopped))
        {
            var calendar = book.Calendar(clock.CalendarKey);
            switch (ticket.Status)
            {
                case TicketStatus.Closed:
                    clock.Stop(calendar, now);
                    break;
                case TicketStatus.Solved when clock.Metric is SlaMetric.FirstResponse or SlaMetric.NextResponse or SlaMetric.Promise:
                    clock.Stop(calendar, now);
                    break;
                case TicketStatus.Solved:
                case TicketStatus.WaitingOnCustomer or TicketStatus.NeedsInfo or TicketStatus.OnHold when clock.Metric != SlaMetric.Promise:
                    clock.Pause(calendar, now);
                    break;
                case TicketStatus.New or TicketStatus.Open:
                    clock.Resume(calendar, now);
                    break;
            }
        }
    }
}
