using System.Security.Claims;
using Kefu.Domain.Agents;
using Kefu.Domain.Csat;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.FollowUps;

/// <summary>
/// The follow-up tasks (回访) that rules create after a solve: an agent's own and their teams' open tasks by due time,
/// and closing one as done or cancelled with an outcome. Supervisors and admins see the workspace; a merchant's agents
/// only that merchant's tasks.
/// </summary>
public static class FollowUpEndpoints
{
    public const int MaxListed = 200;

    public sealed record CloseRequest(string? Outcome);

    public sealed record QualitySettingsView(double ReopenWindowHours, double CsatLinkDelayHours, double AverageHandleMinutes, IReadOnlyList<FollowUpRule> FollowUpRules);

    public const int MaxRules = 50;

    public sealed record FollowUpView(
        Guid Id, long TicketNumber, int Cycle, FollowUpTrigger Trigger, string? RuleNote, FollowUpStatus Status, DateTimeOffset DueAt,
        DateTimeOffset CreatedAt, bool AssignedToMe, DateTimeOffset? ClosedAt, string? Outcome);

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/follow-ups").WithTags("Follow-ups").RequireAuthorization(KefuPolicies.Agent);
        group.MapGet("/", ListAsync).WithName("ListFollowUps")
            .WithSummary("Open follow-up tasks by due time: mine and my teams' (supervisors: the workspace); status=done|cancelled for closed ones");
        group.MapPost("/{id:guid}/done", (Guid id, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, TimeProvider time, CancellationToken ct) =>
            CloseAsync(id, FollowUpStatus.Done, request, user, db, time, ct)).WithName("CompleteFollowUp").WithSummary("The customer was called back or checked on");
        group.MapPost("/{id:guid}/cancel", (Guid id, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, TimeProvider time, CancellationToken ct) =>
            CloseAsync(id, FollowUpStatus.Cancelled, request, user, db, time, ct)).WithName("CancelFollowUp").WithSummary("The follow-up is no longer needed");

