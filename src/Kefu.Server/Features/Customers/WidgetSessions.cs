using Kefu.Domain.Chat;
using Kefu.Domain.Customers;
using Kefu.Persistence;
using Kefu.Server.Features.Security;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Customers;

/// <summary>
/// POST /api/v1/widget/sessions: the widget (or an app) opens a customer session with the workspace's widget key
/// and either an anonymous visitor id or a user token the host platform signed. A visitor is its own customer;
/// a signed user is the customer with that external id. An unsigned claim can never name a signed user.
/// </summary>
public static class WidgetSessions
{
    public const string RateLimitPolicy = "widget-session";

    public sealed record Request(string? WidgetKey, string? VisitorId, string? UserToken);

    public sealed record Response(string Token, DateTimeOffset ExpiresAt, string Kind, string? VisitorId, string Name, string Workspace);

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapPost("/sessions", HandleAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicy)
            .WithName("OpenWidgetSession")
            .WithSummary("Open a customer session for the widget or an app")
            .WithDescription("Send the widget key and a visitor id (a new one is issued when absent) or a user token signed with the workspace secret; see docs/channels.md. The answer's token is a Bearer token for the customer API and the chat hub.")
            .Accepts<Request>("application/json")
            .Produces<Response>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<IResult> HandleAsync(
        HttpRequest httpRequest, ChatWidgets widgets, RateLimits limits, CustomerTokens tokens, KefuDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<Request>(httpRequest, 8 * 1024);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var request = body.Value!;
        if (string.IsNullOrEmpty(request.WidgetKey))
        {
            return Problems.Validation(new() { ["widgetKey"] = ["is required"] });
        }

        if (request.VisitorId is not null && request.UserToken is not null)
        {
            return Problems.Validation(new() { ["userToken"] = ["send either a visitorId or a userToken, not both"] });
        }

        if (request.VisitorId is not null && !VisitorId.IsWellFormed(request.VisitorId))
        {
            return Problems.Validation(new() { ["visitorId"] = ["must be a visitor id this server issued"] });
        }

        var widget = await widgets.FindByKeyAsync(request.WidgetKey, cancellationToken);
        if (widget is null)
        {
            return Unauthorized("Unknown widget key.");
        }

        if (limits.AcquireWidgetSession(widget.WorkspaceId) is { } refused)
        {
            return refused;
        }

        var now = time.GetUtcNow();
        var workspaceName = await db.Workspaces.Where(w => w.Id == widget.WorkspaceId).Select(w => w.Name).FirstAsync(cancellationToken);
        if (request.UserToken is not null)
        {
            if (UserToken.Verify(request.UserToken, widget.UserTokenSecret, now, out var error) is not { } user)
            {
                return Unauthorized($"The user token {error}.");
            }

            var name = user.Name.Length > 0 ? user.Name : user.ExternalId;
            var customer = await FindOrCreateAsync(db, widget.WorkspaceId, user.ExternalId, name, IdentityKind.ExternalId, now, cancellationToken);
            if (user.Name.Length > 0 && customer.Name != user.Name)
            {
                customer.Name = user.Name;
                await db.SaveChangesAsync(cancellationToken);
            }

            var (token, expiresAt) = tokens.Issue(widget.WorkspaceId, customer.Id, isSignedUser: true, Min(now + CustomerTokens.Lifetime, user.ExpiresAt));
            return TypedResults.Ok(new Response(token, expiresAt, "user", null, customer.Name, workspaceName));
        }

        var visitorId = request.VisitorId ?? VisitorId.New();
        var visitor = await FindOrCreateAsync(
            db, widget.WorkspaceId, VisitorId.ExternalIdOf(visitorId), "访客 " + visitorId[2..8], IdentityKind.Visitor, now, cancellationToken, visitorId);

        // Only a customer that is the visitor and nothing more: should an agent ever have merged it into a
        // signed user, knowing the visitor id must not open that user's history.
        if (!visitor.ExternalId.StartsWith(UserToken.ReservedPrefix, StringComparison.Ordinal))
        {
            return Unauthorized("This visitor id can no longer be used; start a new visit.");
        }

        var issued = tokens.Issue(widget.WorkspaceId, visitor.Id, isSignedUser: false);
        return TypedResults.Ok(new Response(issued.Token, issued.ExpiresAt, "visitor", visitorId, visitor.Name, workspaceName));
    }

    private static async Task<Customer> FindOrCreateAsync(
        KefuDbContext db, Guid workspaceId, string externalId, string name, IdentityKind kind, DateTimeOffset now, CancellationToken cancellationToken, string? handle = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var customer = await db.Customers.FirstOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.ExternalId == externalId, cancellationToken);
            if (customer is not null)
            {
                return customer;
            }

            customer = new Customer { Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ExternalId = externalId, Name = name, CreatedAt = now };
            customer.AddIdentity(kind, handle ?? externalId, () => Guid.CreateVersion7(now));
            db.Customers.Add(customer);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return customer;
            }
            catch (DbUpdateException) when (attempt == 1)
            {
                // Two first sessions of one user at once: the other made the row; find it.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Unauthorized(string detail) => Problems.Status(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
}
