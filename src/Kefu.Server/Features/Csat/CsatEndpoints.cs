using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kefu.Domain.Csat;
using Kefu.Domain.Intake;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Analytics;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Csat;

/// <summary>
/// Rating a solve cycle: in the chat (the host's widget or portal, for the signed-in customer) or through an emailed link.
/// The link's GET only shows the question; the rating is recorded by a POST, so a mail scanner following links rates nothing.
/// </summary>
public static class CsatEndpoints
{
    public const string Question = "您对本次服务满意吗？(1–5)";

    public sealed record RatingRequest(int? Rating, string? Comment);

    public sealed record SurveyView(long TicketNumber, int Cycle, string Question, int MinRating, int MaxRating, bool Answered, int? Rating);

    public sealed record CompensationRequest(string? Kind, decimal? Amount, string? Currency, string? Reason, bool? PlatformAtFault);

    public sealed record CompensationView(long TicketNumber, string Kind, decimal Amount, string Currency, string Reason, bool PlatformAtFault, string AgentNumber, DateTimeOffset OfferedAt);

    public static void Map(RouteGroupBuilder tickets, IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        ArgumentNullException.ThrowIfNull(routes);
        tickets.MapGet("/{number:long}/csat", GetForTicketAsync).RequireAuthorization(KefuPolicies.IntegrationOrAgent).WithName("GetTicketCsat")
            .WithSummary("The latest solve cycle's survey: whether it is answered and with what");
        tickets.MapPost("/{number:long}/csat", RateInChatAsync).RequireAuthorization(KefuPolicies.Integration).WithName("RateTicket")
            .WithSummary("The customer rates the latest solve cycle in the chat (1–5 and a comment); a second answer is 409");
        tickets.MapPost("/{number:long}/compensations", OfferCompensationAsync).RequireAuthorization(KefuPolicies.Agent).WithName("OfferCompensation")
            .WithSummary("Offer compensation (coupon, priority, refund); recorded on the timeline and counted in reports");
        var links = routes.MapGroup("/api/v1/csat").WithTags("CSAT").AllowAnonymous();
        links.MapGet("/{token}", GetByLinkAsync).WithName("GetCsatByLink").WithSummary("The question behind a survey link; reading it records nothing");
        links.MapPost("/{token}", RateByLinkAsync).WithName("RateByLink").WithSummary("Record the rating sent from a survey link's page; a second answer is 409");
        SurveyPage.Map(routes);
    }

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static SurveyView View(CsatSurvey survey) =>
        new(survey.TicketNumber, survey.Cycle, Question, CsatSurvey.MinRating, CsatSurvey.MaxRating, survey.IsAnswered, survey.Rating);

    private static async Task<IResult> GetForTicketAsync(long number, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var ticketId = await TicketAccess.Visible(db, caller, TicketAccess.OnBehalfOf(request)).Where(t => t.Number == number).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
        var survey = ticketId is null ? null
            : await db.CsatSurveys.AsNoTracking().Where(s => s.TicketId == ticketId).OrderByDescending(s => s.Cycle).FirstOrDefaultAsync(cancellationToken);
        return survey is null ? Problems.NotFound("survey") : TypedResults.Ok(View(survey));
    }

