using System.Runtime.CompilerServices;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Receipts;

/// <summary>One ticket's timeline as stored, and whether its hash chain still holds.</summary>
public sealed record TicketTimeline(Guid WorkspaceId, long Number, IReadOnlyList<AuditEvent> Entries, TimelineCheck Check);

/// <summary>Checks stored timelines against their hash chains: one ticket (receipts) or all of them (`kefu verify-timeline`).</summary>
public static class TimelineAudit
{
    private const int PageSize = 200;

    public static async Task<TicketTimeline> CheckAsync(KefuDbContext db, Ticket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ticket);
        return (await CheckPageAsync(db, [ticket], cancellationToken))[0];
    }

    /// <summary>Every ticket of the workspace (or of all workspaces), a page at a time, by number.</summary>
    public static async IAsyncEnumerable<TicketTimeline> WalkAsync(KefuDbContext db, Guid? workspaceId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var workspaces = workspaceId is { } only
            ? [only]
            : await db.Workspaces.AsNoTracking().OrderBy(w => w.Slug).Select(w => w.Id).ToListAsync(cancellationToken);
        foreach (var workspace in workspaces)
        {
            var after = 0L;
            while (true)
            {
                var page = await db.Tickets.AsNoTracking().Where(t => t.WorkspaceId == workspace && t.Number > after)
                    .OrderBy(t => t.Number).Take(PageSize).ToListAsync(cancellationToken);
                if (page.Count == 0)
                {
                    break;
                }

                foreach (var timeline in await CheckPageAsync(db, page, cancellationToken))
                {
                    yield return timeline;
                }

                after = page[^1].Number;
            }
        }
    }

    private static async Task<List<TicketTimeline>> CheckPageAsync(KefuDbContext db, IReadOnlyList<Ticket> tickets, CancellationToken cancellationToken)
    {
        var ids = tickets.Select(t => t.Id).ToList();
        var entries = (await db.AuditEvents.AsNoTracking().Where(e => ids.Contains(e.TicketId)).OrderBy(e => e.Sequence).ToListAsync(cancellationToken))
            .ToLookup(e => e.TicketId);
        var bodies = (await db.Messages.AsNoTracking().Where(m => m.TicketId != null && ids.Contains(m.TicketId.Value))
                .Select(m => new { TicketId = m.TicketId!.Value, m.Id, m.Body }).ToListAsync(cancellationToken))
            .GroupBy(m => m.TicketId)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<Guid, string>)g.ToDictionary(m => m.Id, m => m.Body));
        return
        [
            .. tickets.Select(t =>
            {
                var timeline = entries[t.Id].ToList();
                var check = TimelineChain.Verify(t.TimelineLength, t.TimelineHead, timeline, bodies.GetValueOrDefault(t.Id) ?? new Dictionary<Guid, string>());
                return new TicketTimeline(t.WorkspaceId, t.Number, timeline, check);
            }),
        ];
    }
}
