using System.Globalization;
using System.Security.Claims;
using Kefu.Domain.Intake;
using Kefu.Domain.Intake.Facts;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Http;
using Microsoft.Net.Http.Headers;

namespace Kefu.Server.Features.Intake;

/// <summary>
/// POST /api/v1/intake/check: while the customer is still filling in the form, what Kefu reads in it and what it
/// would have to ask for, so the host platform can ask now instead of an agent asking later. Stores nothing.
/// </summary>
public static class CheckIntake
{
    public sealed record CustomerInput(string? Email, string? Phone);

    public sealed record Request(
        string? Category,
        string? Subject,
        string? Description,
        string? OrderNumber,
        string? OccurredAt,
        CustomerInput? Customer,
        string? Locale);

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder routes) =>
        routes.MapPost("/api/v1/intake/check", HandleAsync)
            .RequireAuthorization(KefuPolicies.Integration)
            .WithTags("Intake")
            .WithName("CheckIntake")
            .WithSummary("Read a draft ticket: facts found, what its category still needs, and the questions to ask for it")
            .WithDescription("Questions are in zh-CN unless the body's locale or Accept-Language asks for en. Nothing is stored.")
            .Accepts<Request>("application/json")
            .Produces<IntakeReading>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    private static async Task<IResult> HandleAsync(
        HttpRequest httpRequest,
        ClaimsPrincipal user,
        WorkspaceCatalog catalogs,
        IntakeQuestions questions,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<Request>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        var draft = Check(request, catalog, now, errors);
        var culture = Culture(request.Locale, httpRequest, errors);
        if (draft is null || culture is null)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var texts = new List<CustomerText>(2);
        if (draft.Subject is not null)
        {
            texts.Add(new CustomerText(CustomerText.Subject, null, draft.Subject, now));
        }

        texts.Add(new CustomerText(CustomerText.Description, null, draft.Description, now));
        var reading = IntakeReading.Of(texts, draft.Description, draft.Category, draft.Fields, now, catalog.TimeZone, questions, culture);

        httpRequest.HttpContext.Response.Headers[HeaderNames.ContentLanguage] = culture.Name;
        return TypedResults.Ok(reading);
    }

    private sealed record Draft(string? Category, string? Subject, string Description, StructuredFields Fields);

    /// <summary>The same limits and field names as ticket intake, so a form checked here is accepted there.</summary>
    private static Draft? Check(Request request, CatalogSnapshot catalog, DateTimeOffset now, FieldErrors errors)
    {
        var category = errors.Optional("category", request.Category, TicketIntakeCheck.MaxCategory);
        if (category is not null)
        {
            if (catalog.IsActiveCategory(category))
            {
                category = catalog.CategoriesByCode[category].Code;
            }
            else
            {
                errors.Add("category", "is not a category of this workspace");
            }
        }

        var subject = errors.Optional("subject", request.Subject, TicketIntakeCheck.MaxSubject);
        var description = errors.Required("description", request.Description, TicketIntakeCheck.MaxDescription);
        var orderNumber = errors.Optional("orderNumber", request.OrderNumber, TicketIntakeCheck.MaxOrderNumber);
        var email = errors.Optional("customer.email", request.Customer?.Email, TicketIntakeCheck.MaxEmail);
        if (email is not null && !ContactRules.IsEmail(email))
        {
            errors.Add("customer.email", "is not an email address");
        }

        var phone = errors.Optional("customer.phone", request.Customer?.Phone, TicketIntakeCheck.MaxPhone);
        if (phone is not null && !ContactRules.IsPhone(phone))
        {
            errors.Add("customer.phone", "is not a phone number");
        }

        DateTimeOffset? occurredAt = null;
        if (request.OccurredAt is not null)
        {
            if (TicketIntakeCheck.ParseInstant(request.OccurredAt, catalog.TimeZone, out var problem) is not { } instant)
            {
                errors.Add("occurredAt", problem!);
            }
            else if (instant > now + TicketIntakeCheck.FutureTolerance)
            {
                errors.Add("occurredAt", "lies in the future");
            }
            else
            {
                occurredAt = instant;
            }
        }

        return errors.Any ? null : new Draft(category, subject, description!, new StructuredFields(orderNumber, occurredAt, phone, email));
    }

    /// <summary>The body's locale names the language outright; without it, Accept-Language chooses, and zh-CN is the default.</summary>
    private static CultureInfo? Culture(string? locale, HttpRequest httpRequest, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return IntakeLocale.FromHeaders(httpRequest);
        }

        var culture = IntakeLocale.Match(locale);
        if (culture is null)
        {
            errors.Add("locale", "must be one of: " + IntakeLocale.Supported);
        }

        return culture;
    }
}