    private static async Task<IResult> GetByLinkAsync(string token, KefuDbContext db, CancellationToken cancellationToken)
    {
        var hash = HashToken(token);
        var survey = await db.CsatSurveys.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == hash, cancellationToken);
        return survey is null ? Problems.NotFound("survey") : TypedResults.Ok(View(survey));
    }

    private static (int Rating, string? Comment, IResult? Problem) Check(RatingRequest? request)
    {
        var errors = new FieldErrors();
        var comment = errors.Optional("comment", request?.Comment, CsatSurvey.MaxCommentLength);
        if (request?.Rating is not (>= CsatSurvey.MinRating and <= CsatSurvey.MaxRating))
        {
            errors.Add("rating", "must be a whole number from 1 to 5");
        }

        return errors.Any ? (0, null, Problems.Validation(errors.ToDictionary())) : (request!.Rating!.Value, comment, null);
    }

    private static Task<IResult> RateInChatAsync(long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, TimeProvider time, CancellationToken cancellationToken) =>
        RateAsCustomerAsync(number, httpRequest, user, writer, time, "chat", cancellationToken);

    /// <summary>The customer rates the latest solve cycle from the customer portal (signed in there).</summary>
    public static Task<IResult> RateFromPortalAsync(long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, TimeProvider time, CancellationToken cancellationToken) =>
        RateAsCustomerAsync(number, httpRequest, user, writer, time, "portal", cancellationToken);

    private static async Task<IResult> RateAsCustomerAsync(
        long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, TimeProvider time, string via, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<RatingRequest>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (rating, comment, problem) = Check(body.Value);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await TicketWrite.OnTicketAsync(writer, caller, TicketAccess.OnBehalfOf(httpRequest), number, async (scope, ticket) =>
        {
            var survey = await scope.Db.CsatSurveys.Where(s => s.TicketId == ticket.Id).OrderByDescending(s => s.Cycle).FirstOrDefaultAsync(scope.CancellationToken);
            return await AnswerAsync(scope, ticket, survey, rating, comment, via, time.GetUtcNow());
        }, cancellationToken);
        return outcome.ToResult<SurveyView>(TypedResults.Ok);
    }

    private static async Task<IResult> RateByLinkAsync(string token, HttpRequest httpRequest, KefuDbContext db, GroupCommitter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<RatingRequest>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var (rating, comment, problem) = Check(body.Value);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await AnswerByLinkAsync(writer, token, rating, comment, time.GetUtcNow(), cancellationToken);
        return outcome.Status == StatusCodes.Status404NotFound ? Problems.NotFound("survey") : outcome.ToResult<SurveyView>(TypedResults.Ok);
    }

    /// <summary>Records the answer to the survey behind a link token: the JSON API and the survey page both end here.</summary>
    internal static Task<TicketWrite> AnswerByLinkAsync(GroupCommitter writer, string token, int rating, string? comment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hash = HashToken(token);
        return writer.ExecuteAsync(async scope =>
        {
            var survey = await scope.Db.CsatSurveys.FirstOrDefaultAsync(s => s.TokenHash == hash, scope.CancellationToken);
            var ticket = survey is null ? null : await scope.Db.Tickets.FirstOrDefaultAsync(t => t.Id == survey.TicketId, scope.CancellationToken);
            return ticket is null ? TicketWrite.NotFound : await AnswerAsync(scope, ticket, survey, rating, comment, "link", now);
        }, cancellationToken);
    }

    private static Task<TicketWrite> AnswerAsync(WriteScope scope, Ticket ticket, CsatSurvey? survey, int rating, string? comment, string via, DateTimeOffset now)
    {
        if (survey is null)
        {
            return Task.FromResult(TicketWrite.Rejected(StatusCodes.Status409Conflict, "This ticket has not been solved yet; there is nothing to rate."));
        }

        if (survey.Answer(rating, comment, via, now) == CsatAnswerOutcome.AlreadyAnswered)
        {
            return Task.FromResult(TicketWrite.Rejected(StatusCodes.Status409Conflict, "This survey has been answered already."));
        }

        MessageWriting.Audit(scope.Db, ticket, now, QualityAuditKinds.CsatRated, AuthorKind.Customer, ticket.CustomerId, null, isPublic: false,
            JsonSerializer.Serialize(new { surveyId = survey.Id, cycle = survey.Cycle, rating, via, agents = survey.AgentIds, hasComment = survey.Comment is not null }));
        return Task.FromResult(TicketWrite.Done(View(survey)));
    }

    private static async Task<IResult> OfferCompensationAsync(
        long number, HttpRequest httpRequest, ClaimsPrincipal user, GroupCommitter writer, QualityWebhooks webhooks, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<CompensationRequest>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        var problems = new Dictionary<string, string[]>();
        if (!Enum.TryParse<CompensationKind>(request.Kind, ignoreCase: true, out var kind) || int.TryParse(request.Kind, out _))
        {
            problems["kind"] = ["must be coupon, priority or refund"];
        }

        foreach (var (field, message) in CompensationOffer.Check(kind, request.Amount, request.Currency ?? "CNY", request.Reason))
        {
            problems[field] = [message];
        }

        if (problems.Count > 0)
        {
            return Problems.Validation(problems);
        }

        var offer = new CompensationOffer(kind, request.Amount!.Value, request.Currency ?? "CNY", request.Reason!.Trim(), request.PlatformAtFault ?? false);
        var outcome = await TicketWrite.OnTicketAsync(writer, caller, null, number, async (scope, ticket) =>
        {
            var now = time.GetUtcNow();
            var kindName = JsonNamingPolicy.CamelCase.ConvertName(offer.Kind.ToString());
            MessageWriting.Audit(scope.Db, ticket, now, QualityAuditKinds.CompensationOffered, AuthorKind.Agent, caller.AgentId, caller.AgentNumber, isPublic: true,
                JsonSerializer.Serialize(new { kind = kindName, amount = offer.Amount, currency = offer.Currency, reason = offer.Reason, platformAtFault = offer.PlatformAtFault }));
            await webhooks.CompensationAsync(scope, new CompensationWebhookPayload(
                ticket.WorkspaceId, ticket.Number, ticket.CustomerId, ticket.MerchantId, kindName, offer.Amount, offer.Currency, offer.Reason, offer.PlatformAtFault, caller.AgentNumber!, now));
            return TicketWrite.Done(new CompensationView(ticket.Number, kindName, offer.Amount, offer.Currency, offer.Reason, offer.PlatformAtFault, caller.AgentNumber!, now));
        }, cancellationToken);
        return outcome.ToResult<CompensationView>(view => TypedResults.Created($"{TicketViews.Url(number)}#compensation", view));
    }
}
