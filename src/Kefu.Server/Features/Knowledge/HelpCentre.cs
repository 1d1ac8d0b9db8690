using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Kefu.Domain.Knowledge;
using Kefu.Persistence;
using Kefu.Server.Features.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Kefu.Server.Features.Knowledge;

/// <summary>
/// The public help centre: server-rendered pages of a workspace's published public articles and FAQ entries, by
/// category, with search by the FAQ matcher. Anonymous; the workspace is named by <c>?w=slug</c> as on the portal, the
/// language by <c>?lang=</c> or the browser's Accept-Language. Only what <see cref="KnowledgeBook"/> holds (published and
/// public) can ever be shown: drafts and internal entries answer the same 404 as ids that do not exist.
/// </summary>
public static class HelpCentre
{
    public const string Path = "/help";

    /// <summary>Chinese stays readable in the page source; markup characters are still escaped.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    public const int MaxQueryLength = 200;
    public const int MaxResults = 20;

    /// <summary>Below this cosine a search result shares only a stray character with the query.</summary>
    public const double MinSearchSimilarity = 0.12;

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, IndexAsync).AllowAnonymous().ExcludeFromDescription();
        routes.MapGet(Path + "/articles/{id:guid}", ArticleAsync).AllowAnonymous().ExcludeFromDescription();
    }

    private sealed record Page(Guid WorkspaceId, string Slug, string Name, string Locale, CatalogSnapshot Catalog, PublicShelf Shelf);

    private static async Task<(Page? Page, IResult? Missing)> OpenAsync(HttpContext context, string? w, string? lang, KefuDbContext db, WorkspaceCatalog catalogs, KnowledgeBook book)
    {
        var workspace = string.IsNullOrWhiteSpace(w) || w.Length > 64 ? null
            : await db.Workspaces.AsNoTracking().Where(x => x.Slug == w).Select(x => new { x.Id, x.Slug, x.Name }).FirstOrDefaultAsync(context.RequestAborted);
        var locale = LocaleOf(lang, context.Request);
        if (workspace is null)
        {
            return (null, Html(StatusCodes.Status404NotFound, locale, "404", "<p>?w=…</p>"));
        }

        var catalog = await catalogs.GetAsync(workspace.Id, context.RequestAborted);
        return (new Page(workspace.Id, workspace.Slug, workspace.Name, locale, catalog, await book.GetAsync(workspace.Id, locale, context.RequestAborted)), null);
    }

    private static async Task<IResult> IndexAsync(
        HttpContext context, string? w, string? lang, string? q, KefuDbContext db, WorkspaceCatalog catalogs, KnowledgeBook book, KnowledgeTexts texts)
    {
        var (page, missing) = await OpenAsync(context, w, lang, db, catalogs, book);
        if (page is null)
        {
            return missing!;
        }

        var e = Encoder;
        string T(string name) => e.Encode(texts.Get(name, page.Locale));
        var html = new StringBuilder();
        var query = q?.Trim();
        html.Append(CultureInfo.InvariantCulture, $"<form method=\"get\" action=\"{Path}\" role=\"search\"><input type=\"hidden\" name=\"w\" value=\"{e.Encode(page.Slug)}\">")
            .Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"lang\" value=\"{page.Locale}\">")
            .Append(CultureInfo.InvariantCulture, $"<input type=\"search\" name=\"q\" maxlength=\"{MaxQueryLength}\" value=\"{e.Encode(query ?? "")}\" placeholder=\"{T("Help.SearchPlaceholder")}\"> ")
            .Append(CultureInfo.InvariantCulture, $"<button type=\"submit\">{T("Help.Search")}</button></form>");
        if (!string.IsNullOrEmpty(query))
        {
            var found = page.Shelf.Everything.Rank(query.Length <= MaxQueryLength ? query : query[..MaxQueryLength], MaxResults)
                .Where(m => m.Similarity >= MinSearchSimilarity).Select(m => page.Shelf.Entries[m.EntryId]).ToList();
            html.Append(CultureInfo.InvariantCulture, $"<h2>{T("Help.Results")}</h2>");
            html.Append(found.Count == 0 ? $"<p class=\"empty\">{T("Help.NoResults")}</p>" : List(found, page, e));
        }
        else if (page.Shelf.Entries.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\">{T("Help.Empty")}</p>");
        }
        else
        {
            foreach (var group in page.Shelf.Entries.Values.GroupBy(x => x.CategoryId)
                .OrderBy(g => g.Key is null ? 1 : 0).ThenBy(g => CategoryName(page, g.Key, texts), StringComparer.Ordinal))
            {
                html.Append(CultureInfo.InvariantCulture, $"<section><h2>{e.Encode(CategoryName(page, group.Key, texts))}</h2>");
                html.Append(List([.. group.OrderBy(x => x.Kind).ThenBy(x => x.Title, StringComparer.Ordinal)], page, e)).Append("</section>");
            }
        }

        return Html(StatusCodes.Status200OK, page.Locale, texts.Get("Help.Title", page.Locale) + " · " + page.Name, html.ToString());
    }

    private static async Task<IResult> ArticleAsync(
        HttpContext context, Guid id, string? w, string? lang, KefuDbContext db, WorkspaceCatalog catalogs, KnowledgeBook book, KnowledgeTexts texts)
    {
        var (page, missing) = await OpenAsync(context, w, lang, db, catalogs, book);
        if (page is null)
        {
            return missing!;
        }

        var e = Encoder;
        var back = $"<p><a href=\"{IndexUrl(page)}\">{e.Encode(texts.Get("Help.Back", page.Locale))}</a></p>";

        // The article may be public in the other language only; look there before answering 404.
        var entry = page.Shelf.Entries.GetValueOrDefault(id);
        if (entry is null)
        {
            var other = page.Locale == KnowledgeLocales.Chinese ? KnowledgeLocales.English : KnowledgeLocales.Chinese;
            entry = (await book.GetAsync(page.WorkspaceId, other, context.RequestAborted)).Entries.GetValueOrDefault(id);
        }

        if (entry is null)
        {
            return Html(StatusCodes.Status404NotFound, page.Locale, texts.Get("Help.NotFound", page.Locale), back + $"<p>{e.Encode(texts.Get("Help.NotFound", page.Locale))}</p>");
        }

        var html = new StringBuilder(back);
        html.Append(CultureInfo.InvariantCulture, $"<article><h2>{e.Encode(entry.Title)}</h2>");
        foreach (var paragraph in entry.Body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").Append(e.Encode(paragraph).Replace("&#xA;", "<br>", StringComparison.Ordinal)).Append("</p>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{e.Encode(texts.Get("Help.Updated", page.Locale))} {entry.UpdatedAt.ToOffset(page.Catalog.TimeZone.GetUtcOffset(entry.UpdatedAt)):yyyy-MM-dd}</p></article>");
        return Html(StatusCodes.Status200OK, page.Locale, entry.Title + " · " + page.Name, html.ToString());
    }

    private static string List(IReadOnlyList<PublicEntry> entries, Page page, HtmlEncoder e) =>
        "<ul>" + string.Concat(entries.Select(x => $"<li class=\"{(x.Kind == KnowledgeKind.Faq ? "faq" : "article")}\"><a href=\"{Path}/articles/{x.Id}?w={Uri.EscapeDataString(page.Slug)}&amp;lang={page.Locale}\">{e.Encode(x.Title)}</a></li>")) + "</ul>";

    private static string IndexUrl(Page page) => $"{Path}?w={Uri.EscapeDataString(page.Slug)}&amp;lang={page.Locale}";

    private static string CategoryName(Page page, Guid? categoryId, KnowledgeTexts texts) =>
        categoryId is { } id && page.Catalog.CategoriesById.TryGetValue(id, out var category)
            ? page.Locale == KnowledgeLocales.English ? category.NameEn : category.NameZh
            : texts.Get("Help.Uncategorised", page.Locale);

    /// <summary>?lang wins; else the browser's first preference that is Chinese or English; else Chinese.</summary>
    public static string LocaleOf(string? lang, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (KnowledgeLocales.IsKnown(lang))
        {
            return lang!;
        }

        if (StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var accepted))
        {
            foreach (var value in accepted.OrderByDescending(a => a.Quality ?? 1.0))
            {
                var tag = value.Value.Value ?? "";
                if (tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
                {
                    return KnowledgeLocales.Chinese;
                }

                if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
                {
                    return KnowledgeLocales.English;
                }
            }
        }

        return KnowledgeLocales.Chinese;
    }

    private static HtmlPage Html(int status, string locale, string title, string body)
    {
        var e = Encoder;
        var page = $"""
            <!doctype html>
            <html lang="{locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{e.Encode(title)}</title>
            <style>body{"{"}font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:760px;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1f2328{"}"}
            input[type=search]{"{"}width:70%;padding:.4rem{"}"} li{"{"}margin:.3rem 0{"}"} .meta,.empty{"{"}color:#57606a{"}"} a{"{"}color:#0969da{"}"}</style></head>
            <body><header><h1>{e.Encode(title)}</h1></header><main>{body}</main></body></html>
            """;
        return new HtmlPage(status, page);
    }

    private sealed class HtmlPage(int status, string html) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            httpContext.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
            httpContext.Response.Headers.CacheControl = "public, max-age=60";
            return httpContext.Response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
