using System.Security.Claims;
using System.Text;
using Kefu.Domain.Intake;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Sla;

/// <summary>Admin API for SLA policies, business calendars and the escalation ladder. Changes reach intake within the catalog cache time.</summary>
public static class SlaAdminEndpoints
{
    public sealed record ConditionsBody(
        IReadOnlyList<string>? Categories, IReadOnlyList<TicketPriority>? Priorities, IReadOnlyList<Channel>? Channels,
        int? MinCustomerTier, Guid? MerchantId, bool? Urgent);

    public sealed record TargetsBody(double? FirstResponseMinutes, double? NextResponseMinutes, double? ResolutionMinutes, int? WarnAtPercent);

    public sealed record PolicyBody(string? Name, int? Position, ConditionsBody? Conditions, TargetsBody? Targets, string? Calendar, bool? IsActive);

    public sealed record PolicyView(Guid Id, string Name, int Position, ConditionsBody Conditions, TargetsBody Targets, string Calendar, bool IsActive);

    public sealed record CalendarSummary(string Key, string? Name, bool BuiltIn);

    public sealed record LadderStep(EscalationTrigger Trigger, SlaMetric? Metric, bool NotifySupervisors, bool RaisePriority, Guid? MoveToTeamId, int RaiseLevelTo);

    public sealed record LadderBody(IReadOnlyList<LadderStep>? Steps);

    public static void Map(IEndpointRouteBuilder routes)
    {
        var sla = routes.MapGroup("/api/v1/admin/sla").WithTags("Admin: SLA").RequireAuthorization(KefuPolicies.Admin);
        sla.MapGet("/policies", ListPoliciesAsync).WithName("ListSlaPolicies").WithSummary("SLA policies in the order they are tried");
        sla.MapPost("/policies", CreatePolicyAsync).WithName("CreateSlaPolicy").WithSummary("Add an SLA policy")
            .Accepts<PolicyBody>("application/json").Produces<PolicyView>(StatusCodes.Status201Created).ProducesValidationProblem();
        sla.MapPut("/policies/{id:guid}", UpdatePolicyAsync).WithName("UpdateSlaPolicy").WithSummary("Change an SLA policy; tickets keep the targets they were given")
            .Accepts<PolicyBody>("application/json").Produces<PolicyView>().ProducesValidationProblem();
        sla.MapDelete("/policies/{id:guid}", DeletePolicyAsync).WithName("DeleteSlaPolicy").WithSummary("Remove an SLA policy; tickets keep the targets they were given");
        sla.MapGet("/calendars", ListCalendarsAsync).WithName("ListCalendars").WithSummary("Built-in and workspace business calendars");
        sla.MapGet("/calendars/{key}", GetCalendarAsync).WithName("GetCalendar").WithSummary("A calendar's JSON definition (time zone, weekly hours, holidays, 调休)");
        sla.MapPut("/calendars/{key}", PutCalendarAsync).WithName("PutCalendar").WithSummary("Create or replace a workspace calendar from its JSON definition")
            .Accepts<object>("application/json").ProducesValidationProblem();
        sla.MapDelete("/calendars/{key}", DeleteCalendarAsync).WithName("DeleteCalendar").WithSummary("Delete a workspace calendar no policy uses");
        sla.MapGet("/escalation-ladder", GetLadderAsync).WithName("GetEscalationLadder").WithSummary("The escalation steps (the built-in defaults until replaced)");
        sla.MapPut("/escalation-ladder", PutLadderAsync).WithName("PutEscalationLadder").WithSummary("Replace the escalation ladder")
            .Accepts<LadderBody>("application/json").ProducesValidationProblem();
    }

