using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Kefu.Domain.Csat;
using Kefu.Persistence;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kefu.Server.Features.Csat;

/// <summary>
/// The page a survey link opens (<c>/csat/{token}</c>), rendered on the server in zh-CN or English: GET shows the
/// question, the five ratings and a comment box and records nothing, so a mail or chat link scanner cannot rate; only the
/// customer's POST of the form records the answer, once per solve cycle. Every text from the database is HTML-encoded.
/// </summary>
public static class SurveyPage
{
    public const string Path = "/csat";

    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public static void Map(IEndpointRouteBuilder routes)
    {
        var page = routes.MapGroup(Path).WithTags("CSAT").AllowAnonymous();
        page.MapGet("/{token}", ShowAsync).WithName("CsatSurveyPage").WithSummary("The survey page behind a CSAT link (HTML); reading it records nothing");
        page.MapPost("/{token}", SubmitAsync).WithName("CsatSurveyPageSubmit").WithSummary("The survey page's form post (rating 1–5, comment): records the answer once")
            .DisableAntiforgery();
    }

    private static async Task<IResult> ShowAsync(string token, HttpRequest request, KefuDbContext db, IStringLocalizer<SurveyPageText> text, CancellationToken cancellationToken)
    {
        var culture = CultureOf(request, null);
        var survey = await FindAsync(db, token, cancellationToken);
        if (survey is null)
        {
            return Page(StatusCodes.Status404NotFound, culture, text, Paragraph(Text(text, culture, "NotFound")));
        }

        return survey.IsAnswered
            ? Page(StatusCodes.Status200OK, culture, text, Answered(text, culture, survey))
            : Page(StatusCodes.Status200OK, culture, text, Form(text, culture, survey, null, null));
    }

    private static async Task<IResult> SubmitAsync(
        string token, HttpRequest request, KefuDbContext db, GroupCommitter writer, IStringLocalizer<SurveyPageText> text, TimeProvider time, CancellationToken cancellationToken)
    {
        var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
        var culture = CultureOf(request, form?["lang"]);
        var survey = await FindAsync(db, token, cancellationToken);
        if (survey is null)
        {
            return Page(StatusCodes.Status404NotFound, culture, text, Paragraph(Text(text, culture, "NotFound")));
        }

        var comment = form?["comment"].ToString().Trim();
        comment = string.IsNullOrEmpty(comment) ? null : comment;
        string? error = null;
        if (!int.TryParse(form?["rating"], NumberStyles.None, CultureInfo.InvariantCulture, out var rating) || rating is < CsatSurvey.MinRating or > CsatSurvey.MaxRating)
        {
            error = Text(text, culture, "PickRating");
        }
        else if (comment?.Length > CsatSurvey.MaxCommentLength)
        {
            error = string.Format(culture, Text(text, culture, "CommentTooLong"), CsatSurvey.MaxCommentLength);
        }

        if (error is not null)
        {
            return Page(StatusCodes.Status400BadRequest, culture, text, Form(text, culture, survey, error, comment));
        }

        var outcome = await CsatEndpoints.AnswerByLinkAsync(writer, token, rating, comment, time.GetUtcNow(), cancellationToken);
        if (outcome.Status != StatusCodes.Status200OK)
        {
            return outcome.Status == StatusCodes.Status404NotFound
                ? Page(StatusCodes.Status404NotFound, culture, text, Paragraph(Text(text, culture, "NotFound")))
                : Page(StatusCodes.Status409Conflict, culture, text, Answered(text, culture, await FindAsync(db, token, cancellationToken) ?? survey));
        }

        var body = new StringBuilder()
            .Append(Heading(Text(text, culture, "Thanks")))
            .Append(Paragraph(string.Format(culture, Text(text, culture, "YourRating"), rating)));
        if (comment is not null)
        {
            body.Append(Paragraph(Text(text, culture, "YourComment") + " " + comment));
        }

        return Page(StatusCodes.Status200OK, culture, text, body.ToString());
    }

