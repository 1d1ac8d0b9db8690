using System.Security.Cryptography;
using Kefu.Persistence;
using Kefu.Server.Features.CustomerNotifications;
using Kefu.Server.Features.Outbox;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Csat;

/// <summary>
/// Issues the survey links that have come due (the delay after a solve) and hands each to delivery, in one write per
/// round: the <c>csat.link</c> webhook for the host platform, and an email to a customer who has an address when an
/// email sender is configured.
/// </summary>
public sealed partial class CsatLinkJob(
    GroupCommitter writer, QualityWebhooks webhooks, IEnumerable<IOutboxDelivery> deliveries, IConfiguration configuration, TimeProvider time, ILogger<CsatLinkJob> logger)
    : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(30);
    public const int MaxPerRound = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var baseUrl = (configuration["Kefu:PublicUrl"] ?? "http://localhost:5000").TrimEnd('/');
        var byEmail = deliveries.Any(d => d.Kind == NoticeText.EmailKind);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await writer.ExecuteAsync(scope => IssueDueAsync(scope, webhooks, baseUrl, byEmail, time.GetUtcNow()), stoppingToken);
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

    public static async Task<int> IssueDueAsync(WriteScope scope, QualityWebhooks webhooks, string baseUrl, bool byEmail, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(webhooks);
        KefuDbContext db = scope.Db;
        var due = await db.CsatSurveys.Where(s => s.LinkIssuedAt == null && s.AnsweredAt == null && s.LinkDueAt <= now)
            .OrderBy(s => s.LinkDueAt).Take(MaxPerRound).ToListAsync(scope.CancellationToken);
        var ticketIds = due.Select(s => s.TicketId).ToList();
        var tickets = await db.Tickets.AsNoTracking().Where(t => ticketIds.Contains(t.Id))
            .Select(t => new { t.Id, t.CustomerId, t.Subject, Email = db.Customers.Where(c => c.Id == t.CustomerId).Select(c => c.Email).FirstOrDefault() })
            .ToDictionaryAsync(t => t.Id, scope.CancellationToken);
        foreach (var survey in due)
        {
            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
            survey.IssueLink(CsatEndpoints.HashToken(token), now);
            var ticket = tickets[survey.TicketId];
            var url = $"{baseUrl}{SurveyPage.Path}/{token}";
            await webhooks.CsatLinkAsync(scope, new CsatLinkPayload(survey.WorkspaceId, survey.TicketNumber, ticket.CustomerId, survey.Cycle, url, now));
            if (byEmail && ticket.Email is { Length: > 0 } email)
            {
                OutboxPayloads.Enqueue(db, survey.WorkspaceId, NoticeText.EmailKind, new EmailNotice(
                    email, NoticeText.Subject(survey.TicketNumber, ticket.Subject), NoticeText.SurveyInvitation(survey.TicketNumber, url),
                    survey.TicketNumber, null, null, null, null, null, CsatLinkPayload.Event), now);
            }
        }

        return due.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Issuing CSAT links failed; retrying next round")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
