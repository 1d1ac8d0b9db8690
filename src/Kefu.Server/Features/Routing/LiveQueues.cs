using System.Collections.Concurrent;
using System.Text.Json;
using Kefu.Domain.Routing;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Chat;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Storage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Routing;

/// <summary>
/// Live queues: every waiting customer's place and expected wait, and every team's waiting count for agents, pushed over
/// /hubs/chat when they change rather than only when asked. A committed write that can move a queue (a ticket arriving,
/// taken, moved, solved, made urgent) or an agent's availability marks its workspace; at most once a
/// <see cref="Every"/> each marked workspace's queues are worked out in one read, compared with what was pushed last,
/// and only the differences are sent. Time moves estimates too (a team coming on duty), so workspaces with anyone
/// waiting are looked at again every <see cref="Sweep"/> without a write.
/// </summary>
public sealed partial class LiveQueues(
    IHubContext<ChatHub, IChatClient> hub,
    IDbContextFactory<KefuDbContext> contextFactory,
    WorkspaceCatalog catalogs,
    TimeProvider time,
    ILogger<LiveQueues> logger) : BackgroundService, ICommitObserver
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Sweep = TimeSpan.FromSeconds(30);

    /// <summary>Waiting tickets looked at per workspace, oldest first, as the queue endpoint does.</summary>
    public const int MaxWaiting = 5000;

    /// <summary>An expected time that moved less than this is not news: it drifts by the second while nothing happens.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, byte> _marked = new();
    private readonly ConcurrentDictionary<Guid, Pushed> _pushed = new();

    /// <param name="Counts">What each audience was last sent: by merchant, <see cref="Guid.Empty"/> for the platform's own agents.</param>
    private sealed record Pushed(Dictionary<Guid, RoutingEndpoints.QueueView> Customers, Dictionary<Guid, string> Counts);

    /// <summary>A workspace's queues may have changed without a ticket write (an agent came online, a capacity changed).</summary>
    public void Changed(Guid workspaceId) => _marked.TryAdd(workspaceId, 0);

    public object? Capture(KefuDbContext db, IReadOnlyList<object> newRows)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(newRows);
        HashSet<Guid>? workspaces = null;
        foreach (var row in newRows)
        {
            if (row is Ticket ticket)
            {
                (workspaces ??= []).Add(ticket.WorkspaceId);
            }
        }

        foreach (var entry in db.ChangeTracker.Entries<Ticket>())
        {
            entry.DetectChanges();
            if (entry.State == EntityState.Added
                || (entry.State == EntityState.Modified && (entry.Property(t => t.Status).IsModified || entry.Property(t => t.AssigneeId).IsModified
                    || entry.Property(t => t.TeamId).IsModified || entry.Property(t => t.Urgent).IsModified || entry.Property(t => t.EscalatedAt).IsModified)))
            {
                (workspaces ??= []).Add(entry.Entity.WorkspaceId);
            }
        }

        return workspaces;
    }

    public void Committed(IReadOnlyList<object> captured)
    {
        ArgumentNullException.ThrowIfNull(captured);
        foreach (var workspaces in captured.Cast<HashSet<Guid>>())
        {
            foreach (var workspaceId in workspaces)
            {
                Changed(workspaceId);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        var lastSweep = time.GetUtcNow();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (time.GetUtcNow() - lastSweep >= Sweep)
                {
                    lastSweep = time.GetUtcNow();
                    foreach (var (workspaceId, pushed) in _pushed)
                    {
                        if (pushed.Customers.Count > 0)
                        {
                            Changed(workspaceId);
                        }
                    }
                }

                foreach (var workspaceId in _marked.Keys)
                {
                    _marked.TryRemove(workspaceId, out _);
                    try
                    {
                        await PublishAsync(workspaceId, stoppingToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // The next change or sweep pushes again; the queue endpoint answers meanwhile.
                        LogPushFailed(logger, ex, workspaceId);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task PublishAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var catalog = await catalogs.GetAsync(workspaceId, cancellationToken);
        var queues = await QueuesAsync(db, workspaceId, null, catalog, time.GetUtcNow(), cancellationToken);
        var before = _pushed.GetValueOrDefault(workspaceId) ?? new Pushed([], []);
        var now = new Pushed([], []);

        foreach (var queue in queues)
        {
            foreach (var (ticket, view) in queue.Tickets)
            {
                now.Customers[ticket.Id] = view;
                if (!before.Customers.TryGetValue(ticket.Id, out var last) || !Same(last, view))
                {
                    await hub.Clients.Group(ChatGroups.Customer(ticket.CustomerId)).Queue(new ChatQueueEvent(ticket.Number, view));
                }
                else
                {
                    // Keep what the customer was last told, so slow drift adds up until it is worth a push.
                    now.Customers[ticket.Id] = last;
                }
            }
        }

        var counts = queues.Select(q => q.Count).ToList();
        foreach (var audience in counts.Where(c => c.MerchantId is not null).Select(c => c.MerchantId!.Value).Distinct().Prepend(Guid.Empty))
        {
            var seen = audience == Guid.Empty ? counts : counts.Where(c => c.MerchantId == audience).ToList();
            var counted = new ChatQueueCountsEvent([.. seen.Select(c => c.Count)]);
            var key = JsonSerializer.Serialize(counted);
            now.Counts[audience] = key;
            if (before.Counts.GetValueOrDefault(audience) == key)
            {
                continue;
            }

            var group = audience == Guid.Empty ? ChatGroups.WorkspaceAgents(workspaceId) : ChatGroups.MerchantAgents(workspaceId, audience);
            await hub.Clients.Group(group).QueueCounts(counted);
        }

        _pushed[workspaceId] = now;
    }

    private static bool Same(RoutingEndpoints.QueueView last, RoutingEndpoints.QueueView now) =>
        last.State == now.State && last.Position == now.Position && last.Waiting == now.Waiting && last.Estimate == now.Estimate
        && Near(last.ExpectedBy, now.ExpectedBy) && Near(last.NotBefore, now.NotBefore);

    private static bool Near(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b is null : b is not null && (a.Value - b.Value).Duration() < Tolerance;

    /// <summary>A waiting ticket as the customer is told about it.</summary>
    public sealed record WaitingTicket(Guid Id, long Number, Guid CustomerId);

    /// <summary>One team's queue: each waiting ticket's view, and the count agents see.</summary>
    public sealed record TeamWaiting(IReadOnlyList<(WaitingTicket Ticket, RoutingEndpoints.QueueView View)> Tickets, (Guid? MerchantId, TeamQueueCount Count) Count);

    /// <summary>
    /// The queues of a workspace's teams (or of one team) as they stand now: positions and estimates by
    /// <see cref="QueueEstimate"/>, with each team's measured handle time. The queue endpoint and these pushes both use it.
    /// </summary>
    public static async Task<IReadOnlyList<TeamWaiting>> QueuesAsync(
        KefuDbContext db, Guid workspaceId, Guid? onlyTeamId, CatalogSnapshot catalog, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(catalog);
        var waiting = await db.Tickets.AsNoTracking()
            .Where(t => t.WorkspaceId == workspaceId && t.TeamId != null && (onlyTeamId == null || t.TeamId == onlyTeamId) && t.AssigneeId == null
                && (t.Status == TicketStatus.New || t.Status == TicketStatus.Open) && t.EscalatedAt == null && !t.HeldByBot)
            .OrderBy(t => t.CreatedAt).Take(MaxWaiting)
            .Join(db.Customers, t => t.CustomerId, c => c.Id, (t, c) => new
            {
                t.Id, t.Number, t.CustomerId, TeamId = t.TeamId!.Value, t.Channel, t.MerchantId, t.Urgent, t.InArbitration, t.CreatedAt, c.Tier,
            })
            .ToListAsync(cancellationToken);
        if (waiting.Count == 0)
        {
            return [];
        }

        var teamIds = waiting.Select(w => w.TeamId).Distinct().ToList();
        var teams = await db.Teams.AsNoTracking().Include(t => t.Members).Where(t => teamIds.Contains(t.Id)).ToListAsync(cancellationToken);
        var memberIds = teams.SelectMany(t => t.Members.Select(m => m.AgentId)).Distinct().ToList();
        var agents = await db.Agents.AsNoTracking().Where(a => memberIds.Contains(a.Id) && a.IsActive).ToListAsync(cancellationToken);
        var loads = Dispatcher.LoadsOf(await db.Tickets.AsNoTracking()
            .Where(t => t.AssigneeId != null && memberIds.Contains(t.AssigneeId.Value) && t.Status != TicketStatus.Solved && t.Status != TicketStatus.Closed)
            .GroupBy(t => new { t.AssigneeId, t.Channel }).Select(g => new { g.Key.AssigneeId, g.Key.Channel, Count = g.Count() })
            .ToListAsync(cancellationToken), l => l.AssigneeId!.Value, l => l.Channel, l => l.Count);
        var board = Dispatcher.BoardOf(agents, loads);

        var queues = new List<TeamWaiting>(teams.Count);
        foreach (var team in teams.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var ofTeam = waiting.Where(w => w.TeamId == team.Id).ToList();
            var byId = ofTeam.ToDictionary(w => w.Id);
            var items = ofTeam.Select(w => new WorkItem
            {
                Id = w.Id, Kind = Dispatcher.KindOf(w.Channel), MerchantId = w.MerchantId, VipLevel = w.Tier, Urgent = w.Urgent, InArbitration = w.InArbitration, WaitingSince = w.CreatedAt,
            });
            var positions = QueueEstimate.Positions(Dispatcher.ToRouting(team, catalog.Sla), items, board, catalog.Routing.HandleTimes.ForTeam(team.Id), now);
            var views = positions.Select(p =>
            {
                var w = byId[p.Item.Id];
                var view = new RoutingEndpoints.QueueView(
                    "waiting", p.Position, positions.Count, JsonNamingPolicy.CamelCase.ConvertName(p.Estimate.Kind.ToString()), p.Estimate.ExpectedAt, p.Estimate.NotBefore);
                return (new WaitingTicket(w.Id, w.Number, w.CustomerId), view);
            }).ToList();
            var count = new TeamQueueCount(team.Id, team.Name, ofTeam.Count, ofTeam.Count(w => w.Urgent), ofTeam.Min(w => (DateTimeOffset?)w.CreatedAt));
            queues.Add(new TeamWaiting(views, (team.MerchantId, count)));
        }

        return queues;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live queue push for workspace {WorkspaceId} failed; the next change or sweep pushes again")]
    private static partial void LogPushFailed(ILogger logger, Exception exception, Guid workspaceId);
}
