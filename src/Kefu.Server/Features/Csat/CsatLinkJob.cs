using System.Security.Cryptography;
using Kefu.Persistence;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Csat;

/// <summary>Issues the survey links that have come due (the delay after a solve) and hands each to delivery, in one write per round.</summary>
public sealed partial class CsatLinkJob(GroupCommitter writer, QualityWebhooks webhooks, IConfiguration configuration, TimeProvider time, ILogger<CsatLinkJob> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(30);
    public const int MaxPerRound = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var baseUrl = (configuration["Kefu:PublicUrl"] ?? "http://localhost:5000").TrimEnd('/');
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await writer.ExecuteAsync(scope => IssueDueAsync(scope, webhooks, baseUrl, time.GetUtcNow()), stoppingToken);
                await Task.Delay(Every, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRoundFailed(logger, ex);
                await Task.Delay(Every, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    public static async Task<int> IssueDueAsync(WriteScope scope, QualityWebhooks webhooks, string baseUrl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(webhooks);
        KefuDbContext db = scope.Db;
        var due = await db.CsatSurveys.Where(s => s.LinkIssuedAt == null && s.AnsweredAt == null && s.LinkDueAt <= now)
            .OrderBy(s => s.LinkDueAt).Take(MaxPerRound).ToListAsync(scope.CancellationToken);
        var customers = await db.Tickets.AsNoTracking().Where(t => due.Select(s => s.TicketId).Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.CustomerId, scope.CancellationToken);
        foreach (var survey in due)
        {
            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
            survey.IssueLink(CsatEndpoints.HashToken(token), now);
            await webhooks.CsatLinkAsync(scope, new CsatLinkPayload(survey.WorkspaceId, survey.TicketNumber, customers[survey.TicketId], survey.Cycle, $"{baseUrl}{SurveyPage.Path}/{token}", now));
        }

        return due.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Issuing CSAT links failed; retrying next round")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
