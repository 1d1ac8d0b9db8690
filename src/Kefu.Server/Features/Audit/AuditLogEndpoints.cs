using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Kefu.Domain.Audit;
using Kefu.Domain.Intake;
using Kefu.Persistence;
using Kefu.Server.Features.Analytics;
using Kefu.Server.Features.Auth;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Audit;

/// <summary>
/// GET /api/v1/admin/audit-log (pages of 50, newest first; format=csv for a CSV file):
/// the workspace's admin changes, narrowed by actor (工号), entity kind and time range. Read-only:
/// nothing in the API changes or removes an entry.
/// </summary>
public static class AuditLogEndpoints
{
    public const int PageSize = 50;
    public const int MaxPage = 10_000;
    public const int MaxExportRows = 50_000;

    public sealed record EntryView(Guid Id, DateTimeOffset At, string ActorKind, string Actor, AdminAuditAction Action, string Entity, string EntityId, JsonElement Changes, string Source);

    public sealed record PageView(int Page, int PageSize, bool HasMore, IReadOnlyList<EntryView> Items);

    private sealed record Filter(string? Actor, string? Entity, DateTimeOffset? From, DateTimeOffset? To, int Page);

    public static IEndpointRouteBuilder MapKefuAudit(this IEndpointRouteBuilder routes)
    {
        var log = routes.MapGroup("/api/v1/admin/audit-log").WithTags("Admin: audit log").RequireAuthorization(KefuPolicies.Admin);
        log.MapGet("/", ListAsync).WithName("ListAdminAuditLog")
            .WithSummary("Admin changes, newest first: actor (工号), entity, from, to (ISO 8601), page (1-based, 50 a page)")
            .WithDescription($"format=csv answers every matching entry (at most {MaxExportRows:N0}, page ignored) as a CSV file for a spreadsheet or an auditor.")
            .Produces<PageView>().Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem();
        return routes;
    }

    private static async Task<IResult> ListAsync(
        ClaimsPrincipal user, KefuDbContext db, string? actor, string? entity, string? from, string? to, string? page, string? format, CancellationToken cancellationToken)
    {
        if (format is not (null or "json" or "csv"))
        {
            return Problems.Validation(new() { ["format"] = ["must be json or csv"] });
        }

        var (filter, problem) = Read(actor, entity, from, to, page);
        if (problem is not null)
        {
            return problem;
        }

        if (format == "csv")
        {
            return await CsvAsync(db, Caller.From(user).WorkspaceId, filter!, cancellationToken);
        }

        var rows = await Query(db, Caller.From(user).WorkspaceId, filter!).Skip((filter!.Page - 1) * PageSize).Take(PageSize + 1).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PageView(filter.Page, PageSize, rows.Count > PageSize, [.. rows.Take(PageSize).Select(View)]));
    }

    private static async Task<IResult> CsvAsync(KefuDbContext db, Guid workspaceId, Filter filter, CancellationToken cancellationToken)
    {
        var csv = new StringBuilder("at,actorKind,actor,action,entity,entityId,source,changes\n");
        await foreach (var row in Query(db, workspaceId, filter).Take(MaxExportRows).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            csv.AppendJoin(',', new object[]
            {
                row.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture), row.ActorKind, row.Actor,
                JsonNamingPolicy.CamelCase.ConvertName(row.Action.ToString()), row.Entity, row.EntityId, row.Source, row.Changes,
            }.Select(AnalyticsEndpoints.CsvCell)).Append('\n');
        }

        return TypedResults.File([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())], "text/csv; charset=utf-8", "kefu-admin-audit-log.csv");
    }

    private static IQueryable<AdminAuditEntry> Query(KefuDbContext db, Guid workspaceId, Filter filter)
    {
        var query = db.AdminAuditEntries.AsNoTracking().Where(e => e.WorkspaceId == workspaceId);
        if (filter.Actor is { } actor)
        {
            query = query.Where(e => e.Actor == actor);
        }

        if (filter.Entity is { } entity)
        {
            query = query.Where(e => e.Entity == entity);
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.At >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.At < to);
        }

        return query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id);
    }

    private static (Filter? Filter, IResult? Problem) Read(string? actor, string? entity, string? from, string? to, string? page)
    {
        var errors = new FieldErrors();
        if (actor is { Length: > AdminAuditEntry.MaxActorLength })
        {
            errors.Add("actor", $"must be at most {AdminAuditEntry.MaxActorLength} characters");
        }

        if (entity is { Length: > AdminAuditEntry.MaxEntityLength })
        {
            errors.Add("entity", $"must be at most {AdminAuditEntry.MaxEntityLength} characters");
        }

        var fromAt = Time("from", from, errors);
        var toAt = Time("to", to, errors);
        var pageNumber = 1;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber is < 1 or > MaxPage))
        {
            errors.Add("page", $"must be a whole number from 1 to {MaxPage}");
        }

        return errors.Any
            ? (null, Problems.Validation(errors.ToDictionary()))
            : (new Filter(Blank(actor), Blank(entity), fromAt, toAt, pageNumber), null);
    }

    private static DateTimeOffset? Time(string field, string? text, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at.ToUniversalTime();
        }

        errors.Add(field, "must be a time in ISO 8601, e.g. 2026-11-23T08:00:00Z");
        return null;
    }

    private static string? Blank(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static EntryView View(AdminAuditEntry e)
    {
        using var changes = JsonDocument.Parse(e.Changes);
        return new EntryView(e.Id, e.At, e.ActorKind, e.Actor, e.Action, e.Entity, e.EntityId, changes.RootElement.Clone(), e.Source);
    }
}

public static class AuditRegistration
{
    public static IServiceCollection AddKefuAudit(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<AdminAuditRecorder>();
        services.ConfigureDbContext<Kefu.Persistence.Sqlite.SqliteKefuDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<AdminAuditRecorder>()));
        services.ConfigureDbContext<Kefu.Persistence.Postgres.PostgresKefuDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<AdminAuditRecorder>()));
        return services;
    }

    /// <summary>After authorisation: records admin writes that bypass SaveChanges (see <see cref="AdminAuditRecorder.RecordRequestAsync"/>).</summary>
    public static IApplicationBuilder UseKefuAudit(this IApplicationBuilder app) => app.Use((context, next) =>
        context.Request.Path.StartsWithSegments(AdminAuditRecorder.AdminPrefix) && !HttpMethods.IsGet(context.Request.Method)
            ? context.RequestServices.GetRequiredService<AdminAuditRecorder>().RecordRequestAsync(context, () => next(context), context.RequestServices.GetRequiredService<IDbContextFactory<KefuDbContext>>())
            : next(context));
}
