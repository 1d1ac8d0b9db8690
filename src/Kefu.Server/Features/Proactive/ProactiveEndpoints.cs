using System.Security.Claims;
using Kefu.Domain.Agents;
using Kefu.Domain.Intake;
using Kefu.Domain.Proactive;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Proactive;

/// <summary>
/// POST /api/v1/proactive: the host platform (or an admin) starts a conversation with customers by their external
/// ids. The call only queues; <see cref="ProactiveSender"/> sends in batches, and GET shows how far it got.
/// </summary>
public static class ProactiveEndpoints
{
    public const string Policy = "integration-or-admin";

    /// <summary>10,000 external ids of up to 128 characters, with the message: generous, but bounded.</summary>
    public const long MaxBodyBytes = 2 * 1024 * 1024;

    public const int ListedFailures = 100;

    public sealed record Request(string? CampaignKey, string? Subject, string? Body, IReadOnlyList<string>? Customers);

    public sealed record FailureView(string CustomerExternalId, string? Error);

    public sealed record ProgressView(
        string CampaignKey, string Subject, DateTimeOffset CreatedAt, int Total, int Queued, int Sent, int Failed, IReadOnlyList<FailureView> Failures, string Url);

    /// <summary>The answer to a call: what it added, what was already there from an earlier call, and the campaign's progress.</summary>
    public sealed record Accepted(int Added, int AlreadyListed, ProgressView Progress);

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/proactive").WithTags("Proactive messages").RequireAuthorization(Policy);
        group.MapPost("", SendAsync).WithName("SendProactive")
            .WithSummary("Open a conversation with customers: queue a message to each (idempotent by campaign key and customer)")
            .WithDescription($"Up to {ProactiveCampaign.MaxRecipientsPerCall} external ids per call; call again with the same campaign key to add more. "
                + "Each customer gets the message once, on the ticket they have open or on a new one, and is notified on their channel and by webhook.")
            .WithBodyLimit(MaxBodyBytes)
            .Accepts<Request>("application/json").Produces<Accepted>(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{campaignKey}", ProgressAsync).WithName("GetProactiveProgress").WithSummary("How far a campaign got: queued, sent, failed (with the first failures)")
            .Produces<ProgressView>();
    }

    public static void AddPolicy(Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(Policy, p => p.RequireAssertion(ctx =>
            ctx.User.HasClaim(KefuClaims.Kind, KefuClaims.IntegrationKind)
            || (ctx.User.HasClaim(KefuClaims.Kind, KefuClaims.AgentKind) && ctx.User.IsInRole(nameof(AgentRole.Admin)))));
    }

    private static async Task<IResult> SendAsync(HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, KefuDbContext db, ProactiveSignal signal, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<Request>(httpRequest, MaxBodyBytes);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        var errors = new FieldErrors();
        var key = errors.Required("campaignKey", request.CampaignKey, ProactiveCampaign.MaxKeyLength);
        var subject = errors.Required("subject", request.Subject, ProactiveCampaign.MaxSubjectLength);
        var text = errors.Required("body", request.Body, TicketIntakeCheck.MaxDescription);
        var customers = CheckCustomers(errors, request.Customers);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var now = time.GetUtcNow();
        var outcome = await writer.ExecuteAsync(
            scope => ProactiveWrites.AddAsync(scope, caller.WorkspaceId, key!, subject!, text!, caller.AgentNumber ?? caller.Name, customers!, now), cancellationToken);
        if (outcome is null)
        {
            return Problems.Conflict("That campaign key was already used with another subject or body.");
        }

        signal.Pulse();
        var progress = await ProgressOfAsync(db, caller.WorkspaceId, key!, cancellationToken);
        return TypedResults.Accepted(progress!.Url, new Accepted(outcome.Added, outcome.AlreadyListed, progress));
    }

    private static async Task<IResult> ProgressAsync(string campaignKey, ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var progress = await ProgressOfAsync(db, Caller.From(user).WorkspaceId, campaignKey, cancellationToken);
        return progress is null ? Problems.NotFound("proactive campaign") : TypedResults.Ok(progress);
    }

    private static List<string>? CheckCustomers(FieldErrors errors, IReadOnlyList<string>? customers)
    {
        if (customers is null || customers.Count == 0)
        {
            errors.Add("customers", "list at least one customer external id");
            return null;
        }

        if (customers.Count > ProactiveCampaign.MaxRecipientsPerCall)
        {
            errors.Add("customers", $"at most {ProactiveCampaign.MaxRecipientsPerCall} per call; call again with the same campaignKey for more");
            return null;
        }

        if (customers.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > TicketIntakeCheck.MaxExternalId || c.Any(char.IsControl)))
        {
            errors.Add("customers", $"each must be an external id of 1 to {TicketIntakeCheck.MaxExternalId} characters");
            return null;
        }

        return [.. customers.Distinct(StringComparer.Ordinal)];
    }

    private static async Task<ProgressView?> ProgressOfAsync(KefuDbContext db, Guid workspaceId, string key, CancellationToken cancellationToken)
    {
        var campaign = await db.ProactiveCampaigns.AsNoTracking().FirstOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.Key == key, cancellationToken);
        if (campaign is null)
        {
            return null;
        }

        var counts = await db.ProactiveRecipients.AsNoTracking().Where(r => r.CampaignId == campaign.Id)
            .GroupBy(r => r.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var failures = await db.ProactiveRecipients.AsNoTracking().Where(r => r.CampaignId == campaign.Id && r.State == RecipientState.Failed)
            .OrderBy(r => r.ProcessedAt).ThenBy(r => r.Id).Take(ListedFailures).Select(r => new FailureView(r.CustomerExternalId, r.Error)).ToListAsync(cancellationToken);
        int Count(RecipientState state) => counts.FirstOrDefault(c => c.State == state)?.Count ?? 0;
        return new ProgressView(
            campaign.Key, campaign.Subject, campaign.CreatedAt, counts.Sum(c => c.Count), Count(RecipientState.Queued), Count(RecipientState.Sent), Count(RecipientState.Failed),
            failures, "/api/v1/proactive/" + Uri.EscapeDataString(campaign.Key));
    }
}
