using System.Text.Json;
using Kefu.Domain.Notifications;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Web;

/// <summary>Notifications one agent's work leaves for a colleague: a mention in an internal note, a sub-task handed over.</summary>
public static class AgentNotices
{
    /// <summary>The colleagues a caller can mention or hand work to: active agents on the same side (the platform, or the same merchant).</summary>
    public static IQueryable<Kefu.Domain.Agents.Agent> Colleagues(KefuDbContext db, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(caller);
        return db.Agents.Where(a => a.WorkspaceId == caller.WorkspaceId && a.IsActive && a.MerchantId == caller.MerchantId);
    }

    /// <summary>Leaves a notification for every colleague the note mentions (never the writer); returns their 工号.</summary>
    public static async Task<IReadOnlyList<string>> MentionedAsync(
        KefuDbContext db, Ticket ticket, Caller caller, Message note, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(note);
        if (!note.Body.Contains('@', StringComparison.Ordinal))
        {
            return [];
        }

        var colleagues = await Colleagues(db, caller).Where(a => a.Id != caller.AgentId)
            .Select(a => new MentionTarget(a.Id, a.AgentNumber, a.DisplayName)).ToListAsync(cancellationToken);
        var mentioned = Mentions.Find(note.Body, colleagues);
        foreach (var colleague in mentioned)
        {
            Notify(db, ticket, colleague.AgentId, Mentions.Kind, now, new { by = caller.AgentNumber, byName = caller.Name, messageId = note.Id });
        }

        return [.. mentioned.Select(m => m.AgentNumber)];
    }

    public static void Notify(KefuDbContext db, Ticket ticket, Guid agentId, string kind, DateTimeOffset now, object data)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        db.Notifications.Add(new Notification
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = ticket.WorkspaceId, AgentId = agentId, Kind = kind,
            TicketId = ticket.Id, TicketNumber = ticket.Number, Data = JsonSerializer.Serialize(data, JsonSerializerOptions.Web), CreatedAt = now,
        });
    }
}
