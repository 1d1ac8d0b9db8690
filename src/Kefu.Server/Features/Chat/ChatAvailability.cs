using System.Security.Claims;
using Kefu.Domain.Agents;
using Kefu.Domain.Routing;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Routing;
using Kefu.Server.Features.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Chat;

/// <summary>
/// GET /api/v1/widget/availability: what the widget says when it opens. "Online" only when the widget's team (or
/// the workspace's default team) is within its duty calendar and one of its active members is online; otherwise
/// the widget says nobody is there, takes the message as a ticket, and gives the first-response time the SLA
/// policy promises a web ticket (in business time, from now).
/// </summary>
public static class ChatAvailability
{
    public sealed record AvailabilityView(
        bool Online, int AgentsOnline, bool OnDuty, DateTimeOffset? NextOpening, TimeSpan? FirstResponseTarget, DateTimeOffset? FirstResponseBy);

    public static async Task<Ok<AvailabilityView>> HandleAsync(ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var now = time.GetUtcNow();
        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var teamId = await db.ChatWidgets.Where(w => w.WorkspaceId == caller.WorkspaceId).Select(w => w.TeamId).FirstOrDefaultAsync(cancellationToken)
            ?? await db.Workspaces.Where(w => w.Id == caller.WorkspaceId).Select(w => w.DefaultTeamId).FirstOrDefaultAsync(cancellationToken);
        var team = teamId is null ? null : await db.Teams.AsNoTracking().Include(t => t.Members).FirstOrDefaultAsync(t => t.Id == teamId, cancellationToken);

        var calendar = team is null ? BusinessCalendar.AlwaysOpen : Dispatcher.ToRouting(team, catalog.Sla).Calendar;
        var agents = db.Agents.Where(a => a.WorkspaceId == caller.WorkspaceId && a.IsActive && a.MerchantId == null);
        if (team is not null)
        {
            var memberIds = team.Members.Select(m => m.AgentId).ToList();
            agents = agents.Where(a => memberIds.Contains(a.Id));
        }

        var online = await agents.CountAsync(a => a.Availability == AgentAvailability.Online, cancellationToken);
        var onDuty = calendar.IsOpen(now);

        var customerTier = await db.Customers.Where(c => c.Id == caller.CustomerId).Select(c => c.Tier).FirstOrDefaultAsync(cancellationToken);
        var policy = SlaPolicy.FirstMatch(catalog.Sla.Policies, new SlaSubject(null, TicketPriority.Normal, Channel.Web, customerTier, null, Urgent: false));
        var target = policy?.Targets.FirstResponse;
        DateTimeOffset? by = null;
        if (policy is not null && target is { } firstResponse)
        {
            try
            {
                by = catalog.Sla.Calendar(policy.CalendarKey).AddBusinessTime(now, firstResponse);
            }
            catch (InvalidOperationException)
            {
                // A calendar whose working hours run out has no moment to promise.
            }
        }

        return TypedResults.Ok(new AvailabilityView(onDuty && online > 0, online, onDuty, onDuty ? null : calendar.NextOpening(now), target, by));
    }
}