    private static async Task<IResult> ListPoliciesAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var policies = await db.SlaPolicies.AsNoTracking().Where(p => p.WorkspaceId == caller.WorkspaceId).OrderBy(p => p.Position).ToListAsync(cancellationToken);
        return TypedResults.Ok(policies.Select(ToView).ToList());
    }

    private static async Task<IResult> CreatePolicyAsync(HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<PolicyBody>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var position = body.Value!.Position ?? (await db.SlaPolicies.Where(p => p.WorkspaceId == caller.WorkspaceId).MaxAsync(p => (int?)p.Position, cancellationToken) ?? 0) + 10;
        var checkedBody = await CheckAsync(body.Value, caller.WorkspaceId, catalogs, cancellationToken);
        if (checkedBody.Problem is not null)
        {
            return checkedBody.Problem;
        }

        var policy = new SlaPolicy
        {
            Id = Guid.CreateVersion7(), WorkspaceId = caller.WorkspaceId, Name = checkedBody.Name!, Position = position,
            Conditions = checkedBody.Conditions!, Targets = checkedBody.Targets!, CalendarKey = checkedBody.Calendar!, IsActive = body.Value.IsActive ?? true,
        };
        db.SlaPolicies.Add(policy);
        await db.SaveChangesAsync(cancellationToken);
        catalogs.Invalidate(caller.WorkspaceId);
        return TypedResults.Created($"/api/v1/admin/sla/policies/{policy.Id}", ToView(policy));
    }

    private static async Task<IResult> UpdatePolicyAsync(Guid id, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<PolicyBody>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var policy = await db.SlaPolicies.FirstOrDefaultAsync(p => p.Id == id && p.WorkspaceId == caller.WorkspaceId, cancellationToken);
        if (policy is null)
        {
            return Problems.NotFound("SLA policy");
        }

        var checkedBody = await CheckAsync(body.Value!, caller.WorkspaceId, catalogs, cancellationToken);
        if (checkedBody.Problem is not null)
        {
            return checkedBody.Problem;
        }

        policy.Name = checkedBody.Name!;
        policy.Position = body.Value!.Position ?? policy.Position;
        policy.Conditions = checkedBody.Conditions!;
        policy.Targets = checkedBody.Targets!;
        policy.CalendarKey = checkedBody.Calendar!;
        policy.IsActive = body.Value.IsActive ?? policy.IsActive;
        await db.SaveChangesAsync(cancellationToken);
        catalogs.Invalidate(caller.WorkspaceId);
        return TypedResults.Ok(ToView(policy));
    }

    private static async Task<IResult> DeletePolicyAsync(Guid id, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var deleted = await db.SlaPolicies.Where(p => p.Id == id && p.WorkspaceId == caller.WorkspaceId).ExecuteDeleteAsync(cancellationToken);
        catalogs.Invalidate(caller.WorkspaceId);
        return deleted == 0 ? Problems.NotFound("SLA policy") : TypedResults.NoContent();
    }

    private sealed record CheckedPolicy(string? Name, SlaConditions? Conditions, SlaTargets? Targets, string? Calendar, IResult? Problem);

    private static async Task<CheckedPolicy> CheckAsync(PolicyBody body, Guid workspaceId, WorkspaceCatalog catalogs, CancellationToken cancellationToken)
    {
        var catalog = await catalogs.GetAsync(workspaceId, cancellationToken);
        var errors = new FieldErrors();
        var name = errors.Required("name", body.Name, 100);
        var calendar = body.Calendar?.Trim() ?? SlaBook.DefaultCalendarKey;
        if (!catalog.Sla.HasCalendar(calendar) || calendar == TicketClock.WallClockKey)
        {
            errors.Add("calendar", $"'{calendar}' is not a calendar of this workspace (built-in: {string.Join(", ", SlaBook.BuiltInKeys)})");
        }

        var c = body.Conditions ?? new ConditionsBody(null, null, null, null, null, null);
        foreach (var code in c.Categories ?? [])
        {
            if (code is null)
            {
                errors.Add("conditions.categories", "must not contain null");
            }
            else if (!catalog.CategoriesByCode.ContainsKey(code))
            {
                errors.Add("conditions.categories", $"'{code}' is not a category of this workspace");
            }
        }

        if (c.MerchantId is { } merchant && !catalog.MerchantIds.Contains(merchant))
        {
            errors.Add("conditions.merchantId", "is not a merchant of this workspace");
        }

        if (c.MinCustomerTier is < 0 or > 100)
        {
            errors.Add("conditions.minCustomerTier", "must be between 0 and 100");
        }

        var t = body.Targets ?? new TargetsBody(null, null, null, null);
        var targets = new SlaTargets(Minutes(t.FirstResponseMinutes), Minutes(t.NextResponseMinutes), Minutes(t.ResolutionMinutes), t.WarnAtPercent ?? SlaTargets.DefaultWarnAtPercent);
        if (new double?[] { t.FirstResponseMinutes, t.NextResponseMinutes, t.ResolutionMinutes }.Any(m => m is { } v && !double.IsFinite(v)))
        {
            errors.Add("targets", "minutes must be finite numbers");
        }
        else if (targets.Problem() is { } problem)
        {
            errors.Add("targets", problem);
        }

        if (errors.Any)
        {
            return new CheckedPolicy(null, null, null, null, Problems.Validation(errors.ToDictionary()));
        }

        var conditions = new SlaConditions
        {
            CategoryCodes = [.. (c.Categories ?? []).Select(code => catalog.CategoriesByCode[code].Code)],
            Priorities = [.. c.Priorities ?? []], Channels = [.. c.Channels ?? []], MinCustomerTier = c.MinCustomerTier, MerchantId = c.MerchantId, Urgent = c.Urgent,
        };
        return new CheckedPolicy(name, conditions, targets, calendar, null);
    }

    private static TimeSpan? Minutes(double? minutes) =>
        minutes is { } m && double.IsFinite(m) && Math.Abs(m) < TimeSpan.MaxValue.TotalMinutes / 2 ? TimeSpan.FromMinutes(m) : null;

    private static PolicyView ToView(SlaPolicy p) => new(
        p.Id, p.Name, p.Position,
        new ConditionsBody(p.Conditions.CategoryCodes, p.Conditions.Priorities, p.Conditions.Channels, p.Conditions.MinCustomerTier, p.Conditions.MerchantId, p.Conditions.Urgent),
        new TargetsBody(p.Targets.FirstResponse?.TotalMinutes, p.Targets.NextResponse?.TotalMinutes, p.Targets.Resolution?.TotalMinutes, p.Targets.WarnAtPercent),
        p.CalendarKey, p.IsActive);

    private static async Task<IResult> ListCalendarsAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var own = await db.WorkspaceCalendars.AsNoTracking().Where(c => c.WorkspaceId == caller.WorkspaceId).OrderBy(c => c.Key).ToListAsync(cancellationToken);
        var list = SlaBook.BuiltInKeys.Select(key => new CalendarSummary(key, BusinessCalendarData.LoadBuiltIn(key).Name, true))
            .Concat(own.Select(c => new CalendarSummary(c.Key, BusinessCalendarData.Parse(c.Definition).Name, false)))
            .ToList();
        return TypedResults.Ok(list);
    }

    private static async Task<IResult> GetCalendarAsync(string key, ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        string? definition = SlaBook.BuiltInKeys.Contains(key)
            ? BuiltInDefinition(key)
            : await db.WorkspaceCalendars.AsNoTracking().Where(c => c.WorkspaceId == caller.WorkspaceId && c.Key == key).Select(c => c.Definition).FirstOrDefaultAsync(cancellationToken);
        return definition is null ? Problems.NotFound("calendar") : TypedResults.Text(definition, "application/json", Encoding.UTF8);
    }

    private static string BuiltInDefinition(string key)
    {
        var assembly = typeof(BusinessCalendarData).Assembly;
        var resource = assembly.GetManifestResourceNames().First(r => r.EndsWith("." + key + ".json", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static async Task<IResult> PutCalendarAsync(
        string key, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (!WorkspaceCalendar.IsValidKey(key) || SlaBook.IsBuiltIn(key))
        {
            return Problems.Validation(new() { ["key"] = ["must be 2–40 lowercase letters, digits or dashes, and not a built-in calendar's name"] });
        }

        // Only the calendar parser reads the definition: a JsonObject would throw on a repeated member.
        var (raw, problem) = await JsonBody.ReadBytesAsync(request);
        if (problem is not null)
        {
            return problem;
        }

        var definition = Encoding.UTF8.GetString(raw);
        try
        {
            BusinessCalendarData.Parse(definition);
        }
        catch (FormatException ex)
        {
            return Problems.Validation(new() { ["$"] = [ex.Message] }, "The calendar definition is not usable.");
        }

        var existing = await db.WorkspaceCalendars.FirstOrDefaultAsync(c => c.WorkspaceId == caller.WorkspaceId && c.Key == key, cancellationToken);
        if (existing is null)
        {
            db.WorkspaceCalendars.Add(new WorkspaceCalendar { Id = Guid.CreateVersion7(), WorkspaceId = caller.WorkspaceId, Key = key, Definition = definition, UpdatedAt = time.GetUtcNow() });
        }
        else
        {
            existing.Definition = definition;
            existing.UpdatedAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
        catalogs.Invalidate(caller.WorkspaceId);
        return existing is null ? TypedResults.Created($"/api/v1/admin/sla/calendars/{key}", new CalendarSummary(key, null, false)) : TypedResults.NoContent();
    }

    private static async Task<IResult> DeleteCalendarAsync(string key, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (await db.SlaPolicies.AnyAsync(p => p.WorkspaceId == caller.WorkspaceId && p.CalendarKey == key, cancellationToken))
        {
            return Problems.Conflict("An SLA policy uses this calendar; point the policy at another calendar first.");
        }

        var deleted = await db.WorkspaceCalendars.Where(c => c.WorkspaceId == caller.WorkspaceId && c.Key == key).ExecuteDeleteAsync(cancellationToken);
        catalogs.Invalidate(caller.WorkspaceId);
        return deleted == 0 ? Problems.NotFound("calendar") : TypedResults.NoContent();
    }

    private static async Task<IResult> GetLadderAsync(ClaimsPrincipal user, WorkspaceCatalog catalogs, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var book = (await catalogs.GetAsync(caller.WorkspaceId, cancellationToken)).Sla;
        return TypedResults.Ok(book.Ladder.Select(r => new LadderStep(r.Trigger, r.Metric, r.NotifySupervisors, r.RaisePriority, r.MoveToTeamId, r.RaiseLevelTo)).ToList());
    }

    private static async Task<IResult> PutLadderAsync(HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<LadderBody>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var steps = body.Value!.Steps ?? [];
        var errors = new FieldErrors();
        if (steps.Count is 0 or > 50)
        {
            errors.Add("steps", "give between 1 and 50 steps");
        }

        var teams = await db.Teams.Where(t => t.WorkspaceId == caller.WorkspaceId).Select(t => t.Id).ToListAsync(cancellationToken);
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is null)
            {
                errors.Add($"steps[{i}]", "must be a step, not null");
                continue;
            }

            if (steps[i].MoveToTeamId is { } team && !teams.Contains(team))
            {
                errors.Add($"steps[{i}].moveToTeamId", "is not a team of this workspace");
            }

            if (steps[i].RaiseLevelTo is < 0 or > 10)
            {
                errors.Add($"steps[{i}].raiseLevelTo", "must be between 0 and 10");
            }
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.EscalationRules.Where(r => r.WorkspaceId == caller.WorkspaceId).ExecuteDeleteAsync(cancellationToken);
        db.EscalationRules.AddRange(steps.Select((s, i) => new EscalationRule
        {
            Id = Guid.CreateVersion7(), WorkspaceId = caller.WorkspaceId, Position = (i + 1) * 10, Trigger = s.Trigger, Metric = s.Metric,
            NotifySupervisors = s.NotifySupervisors, RaisePriority = s.RaisePriority, MoveToTeamId = s.MoveToTeamId, RaiseLevelTo = s.RaiseLevelTo,
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        catalogs.Invalidate(caller.WorkspaceId);
        return TypedResults.NoContent();
    }
}
