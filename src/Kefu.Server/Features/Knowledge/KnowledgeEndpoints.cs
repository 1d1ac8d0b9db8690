using System.Security.Claims;
using Kefu.Domain.Intake;
using Kefu.Domain.Knowledge;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Knowledge;

/// <summary>
/// The knowledge base: agents read every entry (internal ones and drafts included), admins write. The help centre and
/// the bot read only published public entries, through <see cref="KnowledgeBook"/>.
/// </summary>
public static class KnowledgeEndpoints
{
    public const int MaxEntriesPerWorkspace = 5_000;
    public const int MaxPage = 500;

    public sealed record EntryBody(
        string? Kind, string? Locale, string? Category, string? Title, IReadOnlyList<string>? Phrasings, string? Body, string? Status, string? Visibility, int? Version);

    public sealed record EntryView(
        Guid Id, KnowledgeKind Kind, string Locale, string? Category, string Title, IReadOnlyList<string> Phrasings, string Body,
        KnowledgeStatus Status, KnowledgeVisibility Visibility, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt);

    public static void Map(IEndpointRouteBuilder routes)
    {
        var read = routes.MapGroup("/api/v1/knowledge").WithTags("Knowledge").RequireAuthorization(KefuPolicies.Agent);
        read.MapGet("/", ListAsync).WithName("ListKnowledge")
            .WithSummary("Articles and FAQ entries, filtered by kind, locale, category, status, visibility and words in the title or question")
            .Produces<List<EntryView>>().ProducesValidationProblem();
        read.MapGet("/{id:guid}", GetAsync).WithName("GetKnowledge").WithSummary("One article or FAQ entry")
            .Produces<EntryView>().ProducesProblem(StatusCodes.Status404NotFound);

        var admin = routes.MapGroup("/api/v1/admin/knowledge").WithTags("Admin: knowledge").RequireAuthorization(KefuPolicies.Admin);
        admin.MapPost("/", CreateAsync).WithName("CreateKnowledge").WithSummary("Write an article or a FAQ entry")
            .Accepts<EntryBody>("application/json").Produces<EntryView>(StatusCodes.Status201Created).ProducesValidationProblem();
        admin.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateKnowledge")
            .WithSummary("Change an entry; with version, a change made meanwhile by someone else answers 409 instead of being overwritten")
            .Accepts<EntryBody>("application/json").Produces<EntryView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteKnowledge").WithSummary("Remove an entry")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(
        string? kind, string? locale, string? category, string? status, string? visibility, string? q, int? limit,
        ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var errors = new FieldErrors();
        var kindValue = ParseOptional<KnowledgeKind>(errors, "kind", kind);
        var statusValue = ParseOptional<KnowledgeStatus>(errors, "status", status);
        var visibilityValue = ParseOptional<KnowledgeVisibility>(errors, "visibility", visibility);
        if (locale is not null && !KnowledgeLocales.IsKnown(locale))
        {
            errors.Add("locale", $"must be one of {string.Join(", ", KnowledgeLocales.All)}");
        }

        Guid? categoryId = null;
        if (category is not null)
        {
            categoryId = catalog.CategoriesByCode.TryGetValue(category, out var found) ? found.Id : null;
            if (categoryId is null)
            {
                errors.Add("category", "is not a category of this workspace");
            }
        }

        if (limit is < 1 or > MaxPage)
        {
            errors.Add("limit", $"must be between 1 and {MaxPage}");
        }

        if (q is { Length: > KnowledgeEntry.MaxTitleLength })
        {
            errors.Add("q", $"must be at most {KnowledgeEntry.MaxTitleLength} characters");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var query = db.KnowledgeEntries.AsNoTracking().Where(e => e.WorkspaceId == caller.WorkspaceId);
        query = kindValue is { } k ? query.Where(e => e.Kind == k) : query;
        query = statusValue is { } s ? query.Where(e => e.Status == s) : query;
        query = visibilityValue is { } v ? query.Where(e => e.Visibility == v) : query;
        query = locale is not null ? query.Where(e => e.Locale == locale) : query;
        query = categoryId is { } c ? query.Where(e => e.CategoryId == c) : query;
        query = string.IsNullOrWhiteSpace(q) ? query : query.Where(e => e.Title.Contains(q.Trim()));
        var entries = await query.OrderByDescending(e => e.UpdatedAt).ThenBy(e => e.Id).Take(limit ?? 100).ToListAsync(cancellationToken);
        return TypedResults.Ok(entries.Select(e => ToView(e, catalog)).ToList());
    }

    private static async Task<IResult> GetAsync(Guid id, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var entry = await db.KnowledgeEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id && e.WorkspaceId == caller.WorkspaceId, cancellationToken);
        return entry is null ? Problems.NotFound("knowledge entry") : TypedResults.Ok(ToView(entry, await catalogs.GetAsync(caller.WorkspaceId, cancellationToken)));
    }

    private static async Task<IResult> CreateAsync(
        HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, KnowledgeBook book, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var (kind, content, _, problem) = await ReadAsync(request, catalog, requireKind: true);
        if (problem is not null)
        {
            return problem;
        }

        if (await db.KnowledgeEntries.CountAsync(e => e.WorkspaceId == caller.WorkspaceId, cancellationToken) >= MaxEntriesPerWorkspace)
        {
            return Problems.Validation(new() { ["title"] = [$"a workspace may keep at most {MaxEntriesPerWorkspace} entries"] });
        }

        var now = time.GetUtcNow();
        var entry = KnowledgeEntry.Create(Guid.CreateVersion7(now), caller.WorkspaceId, kind!.Value, content!, now);
        db.KnowledgeEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        book.Invalidate(caller.WorkspaceId);
        return TypedResults.Created($"/api/v1/knowledge/{entry.Id}", ToView(entry, catalog));
    }

