using System.Diagnostics.Metrics;
using System.Text.Json;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Routing;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Sla;

/// <summary>
/// Fires SLA warnings and breaches on time. Clocks live in the database; the engine keeps in memory only the events due
/// within the next <see cref="Horizon"/>, found by one indexed range query every <see cref="ScanEvery"/>, so memory
/// stays bounded however many clocks are open. An event is fired in a write through the group committer that changes
/// the clock row under its concurrency token, so it is fired once even if two nodes race for it, and events that fell
/// due while the server was down are simply the first ones the start-up scan finds.
/// </summary>
public sealed partial class SlaEngine(
    IDbContextFactory<KefuDbContext> contextFactory,
    GroupCommitter writer,
    WorkspaceCatalog catalogs,
    TimeProvider time,
    ILogger<SlaEngine> logger) : BackgroundService
{
    public static readonly TimeSpan Horizon = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan ScanEvery = TimeSpan.FromMilliseconds(250);

    /// <summary>Upper bound on events held in memory; a backlog larger than this is worked through scan by scan.</summary>
    public const int MaxLoaded = 20_000;

    private static readonly Meter Meter = new("Kefu.Sla");
    private static readonly Histogram<double> Lateness = Meter.CreateHistogram<double>("kefu.sla.event_lateness", "ms", "How long after its due time an SLA event was fired.");

    private readonly PriorityQueue<Guid, DateTimeOffset> _due = new();
    private readonly Dictionary<Guid, DateTimeOffset> _scheduled = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextScan = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                if (now >= nextScan)
                {
                    await ScanAsync(now, stoppingToken);
                    nextScan = now + ScanEvery;
                }

                await FireDueAsync(time.GetUtcNow());

                var wake = _due.TryPeek(out _, out var first) && first < nextScan ? first : nextScan;
                var wait = wake - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be restarting; the clocks are safe there, so try again shortly.
                LogEngineFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ScanAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var until = now + Horizon;
        var rows = await db.TicketClocks.AsNoTracking()
            .Where(c => c.NextEventAt != null && c.NextEventAt <= until)
            .OrderBy(c => c.NextEventAt)
            .Take(MaxLoaded)
            .Select(c => new { c.Id, c.NextEventAt })
            .ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            var at = row.NextEventAt!.Value;
            if (_scheduled.TryGetValue(row.Id, out var known) && known == at)
            {
                continue;
            }

            if (_scheduled.Count >= MaxLoaded && !_scheduled.ContainsKey(row.Id))
            {
                break;
            }

            _scheduled[row.Id] = at;
            _due.Enqueue(row.Id, at);
        }
    }

    private async Task FireDueAsync(DateTimeOffset now)
    {
        var ready = new List<Guid>();
        while (_due.TryPeek(out var id, out var at) && at <= now)
        {
            _due.Dequeue();
            if (_scheduled.TryGetValue(id, out var current) && current == at)
            {
                ready.Add(id);
            }
        }

        if (ready.Count == 0)
        {
            return;
        }

        // One write per clock, all queued at once: the group committer commits them together, and one clock that
        // fails (changed meanwhile, fired by another node) fails alone.
        await Task.WhenAll(ready.Select(FireOneAsync));
        foreach (var id in ready)
        {
            _scheduled.Remove(id);
        }
    }

    private async Task FireOneAsync(Guid clockId)
    {
        try
        {
            var fired = await writer.ExecuteAsync(scope => FireAsync(scope, clockId), CancellationToken.None);
            foreach (var e in fired.Events)
            {
                Lateness.Record(e.Lateness.TotalMilliseconds);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another node fired it, or an agent changed the clock in the same instant; the next scan sees the truth.
        }
        catch (Exception ex)
        {
            LogFireFailed(logger, ex, clockId);
        }
    }

    private sealed record Fired(IReadOnlyList<ClockEvent> Events) : IWriteOutcome
    {
        public bool KeepsChanges => true;
    }

    private async Task<Fired> FireAsync(WriteScope scope, Guid clockId)
    {
        var db = scope.Db;
        var now = time.GetUtcNow();
        var clock = await db.TicketClocks.FirstOrDefaultAsync(c => c.Id == clockId);
        if (clock is null || clock.NextEventAt is not { } due || due > now)
        {
            return new Fired([]);
        }

        var ticket = await db.Tickets.FirstAsync(t => t.Id == clock.TicketId);
        var catalog = await catalogs.GetAsync(ticket.WorkspaceId, CancellationToken.None);
        var events = clock.FireDue(now);
        foreach (var e in events)
        {
            await RecordAsync(db, ticket, catalog.Sla, e, now);
        }

        // Platform mode: a merchant's own team that lets the clock run out loses the ticket to the platform's arbitration team.
        if (events.Any(e => e.Kind == ClockEventKind.Breach) && ticket.TeamId is { } teamId && !ticket.InArbitration
            && await db.Teams.AnyAsync(t => t.Id == teamId && t.MerchantId != null))
        {
            await Arbitration.MoveAsync(db, ticket, catalog.Routing, "merchant SLA lapsed", AuthorKind.System, null, null, now, CancellationToken.None);
        }

        return new Fired(events);
    }

    /// <summary>Puts the event on the timeline and runs the escalation ladder. A lapsed promise counts as a breach.</summary>
    public static async Task RecordAsync(KefuDbContext db, Ticket ticket, SlaBook book, ClockEvent e, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var isPromise = e.Metric == SlaMetric.Promise;
        var kind = e.Kind == ClockEventKind.Warning ? SlaAuditKinds.Warning : isPromise ? SlaAuditKinds.PromiseLapsed : SlaAuditKinds.Breached;
        MessageWriting.Audit(db, ticket, now, kind, AuthorKind.System, null, null, isPublic: isPromise && e.Kind == ClockEventKind.Breach,
            JsonSerializer.Serialize(new { metric = Escalations.Camel(e.Metric), dueAt = e.DueAt, firedAt = e.FiredAt, lateMs = Math.Round(e.Lateness.TotalMilliseconds, 1) }));
        var trigger = e.Kind == ClockEventKind.Warning ? EscalationTrigger.Warning : EscalationTrigger.Breach;
        await Escalations.ApplyAsync(db, ticket, book, new EscalationCause(trigger, e.Metric, AuthorKind.System, null, null, new { dueAt = e.DueAt }), now, CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The SLA engine failed a round; retrying in a second")]
    private static partial void LogEngineFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Firing the SLA event of clock {ClockId} failed; the next scan retries it")]
    private static partial void LogFireFailed(ILogger logger, Exception exception, Guid clockId);
}
