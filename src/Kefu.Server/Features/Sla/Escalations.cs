using System.Text.Json;
using Kefu.Domain.Agents;
using Kefu.Domain.Notifications;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Sla;

/// <summary>Who set an escalation off, for the timeline.</summary>
public sealed record EscalationCause(EscalationTrigger Trigger, SlaMetric? Metric, AuthorKind ActorKind, Guid? ActorId, string? ActorLabel, object? Details);

/// <summary>Runs a workspace's escalation ladder on a ticket inside a write: the ticket changes, the timeline says so, supervisors hear of it.</summary>
public static class Escalations
{
    public static async Task<EscalationPlan> ApplyAsync(KefuDbContext db, Ticket ticket, SlaBook book, EscalationCause cause, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(cause);

        var levelBefore = ticket.EscalationLevel;
        var priorityBefore = ticket.Priority;
        var teamBefore = ticket.TeamId;
        var plan = EscalationLadder.Plan(book.Ladder, cause.Trigger, cause.Metric, levelBefore);
        if (!plan.DoesAnything(levelBefore))
        {
            return plan;
        }

        ticket.Escalate(plan, now);
        var notified = plan.NotifySupervisors
            ? await NotifySupervisorsAsync(db, ticket, NotificationKind(cause.Trigger), new { trigger = Camel(cause.Trigger), metric = Camel(cause.Metric), level = ticket.EscalationLevel, details = cause.Details }, now, cancellationToken)
            : 0;

        MessageWriting.Audit(db, ticket, now, SlaAuditKinds.Escalated, cause.ActorKind, cause.ActorId, cause.ActorLabel, isPublic: true,
            JsonSerializer.Serialize(new
            {
                trigger = Camel(cause.Trigger),
                metric = Camel(cause.Metric),
                level = new { from = levelBefore, to = ticket.EscalationLevel },
                priority = ticket.Priority == priorityBefore ? null : new { from = Camel(priorityBefore), to = Camel(ticket.Priority) },
                teamId = ticket.TeamId == teamBefore ? null : ticket.TeamId,
                supervisorsNotified = notified,
            }));
        return plan;
    }

    /// <summary>Tells the supervisors of the ticket's team, or every supervisor of the workspace when the team has none.</summary>
    /// <returns>How many were told.</returns>
    public static async Task<int> NotifySupervisorsAsync(KefuDbContext db, Ticket ticket, string kind, object data, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        var supervisors = db.Agents.Where(a => a.WorkspaceId == ticket.WorkspaceId && a.IsActive && (a.Role == AgentRole.Supervisor || a.Role == AgentRole.Admin));
        var recipients = ticket.TeamId is { } teamId
            ? await supervisors.Where(a => db.TeamMembers.Any(m => m.TeamId == teamId && m.AgentId == a.Id)).Select(a => a.Id).ToListAsync(cancellationToken)
            : [];
        if (recipients.Count == 0)
        {
            recipients = await supervisors.Select(a => a.Id).ToListAsync(cancellationToken);
        }

        var json = JsonSerializer.Serialize(data);
        foreach (var agentId in recipients)
        {
            db.Notifications.Add(new Notification
            {
                Id = Guid.CreateVersion7(now), WorkspaceId = ticket.WorkspaceId, AgentId = agentId, Kind = kind,
                TicketId = ticket.Id, TicketNumber = ticket.Number, Data = json, CreatedAt = now,
            });
        }

        return recipients.Count;
    }

    private static string NotificationKind(EscalationTrigger trigger) => trigger switch
    {
        EscalationTrigger.Warning => NotificationKinds.SlaWarning,
        EscalationTrigger.Breach => NotificationKinds.SlaBreach,
        EscalationTrigger.Nudge => NotificationKinds.Nudge,
        _ => NotificationKinds.EscalationRequested,
    };

    public static string? Camel<T>(T? value)
        where T : struct, Enum => value is { } v ? JsonNamingPolicy.CamelCase.ConvertName(v.ToString()) : null;

    public static string Camel<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