    private static async Task<IResult> UpdateAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, KnowledgeBook book, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);

        // The body is read (and size-checked) before anything is looked up, so an oversize body is refused as such.
        var (kind, content, version, problem) = await ReadAsync(request, catalog, requireKind: false);
        if (problem is not null)
        {
            return problem;
        }

        var entry = await db.KnowledgeEntries.FirstOrDefaultAsync(e => e.Id == id && e.WorkspaceId == caller.WorkspaceId, cancellationToken);
        if (entry is null)
        {
            return Problems.NotFound("knowledge entry");
        }

        if (kind is { } changed && changed != entry.Kind)
        {
            return Problems.Validation(new() { ["kind"] = ["cannot change; write a new entry instead"] });
        }

        if (version is { } expected && expected != entry.Version)
        {
            return Problems.Conflict($"The entry is at version {entry.Version} now; reload it and apply the change again.");
        }

        entry.Revise(content!, time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("The entry was changed meanwhile; reload it and apply the change again.");
        }

        book.Invalidate(caller.WorkspaceId);
        return TypedResults.Ok(ToView(entry, catalog));
    }

    private static async Task<IResult> DeleteAsync(Guid id, ClaimsPrincipal user, KefuDbContext db, KnowledgeBook book, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        await db.BotTurns.Where(t => t.EntryId == id && t.WorkspaceId == caller.WorkspaceId).ExecuteUpdateAsync(s => s.SetProperty(t => t.EntryId, (Guid?)null), cancellationToken);
        var deleted = await db.KnowledgeEntries.Where(e => e.Id == id && e.WorkspaceId == caller.WorkspaceId).ExecuteDeleteAsync(cancellationToken);
        book.Invalidate(caller.WorkspaceId);
        return deleted == 0 ? Problems.NotFound("knowledge entry") : TypedResults.NoContent();
    }

    private static async Task<(KnowledgeKind? Kind, KnowledgeContent? Content, int? Version, IResult? Problem)> ReadAsync(
        HttpRequest request, CatalogSnapshot catalog, bool requireKind)
    {
        var body = await JsonBody.ReadAsync<EntryBody>(request);
        if (body.Problem is not null)
        {
            return (null, null, null, body.Problem);
        }

        var value = body.Value!;
        var errors = new FieldErrors();
        var kind = ParseOptional<KnowledgeKind>(errors, "kind", value.Kind);
        if (requireKind && value.Kind is null)
        {
            errors.Add("kind", "is required: article or faq");
        }

        var locale = errors.Required("locale", value.Locale, 16);
        if (locale is not null && !KnowledgeLocales.IsKnown(locale))
        {
            errors.Add("locale", $"must be one of {string.Join(", ", KnowledgeLocales.All)}");
        }

        Guid? categoryId = null;
        if (value.Category is not null)
        {
            categoryId = catalog.CategoriesByCode.TryGetValue(value.Category, out var category) ? category.Id : null;
            if (categoryId is null)
            {
                errors.Add("category", "is not a category of this workspace");
            }
        }

        var title = errors.Required("title", value.Title, KnowledgeEntry.MaxTitleLength);
        var text = errors.Required("body", value.Body, KnowledgeEntry.MaxBodyLength);
        var phrasings = (value.Phrasings ?? []).Select(p => p?.Trim() ?? "").ToList();
        if (phrasings.Count > KnowledgeEntry.MaxPhrasings)
        {
            errors.Add("phrasings", $"at most {KnowledgeEntry.MaxPhrasings}");
        }
        else if (phrasings.Any(p => p.Length is 0 or > KnowledgeEntry.MaxPhrasingLength))
        {
            errors.Add("phrasings", $"each must be 1 to {KnowledgeEntry.MaxPhrasingLength} characters");
        }

        if (kind == KnowledgeKind.Article && phrasings.Count > 0)
        {
            errors.Add("phrasings", "only FAQ entries have alternative phrasings");
        }

        var status = ParseOptional<KnowledgeStatus>(errors, "status", value.Status) ?? KnowledgeStatus.Draft;
        var visibility = ParseOptional<KnowledgeVisibility>(errors, "visibility", value.Visibility) ?? KnowledgeVisibility.Internal;
        if (value.Version is < 1)
        {
            errors.Add("version", "must be 1 or more");
        }

        if (errors.Any)
        {
            return (null, null, null, Problems.Validation(errors.ToDictionary()));
        }

        var content = new KnowledgeContent(locale!, categoryId, title!, [.. phrasings.Distinct(StringComparer.Ordinal)], text!, status, visibility);
        return (kind, content, value.Version, null);
    }

    private static T? ParseOptional<T>(FieldErrors errors, string field, string? value)
        where T : struct, Enum
    {
        if (value is null)
        {
            return null;
        }

        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !value.Any(char.IsDigit))
        {
            return parsed;
        }

        errors.Add(field, $"must be one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
        return null;
    }

    public static EntryView ToView(KnowledgeEntry e, CatalogSnapshot catalog)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(catalog);
        return new(e.Id, e.Kind, e.Locale, catalog.CategoryCode(e.CategoryId), e.Title, e.Phrasings, e.Body, e.Status, e.Visibility, e.Version, e.CreatedAt, e.UpdatedAt, e.PublishedAt);
    }
}
