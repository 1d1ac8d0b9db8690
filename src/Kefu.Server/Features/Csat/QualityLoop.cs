using Kefu.Domain.Analytics;
using Kefu.Domain.Csat;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Kefu.Server.Features.Csat;

/// <summary>A workspace's quality settings, cached like the rest of its catalog; admin changes call <see cref="Invalidate"/>.</summary>
public sealed class QualitySettingsStore(IMemoryCache cache)
{
    public async Task<QualitySettings> GetAsync(KefuDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var settings = await cache.GetOrCreateAsync(Key(workspaceId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = WorkspaceCatalog.CacheFor;
            return await db.QualitySettings.AsNoTracking().FirstOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken)
                ?? QualitySettings.Defaults(workspaceId);
        });
        return settings!;
    }

    public void Invalidate(Guid workspaceId) => cache.Remove(Key(workspaceId));

    private static string Key(Guid workspaceId) => "quality:" + workspaceId;
}

/// <summary>
/// What the quality loop does when facts happen, in the same write: a solve opens the cycle's CSAT survey, and the
/// workspace's follow-up rules turn a solve, a low rating or a compensation into a call-back task (回访).
/// </summary>
public sealed class QualityLoop(QualitySettingsStore settingsStore)
{
    public async Task OnFactsAsync(WriteScope scope, Ticket ticket, TicketLedger ledger, IReadOnlyList<TicketFact> facts, CatalogSnapshot catalog, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(calendar);
        var relevant = facts.Where(f => !f.AttributionOnly && f.Kind is FactKind.Solved or FactKind.CsatRated or FactKind.CompensationOffered).ToList();
        if (relevant.Count == 0)
        {
            return;
        }

        var settings = await settingsStore.GetAsync(scope.Db, ticket.WorkspaceId, scope.CancellationToken);
        foreach (var fact in relevant)
        {
            FollowUpOccasion occasion;
            FollowUpTrigger trigger;
            switch (fact.Kind)
            {
                case FactKind.Solved:
                    scope.Insert(CsatSurvey.ForCycle(Guid.CreateVersion7(fact.OccurredAt), ticket.WorkspaceId, ticket.Id, ticket.Number, fact.Cycle,
                        ledger.CycleAgentIds, fact.OccurredAt, settings.CsatLinkDelay));
                    (occasion, trigger) = (new FollowUpOccasion.Solved(catalog.CategoryCode(ticket.CategoryId)), FollowUpTrigger.CategorySolved);
                    break;
                case FactKind.CsatRated:
                    (occasion, trigger) = (new FollowUpOccasion.Rated((int)(fact.Value ?? 0)), FollowUpTrigger.LowRating);
                    break;
                default:
                    (occasion, trigger) = (new FollowUpOccasion.Compensated(), FollowUpTrigger.CompensationOffered);
                    break;
            }

            var rule = FollowUpRules.Matching(settings.FollowUpRules, occasion).FirstOrDefault();
            if (rule is null || await scope.Db.FollowUpTasks.AnyAsync(t => t.TicketId == ticket.Id && t.Cycle == fact.Cycle && t.Trigger == trigger, scope.CancellationToken))
            {
                continue;
            }

            scope.Insert(new FollowUpTask
            {
                Id = Guid.CreateVersion7(fact.OccurredAt), WorkspaceId = ticket.WorkspaceId, TicketId = ticket.Id, TicketNumber = ticket.Number,
                Cycle = fact.Cycle, Trigger = trigger, RuleNote = rule.Note, AssigneeId = ticket.AssigneeId, TeamId = ticket.TeamId,
                MerchantId = ticket.MerchantId, CreatedAt = fact.OccurredAt,
                DueAt = calendar.AddBusinessTime(fact.OccurredAt, TimeSpan.FromHours(rule.DueWithinHours)),
            });
        }
    }
}