    private static Task<CsatSurvey?> FindAsync(KefuDbContext db, string token, CancellationToken cancellationToken)
    {
        var hash = CsatEndpoints.HashToken(token);
        return db.CsatSurveys.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == hash, cancellationToken);
    }

    /// <summary>English when asked for (?lang=en, the form's lang, or English first in Accept-Language); zh-CN otherwise.</summary>
    private static CultureInfo CultureOf(HttpRequest request, string? formLanguage)
    {
        var asked = formLanguage ?? request.Query["lang"].FirstOrDefault();
        if (asked is not null)
        {
            return asked.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : Chinese;
        }

        var first = request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).FirstOrDefault();
        return first?.Value.Value?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? English : Chinese;
    }

    private static string Text(IStringLocalizer<SurveyPageText> text, CultureInfo culture, string key)
    {
        // The localizer follows the current UI culture; set it only around this synchronous lookup.
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return text[key].Value;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>Escapes markup (&lt; &gt; &amp; quotes) but leaves Chinese readable in the page source.</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Encode(string value) => Html.Encode(value);

    private static string Heading(string value) => "<h1>" + Encode(value) + "</h1>";

    private static string Paragraph(string value) => "<p>" + Encode(value) + "</p>";

    private static string Answered(IStringLocalizer<SurveyPageText> text, CultureInfo culture, CsatSurvey survey) =>
        Heading(Text(text, culture, "Title")) + Paragraph(Text(text, culture, "AlreadyAnswered"))
        + (survey.Rating is { } rating ? Paragraph(string.Format(culture, Text(text, culture, "YourRating"), rating)) : "");

    private static string Form(IStringLocalizer<SurveyPageText> text, CultureInfo culture, CsatSurvey survey, string? error, string? comment)
    {
        var html = new StringBuilder()
            .Append(Heading(Text(text, culture, "Heading")))
            .Append(Paragraph(string.Format(culture, Text(text, culture, "Ticket"), survey.TicketNumber)));
        if (error is not null)
        {
            html.Append("<p class=\"error\" role=\"alert\">").Append(Encode(error)).Append("</p>");
        }

        html.Append("<form method=\"post\"><input type=\"hidden\" name=\"lang\" value=\"").Append(culture.Name).Append("\"><fieldset class=\"ratings\">");
        for (var rating = CsatSurvey.MinRating; rating <= CsatSurvey.MaxRating; rating++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<label><input type=\"radio\" name=\"rating\" value=\"{rating}\" required> <b>{rating}</b> ")
                .Append(Encode(Text(text, culture, "Rating" + rating.ToString(CultureInfo.InvariantCulture)))).Append("</label>");
        }

        return html.Append("</fieldset><label for=\"comment\">").Append(Encode(Text(text, culture, "Comment"))).Append("</label>")
            .Append(CultureInfo.InvariantCulture, $"<textarea id=\"comment\" name=\"comment\" maxlength=\"{CsatSurvey.MaxCommentLength}\" rows=\"4\">")
            .Append(Encode(comment ?? "")).Append("</textarea>")
            .Append("<p class=\"hint\">").Append(Encode(Text(text, culture, "Confirm"))).Append("</p>")
            .Append("<button type=\"submit\">").Append(Encode(Text(text, culture, "Submit"))).Append("</button></form>")
            .ToString();
    }

    private static HtmlPage Page(int status, CultureInfo culture, IStringLocalizer<SurveyPageText> text, string body) => new HtmlPage(status, $"""
        <!doctype html>
        <html lang="{culture.Name}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>{Encode(Text(text, culture, "Title"))}</title>
        <style>body{"{"}font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5{"}"}
        .ratings{"{"}border:0;padding:0;display:grid;gap:.4rem{"}"} textarea{"{"}width:100%{"}"} .error{"{"}color:#b00020{"}"}
        button{"{"}padding:.5rem 1.5rem;font-size:1rem{"}"}</style></head>
        <body>{body}</body></html>
        """);

    private sealed class HtmlPage(int status, string html) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
            await response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}

/// <summary>Marker for the survey page's texts: SurveyPage.resx (zh-CN) and SurveyPage.en.resx.</summary>
public sealed class SurveyPageText;
