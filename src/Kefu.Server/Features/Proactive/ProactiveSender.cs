using Kefu.Domain.Proactive;
using Kefu.Persistence;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Proactive;

/// <summary>
/// Works through queued proactive recipients in batches, oldest first: each send is its own write, and the batch's
/// writes share group commits, so ten thousand recipients cost a few hundred commits, not ten thousand.
/// </summary>
public sealed partial class ProactiveSender(
    IDbContextFactory<KefuDbContext> contextFactory,
    GroupCommitter writer,
    ProactiveSignal signal,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<ProactiveSender> logger) : BackgroundService
{
    private readonly int _batchSize = configuration.GetValue("Proactive:BatchSize", 200);
    private readonly TimeSpan _pollInterval = configuration.GetValue("Proactive:PollInterval", TimeSpan.FromSeconds(2));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await SendBatchAsync(stoppingToken) == 0)
                {
                    await signal.WaitAsync(_pollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogSenderFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<int> SendBatchAsync(CancellationToken cancellationToken)
    {
        List<(Guid Id, Guid CampaignId, string ExternalId)> queued;
        Dictionary<Guid, ProactiveCampaign> campaigns;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            queued = [.. (await db.ProactiveRecipients.AsNoTracking().Where(r => r.State == RecipientState.Queued)
                    .OrderBy(r => r.QueuedAt).ThenBy(r => r.Id).Take(_batchSize).Select(r => new { r.Id, r.CampaignId, r.CustomerExternalId }).ToListAsync(cancellationToken))
                .Select(r => (r.Id, r.CampaignId, r.CustomerExternalId))];
            if (queued.Count == 0)
            {
                return 0;
            }

            var ids = queued.Select(r => r.CampaignId).Distinct().ToList();
            campaigns = await db.ProactiveCampaigns.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        }

        await Task.WhenAll(queued.Select(r => SendOneAsync(r.Id, r.ExternalId, campaigns[r.CampaignId], cancellationToken)));
        return queued.Count;
    }

    private async Task SendOneAsync(Guid recipientId, string customerExternalId, ProactiveCampaign campaign, CancellationToken cancellationToken)
    {
        try
        {
            await writer.ExecuteAsync(
                scope => ProactiveWrites.SendAsync(scope, recipientId, campaign, time.GetUtcNow()), cancellationToken,
                new BatchKey(BatchKey.Customer, campaign.WorkspaceId, customerExternalId));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A recipient whose send keeps failing must not hold up the queue: it is marked failed, with the reason.
            LogSendFailed(logger, ex, recipientId);
            await writer.ExecuteAsync(scope => ProactiveWrites.FailAsync(scope, recipientId, ex.GetType().Name + ": " + ex.Message, time.GetUtcNow()), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The proactive sender failed; retrying shortly")]
    private static partial void LogSenderFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending proactive recipient {RecipientId} failed")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, Guid recipientId);
}

public static class ProactiveRegistration
{
    public static IServiceCollection AddKefuProactive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ProactiveSignal>();
        services.AddAuthorization(ProactiveEndpoints.AddPolicy);
        if (configuration.GetValue("Proactive:Sender:Enabled", true))
        {
            services.AddHostedService<ProactiveSender>();
        }

        return services;
    }
}
