using System.Text.Json;
using System.Text.Json.Nodes;
using Kefu.Domain.Agents;
using Kefu.Domain.Analytics;
using Kefu.Domain.Notifications;
using Kefu.Domain.Webhooks;
using Kefu.Persistence;
using Kefu.Server.Features.Webhooks;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Analytics;

/// <summary>
/// Runs the merchant early warning (<see cref="MerchantEarlyWarning"/>) for every workspace every <see cref="DefaultEvery"/>
/// and raises each jump once: a notification to the workspace's supervisors and a <c>merchant.complaints_jumped</c>
/// webhook, both with the tickets behind it. Detection reads rollups outside the write queue; the write keeps one
/// <see cref="MerchantWarningState"/> per merchant under a concurrency token, so when several nodes check at once one of
/// them raises the alert and the others' writes are rolled back and find it raised.
/// </summary>
public sealed partial class EarlyWarningJob(
    IDbContextFactory<KefuDbContext> contextFactory,
    GroupCommitter writer,
    WorkspaceCatalog catalogs,
    WebhookOutbox webhooks,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<EarlyWarningJob> logger) : BackgroundService
{
    public static readonly TimeSpan DefaultEvery = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = configuration.GetValue("Analytics:EarlyWarning:Every", DefaultEvery);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var db = await contextFactory.CreateDbContextAsync(stoppingToken))
                {
                    foreach (var workspaceId in await db.Workspaces.AsNoTracking().Select(w => w.Id).ToListAsync(stoppingToken))
                    {
                        await CheckAsync(db, writer, catalogs, webhooks, workspaceId, time.GetUtcNow(), stoppingToken);
                    }
                }

                await Task.Delay(every, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRoundFailed(logger, ex);
                await Task.Delay(every, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Detects the workspace's jumps as of <paramref name="now"/> and raises the new ones.</summary>
    /// <returns>How many merchants are flagged, and how many of them were raised now (new jumps).</returns>
    public static async Task<(int Flagged, int Raised)> CheckAsync(
        KefuDbContext reader, GroupCommitter writer, WorkspaceCatalog catalogs, WebhookOutbox webhooks, Guid workspaceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogs);
        ArgumentNullException.ThrowIfNull(writer);
        var catalog = await catalogs.GetAsync(workspaceId, cancellationToken);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, catalog.TimeZone).DateTime);
        var warnings = await InsightEndpoints.DetectAsync(reader, workspaceId, today, new EarlyWarningRule(), cancellationToken);
        if (warnings.Count == 0)
        {
            return (0, 0);
        }

        var raised = await writer.ExecuteAsync(scope => RaiseAsync(scope, webhooks, workspaceId, today, warnings, now), cancellationToken);
        return (warnings.Count, raised);
    }

    private static async Task<int> RaiseAsync(
        WriteScope scope, WebhookOutbox webhooks, Guid workspaceId, DateOnly today, IReadOnlyList<InsightEndpoints.MerchantWarningView> warnings, DateTimeOffset now)
    {
        var (db, ct) = (scope.Db, scope.CancellationToken);
        var ids = warnings.Select(w => w.MerchantId).ToList();
        var states = await db.MerchantWarningStates.Where(s => s.WorkspaceId == workspaceId && ids.Contains(s.MerchantId)).ToDictionaryAsync(s => s.MerchantId, ct);
        var fresh = new List<InsightEndpoints.MerchantWarningView>();
        foreach (var warning in warnings)
        {
            if (!states.TryGetValue(warning.MerchantId, out var state))
            {
                db.MerchantWarningStates.Add(MerchantWarningState.Start(workspaceId, warning.MerchantId, today.DayNumber, warning.Figures.Complaints));
                fresh.Add(warning);
            }
            else if (state.Flag(today.DayNumber, warning.Figures.Complaints))
            {
                fresh.Add(warning);
            }
        }

        if (fresh.Count == 0)
        {
            return 0;
        }

        var supervisors = await db.Agents.AsNoTracking().Where(a => a.WorkspaceId == workspaceId && a.IsActive && a.MerchantId == null
            && (a.Role == AgentRole.Supervisor || a.Role == AgentRole.Admin)).Select(a => a.Id).ToListAsync(ct);
        foreach (var warning in fresh)
        {
            var data = new JsonObject
            {
                ["merchantId"] = warning.MerchantId, ["merchant"] = warning.Name, ["weekEnding"] = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["complaints"] = warning.Figures.Complaints, ["ownBaseline"] = Math.Round(warning.Figures.OwnBaseline, 2),
                ["platformExpected"] = Math.Round(warning.Figures.PlatformExpected, 2), ["tickets"] = new JsonArray([.. warning.TicketNumbers.Select(n => JsonValue.Create(n))]),
            };
            var text = data.ToJsonString();
            foreach (var agentId in supervisors)
            {
                db.Notifications.Add(new Notification
                {
                    Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, AgentId = agentId, Kind = InsightEndpoints.MerchantWarningKind, Data = text, CreatedAt = now,
                });
            }

            await webhooks.RaiseAsync(db, workspaceId, WebhookEvents.MerchantComplaintsJumped, data, now, ct);
        }

        return fresh.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The merchant early-warning check failed; retrying next round")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