        var admin = routes.MapGroup("/api/v1/admin/quality").WithTags("Admin: quality loop").RequireAuthorization(KefuPolicies.Admin);
        admin.MapGet("/", GetSettingsAsync).WithName("GetQualitySettings").WithSummary("Reopen window, survey link delay, handle time and follow-up rules");
        admin.MapPut("/", PutSettingsAsync).WithName("PutQualitySettings")
            .WithSummary("Replace the quality settings; rules: lowRating (maxRating 1–4), categorySolved (categoryCode), compensationOffered; dueWithinHours in working hours")
            .Accepts<QualitySettingsView>("application/json");
    }

    private static async Task<IResult> GetSettingsAsync(ClaimsPrincipal user, KefuDbContext db, Csat.QualitySettingsStore store, CancellationToken cancellationToken)
    {
        var settings = await store.GetAsync(db, Caller.From(user).WorkspaceId, cancellationToken);
        return TypedResults.Ok(SettingsView(settings));
    }

    private static async Task<IResult> PutSettingsAsync(
        HttpRequest request, ClaimsPrincipal user, KefuDbContext db, Csat.QualitySettingsStore store, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<QualitySettingsView>(request, 64 * 1024);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var wanted = body.Value!;
        var errors = new Dictionary<string, string[]>();
        if (!double.IsFinite(wanted.ReopenWindowHours) || wanted.ReopenWindowHours is < 0 or > 24 * 90)
        {
            errors["reopenWindowHours"] = ["must be from 0 to 2160"];
        }

        if (!double.IsFinite(wanted.CsatLinkDelayHours) || wanted.CsatLinkDelayHours is < 0 or > 24 * 30)
        {
            errors["csatLinkDelayHours"] = ["must be from 0 to 720"];
        }

        if (!double.IsFinite(wanted.AverageHandleMinutes) || wanted.AverageHandleMinutes is <= 0 or > 24 * 60)
        {
            errors["averageHandleMinutes"] = ["must be more than 0 and at most 1440"];
        }

        var rules = wanted.FollowUpRules ?? [];
        if (rules.Count > MaxRules)
        {
            errors["followUpRules"] = [$"at most {MaxRules} rules"];
        }

        foreach (var (rule, i) in rules.Select((r, i) => (r, i)))
        {
            if (rule is null)
            {
                errors[$"followUpRules[{i}]"] = ["is required"];
            }
            else if (!Enum.IsDefined(rule.Trigger))
            {
                errors[$"followUpRules[{i}].trigger"] = ["must be lowRating, categorySolved or compensationOffered"];
            }
            else if (rule.Problem() is { } problem)
            {
                errors[$"followUpRules[{i}]"] = [problem];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var settings = await db.QualitySettings.FirstOrDefaultAsync(s => s.WorkspaceId == caller.WorkspaceId, cancellationToken);
        if (settings is null)
        {
            settings = QualitySettings.Defaults(caller.WorkspaceId);
            db.QualitySettings.Add(settings);
        }

        settings.ReopenWindow = TimeSpan.FromHours(wanted.ReopenWindowHours);
        settings.CsatLinkDelay = TimeSpan.FromHours(wanted.CsatLinkDelayHours);
        settings.AverageHandleMinutes = wanted.AverageHandleMinutes;
        settings.FollowUpRules = [.. rules];
        await db.SaveChangesAsync(cancellationToken);
        store.Invalidate(caller.WorkspaceId);
        return TypedResults.Ok(SettingsView(settings));
    }

    private static QualitySettingsView SettingsView(QualitySettings s) =>
        new(s.ReopenWindow.TotalHours, s.CsatLinkDelay.TotalHours, s.AverageHandleMinutes, s.FollowUpRules);

    private static IQueryable<FollowUpTask> Visible(KefuDbContext db, Caller caller)
    {
        var tasks = db.FollowUpTasks.Where(t => t.WorkspaceId == caller.WorkspaceId);
        if (caller.MerchantId is { } merchant)
        {
            tasks = tasks.Where(t => t.MerchantId == merchant);
        }

        if (caller.Role is AgentRole.Supervisor or AgentRole.Admin)
        {
            return tasks;
        }

        var myTeams = db.TeamMembers.Where(m => m.AgentId == caller.AgentId).Select(m => m.TeamId);
        return tasks.Where(t => t.AssigneeId == caller.AgentId || (t.AssigneeId == null && t.TeamId != null && myTeams.Contains(t.TeamId.Value)));
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, KefuDbContext db, string? status, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var wanted = FollowUpStatus.Open;
        if (status is not null && (!Enum.TryParse(status, ignoreCase: true, out wanted) || int.TryParse(status, out _)))
        {
            return Problems.Validation(new() { ["status"] = ["must be open, done or cancelled"] });
        }

        var tasks = await Visible(db, caller).AsNoTracking().Where(t => t.Status == wanted)
            .OrderBy(t => t.DueAt).ThenBy(t => t.Id).Take(MaxListed).ToListAsync(cancellationToken);
        return TypedResults.Ok(tasks.Select(t => View(t, caller)).ToList());
    }

    private static async Task<IResult> CloseAsync(
        Guid id, FollowUpStatus status, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = request.ContentLength is 0 or null && request.Headers.ContentType.Count == 0 ? default : await JsonBody.ReadAsync<CloseRequest>(request, 8 * 1024);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var outcome = body.Value?.Outcome;
        if (outcome is { Length: > FollowUpTask.MaxNoteLength })
        {
            return Problems.Validation(new() { ["outcome"] = [$"must be at most {FollowUpTask.MaxNoteLength} characters"] });
        }

        var task = await Visible(db, caller).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (task is null)
        {
            return Problems.NotFound("follow-up");
        }

        if (!task.Close(status, caller.AgentId!.Value, outcome, time.GetUtcNow()))
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Already closed", $"The follow-up was {task.Status.ToString().ToLowerInvariant()} already.");
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Status(StatusCodes.Status409Conflict, "Already closed", "Someone closed the follow-up at the same moment.");
        }

        return TypedResults.Ok(View(task, caller));
    }

    private static FollowUpView View(FollowUpTask t, Caller caller) =>
        new(t.Id, t.TicketNumber, t.Cycle, t.Trigger, t.RuleNote, t.Status, t.DueAt, t.CreatedAt, t.AssigneeId == caller.AgentId, t.ClosedAt, t.Outcome);
}
