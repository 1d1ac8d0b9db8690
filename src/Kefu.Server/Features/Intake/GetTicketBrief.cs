using System.Security.Claims;
using Kefu.Domain.Intake.Facts;
using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Kefu.Server.Features.Intake;

/// <summary>
/// GET /api/v1/tickets/{number}/brief: the agent's 事实 / 异常 / 诉求 view of everything the customer has said on the
/// ticket, and what its category still needs. Computed on each read, so a follow-up message counts at once.
/// </summary>
public static class GetTicketBrief
{
    public sealed record Response : IntakeReading
    {
        public Response(long number, DateTimeOffset generatedAt, IntakeReading reading)
            : base(reading)
        {
            Number = number;
            GeneratedAt = generatedAt;
        }

        public long Number { get; }

        public DateTimeOffset GeneratedAt { get; }
    }

    public static RouteHandlerBuilder Map(RouteGroupBuilder tickets) =>
        tickets.MapGet("/{number:long}/brief", HandleAsync)
            .RequireAuthorization(KefuPolicies.Agent)
            .WithName("GetTicketBrief")
            .WithSummary("The facts, anomaly and request in the customer's messages, a short summary, and the facts still missing")
            .WithDescription("Questions for missing facts are in zh-CN unless Accept-Language asks for en.")
            .Produces<Response>()
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(
        long number,
        HttpRequest request,
        ClaimsPrincipal user,
        KefuDbContext db,
        WorkspaceCatalog catalogs,
        IntakeQuestions questions,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var ticket = await TicketAccess.Visible(db, caller, TicketAccess.OnBehalfOf(request)).AsNoTracking()
            .FirstOrDefaultAsync(t => t.Number == number, cancellationToken);
        if (ticket is null)
        {
            return Problems.NotFound("ticket");
        }

        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        var messages = await db.Messages.AsNoTracking()
            .Where(m => m.TicketId == ticket.Id && m.AuthorKind == AuthorKind.Customer && m.Visibility == MessageVisibility.Public)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Select(m => new CustomerText(CustomerText.Message, m.Id, m.Body, m.CreatedAt))
            .ToListAsync(cancellationToken);
        var contact = await db.Customers.AsNoTracking()
            .Where(c => c.Id == ticket.CustomerId)
            .Select(c => new { c.Phone, c.Email })
            .FirstAsync(cancellationToken);

        var texts = new List<CustomerText> { new(CustomerText.Subject, null, ticket.Subject, ticket.CreatedAt) };

        // Intake stores the description as the ticket's first message too; read it once, as that message.
        if (!messages.Exists(m => m.Text == ticket.Description))
        {
            texts.Add(new CustomerText(CustomerText.Description, null, ticket.Description, ticket.CreatedAt));
        }

        texts.AddRange(messages);
        var said = texts.Where(t => t.Source != CustomerText.Subject).Select(t => t.Text);
        var culture = IntakeLocale.FromHeaders(request);
        var now = time.GetUtcNow();
        var category = catalog.CategoryCode(ticket.CategoryId);
        var reading = IntakeReading.Of(
            texts, string.Join('\n', said), category, new StructuredFields(ticket.OrderNumber, ticket.OccurredAt, contact.Phone, contact.Email),
            now, catalog.TimeZone, questions, culture);

        request.HttpContext.Response.Headers[HeaderNames.ContentLanguage] = culture.Name;
        return TypedResults.Ok(new Response(ticket.Number, now, reading));
    }
}
