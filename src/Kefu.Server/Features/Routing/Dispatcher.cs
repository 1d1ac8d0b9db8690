using System.Text.Json;
using Kefu.Domain.Agents;
using Kefu.Domain.Routing;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Sla;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Routing;

/// <summary>
/// Gives waiting tickets to agents. Intake only chooses the team (fast, no agent lookups); this loop then serves each
/// team's queue in order — urgent, VIP, oldest — to online agents with room, along the overflow chain, by the team's
/// strategy, offering first where the team wants agents to accept. It reads a snapshot, decides with the routing
/// domain, and commits each assignment with the ticket's concurrency token, so a ticket changed meanwhile (taken by
/// hand, assigned by another node) is simply left alone: never two agents on one ticket.
/// </summary>
public sealed partial class Dispatcher(
    IDbContextFactory<KefuDbContext> contextFactory,
    GroupCommitter writer,
    WorkspaceCatalog catalogs,
    TimeProvider time,
    ILogger<Dispatcher> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    /// <summary>Waiting tickets looked at per round, oldest first; a longer queue is served over several rounds.</summary>
    public const int RoundSize = 500;

    private static readonly TicketStatus[] Waiting = [TicketStatus.New, TicketStatus.Open];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RoundAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRoundFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public async Task RoundAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();

        var expired = await db.Tickets.AsNoTracking().Where(t => t.OfferExpiresAt != null && t.OfferExpiresAt <= now).OrderBy(t => t.OfferExpiresAt).Select(t => t.Id).Take(RoundSize).ToListAsync(cancellationToken);
        await Task.WhenAll(expired.Select(id => SafelyAsync(() => writer.ExecuteAsync(scope => ExpireOfferAsync(scope, id), CancellationToken.None))));

        // Only workspaces with someone online can assign anything; the rest cost nothing per round.
        var staffed = await db.Agents.AsNoTracking().Where(a => a.IsActive && a.Availability == AgentAvailability.Online)
            .Select(a => a.WorkspaceId).Distinct().ToListAsync(cancellationToken);
        foreach (var workspaceId in staffed)
        {
            var workspace = await db.Tickets.AsNoTracking()
                .Where(t => t.WorkspaceId == workspaceId && t.AssigneeId == null && t.TeamId != null && Waiting.Contains(t.Status) && t.EscalatedAt == null && t.OfferedToAgentId == null && !t.HeldByBot)
                .OrderBy(t => t.CreatedAt).Take(RoundSize)
                .Join(db.Customers, t => t.CustomerId, c => c.Id, (t, c) => new { Ticket = t, c.Tier, c.ManagerAgentId })
                .ToListAsync(cancellationToken);
            if (workspace.Count == 0)
            {
                continue;
            }

            var snapshot = await SnapshotAsync(db, workspaceId, cancellationToken);
            if (snapshot is null)
            {
                continue;
            }

            var merchantManagers = await db.Merchants.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && m.ManagerAgentId != null)
                .ToDictionaryAsync(m => m.Id, m => m.ManagerAgentId!.Value, cancellationToken);
            var items = workspace.Select(w => (w.Ticket, Item: WorkItemOf(w.Ticket, w.Tier) with
            {
                CustomerManagerId = w.ManagerAgentId,
                MerchantManagerId = w.Ticket.MerchantId is { } merchant && merchantManagers.TryGetValue(merchant, out var manager) ? manager : null,
            })).ToList();
            var writes = new List<Task>();
            foreach (var (ticket, item) in items.OrderBy(i => i.Item, QueueOrder.Instance))
            {
                var placement = OverflowPlacement.Place(
                    item, ticket.TeamId!.Value, snapshot.Teams, snapshot.Board,
                    team => new TeamBacklog([], snapshot.HandleTimes.ForTeam(team)), now, ticket.PassedAgentIds.ToHashSet());
                if (placement.Kind != PlacementKind.Assigned || placement.Agent is not { } pick)
                {
                    continue;
                }

                var lastAssignedAt = snapshot.Board.RecordAssignment(pick.Agent.AgentId, item.Kind, now);
                var offerFor = snapshot.OfferTimeouts.GetValueOrDefault(placement.TeamId);
                var teamId = placement.TeamId;
                writes.Add(SafelyAsync(() => writer.ExecuteAsync(
                    scope => AssignAsync(scope, ticket.Id, ticket.Version, teamId, pick, lastAssignedAt, offerFor, placement.PassedOver), CancellationToken.None)));
            }

            await Task.WhenAll(writes);
        }
    }

    private sealed record Snapshot(TeamDirectory Teams, AgentBoard Board, IReadOnlyDictionary<Guid, TimeSpan?> OfferTimeouts, HandleTimes HandleTimes);

    /// <summary>The workspace's teams and agents as routing sees them now, with each agent's load counted from open tickets and live offers.</summary>
    private async Task<Snapshot?> SnapshotAsync(KefuDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var catalog = await catalogs.GetAsync(workspaceId, cancellationToken);
        var teams = await db.Teams.AsNoTracking().Include(t => t.Members).Where(t => t.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        var agents = await db.Agents.AsNoTracking().Where(a => a.WorkspaceId == workspaceId && a.IsActive).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var loads = LoadsOf(await db.Tickets.AsNoTracking()
            .Where(t => t.WorkspaceId == workspaceId && t.Status != TicketStatus.Solved && t.Status != TicketStatus.Closed
                && (t.AssigneeId != null || (t.OfferedToAgentId != null && t.OfferExpiresAt > now)))
            .GroupBy(t => new { AgentId = t.AssigneeId ?? t.OfferedToAgentId, t.Channel })
            .Select(g => new { g.Key.AgentId, g.Key.Channel, Count = g.Count() })
            .ToListAsync(cancellationToken), l => l.AgentId!.Value, l => l.Channel, l => l.Count);

        TeamDirectory directory;
        try
        {
            directory = new TeamDirectory(teams.Select(t => ToRouting(t, catalog.Sla)));
        }
        catch (Exception ex) when (ex is OverflowCycleException or ArgumentException)
        {
            LogBadTeams(logger, ex, workspaceId);
            return null;
        }

        return new Snapshot(directory, BoardOf(agents, loads), teams.ToDictionary(t => t.Id, t => t.OfferTimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null),
            catalog.Routing.HandleTimes);
    }

    /// <summary>A live chat (the widget, an app) takes a chat slot; everything else a ticket slot.</summary>
    public static WorkKind KindOf(Channel channel) => channel is Channel.Web or Channel.App ? WorkKind.Chat : WorkKind.Ticket;

    /// <summary>Open work per agent and kind, from counts per agent and channel.</summary>
    public static Dictionary<Guid, WorkCounts> LoadsOf<T>(IEnumerable<T> rows, Func<T, Guid> agent, Func<T, Channel> channel, Func<T, int> count)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var loads = new Dictionary<Guid, WorkCounts>();
        foreach (var row in rows)
        {
            loads[agent(row)] = loads.GetValueOrDefault(agent(row)).Add(KindOf(channel(row)), count(row));
        }

        return loads;
    }

    /// <summary>Agents as routing sees them, with the open chats and tickets each holds (or is offered).</summary>
    public static AgentBoard BoardOf(IEnumerable<Agent> agents, IReadOnlyDictionary<Guid, WorkCounts> loads)
    {
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(loads);
        return new AgentBoard(agents.Select(a => new AgentSnapshot
        {
            AgentId = a.Id, AgentNumber = a.AgentNumber, Availability = a.Availability,
            Capacity = new WorkCounts(a.ChatCapacity, a.TicketCapacity),
            Load = loads.GetValueOrDefault(a.Id),
            LastAssignedAt = a.LastAssignedAt, MerchantId = a.MerchantId,
        }));
    }

    public static TeamRouting ToRouting(Team team, SlaBook sla)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(sla);
        return new TeamRouting
        {
            TeamId = team.Id, Name = team.Name, Strategy = team.Strategy, MemberIds = [.. team.Members.Select(m => m.AgentId)],
            Calendar = team.CalendarKey is null ? BusinessCalendar.AlwaysOpen : sla.Calendar(team.CalendarKey),
            OverflowTeamId = team.OverflowTeamId, MerchantId = team.MerchantId,
        };
    }

    public static WorkItem WorkItemOf(Ticket ticket, int tier)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new WorkItem
        {
            Id = ticket.Id, Kind = KindOf(ticket.Channel), MerchantId = ticket.MerchantId, VipLevel = tier, Urgent = ticket.Urgent, InArbitration = ticket.InArbitration,
            WaitingSince = ticket.CreatedAt,
        };
    }

    private sealed record Done(bool Changed) : IWriteOutcome
    {
        public bool KeepsChanges => Changed;
    }

    private static async Task<Done> AssignAsync(
        WriteScope scope, Guid ticketId, int seenVersion, Guid teamId, AgentPick pick, DateTimeOffset lastAssignedAt, TimeSpan? offerFor, IReadOnlyList<OverflowStep> passedOver)
    {
        var db = scope.Db;
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == ticketId);
        var now = lastAssignedAt;
        if (ticket is null || ticket.Version != seenVersion || ticket.AssigneeId is not null || ticket.HasLiveOffer(now) || ticket.Status == TicketStatus.Closed)
        {
            return new Done(false);
        }

        var agent = await db.Agents.FirstAsync(a => a.Id == pick.Agent.AgentId);
        agent.LastAssignedAt = lastAssignedAt;
        var data = JsonSerializer.Serialize(new
        {
            agentNumber = agent.AgentNumber,
            basis = JsonNamingPolicy.CamelCase.ConvertName(pick.Basis.ToString()),
            teamId,
            overflowedFrom = passedOver.Select(p => new { p.TeamId, p.TeamName, reason = JsonNamingPolicy.CamelCase.ConvertName(p.Reason.ToString()) }),
            offerSeconds = offerFor?.TotalSeconds,
        });
        if (offerFor is { } timeToAnswer)
        {
            if (teamId != ticket.TeamId)
            {
                ticket.Route(teamId, ticket.Priority, urgent: false);
            }

            ticket.Offer(agent.Id, now, timeToAnswer);
            db.AuditEvents.Add(ticket.Record(new TimelineEntry(TicketRouting.OfferedKind, AuthorKind.System, null, null, IsPublic: false, data, now)));
        }
        else
        {
            var before = ticket.Status;
            ticket.AssignTo(teamId, agent.Id, now);
            db.AuditEvents.Add(ticket.Record(new TimelineEntry(TicketRouting.AssignedByRoutingKind, AuthorKind.System, null, null, IsPublic: false, data, now)));
            Tickets.MessageWriting.AuditStatusChange(db, ticket, before, now, AuthorKind.System, null, null);
        }

        return new Done(true);
    }

    private async Task<Done> ExpireOfferAsync(WriteScope scope, Guid ticketId)
    {
        var db = scope.Db;
        var now = time.GetUtcNow();
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == ticketId);
        if (ticket?.OfferedToAgentId is not { } agentId || ticket.OfferExpiresAt > now)
        {
            return new Done(false);
        }

        ticket.PassOffer(now);
        db.AuditEvents.Add(ticket.Record(new TimelineEntry(TicketRouting.OfferPassedKind, AuthorKind.System, null, null, IsPublic: false,
            JsonSerializer.Serialize(new { agentId, reason = "expired" }), now)));
        return new Done(true);
    }

    private async Task SafelyAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone changed the ticket in the same instant; the next round sees the truth.
        }
        catch (Exception ex)
        {
            LogWriteFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A dispatch round failed; the next one retries")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A dispatch write failed; the next round retries it")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Workspace {WorkspaceId} has an unusable team setup (overflow cycle or unknown team); its queue waits until an admin fixes it")]
    private static partial void LogBadTeams(ILogger logger, Exception exception, Guid workspaceId);
}
