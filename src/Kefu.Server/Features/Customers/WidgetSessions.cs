using Kefu.Domain.Chat;
using Kefu.Domain.Customers;
using Kefu.Persistence;
using Kefu.Server.Features.Security;
using Kefu.Server.Http;
using Kefu.Server.Storage;
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
        HttpRequest httpRequest, ChatWidgets widgets, RateLimits limits, CustomerTokens tokens, KefuDbContext db, GroupCommitter writer, TimeProvider time, CancellationToken cancellationToken)
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
            var customer = await FindOrCreateAsync(
                writer, new Identity(widget.WorkspaceId, user.ExternalId, name, IdentityKind.ExternalId, user.ExternalId, RenameTo: user.Name.Length > 0 ? user.Name : null), now, cancellationToken);

            var (token, expiresAt) = tokens.Issue(widget.WorkspaceId, customer.Id, isSignedUser: true, Min(now + CustomerTokens.Lifetime, user.ExpiresAt));
            return TypedResults.Ok(new Response(token, expiresAt, "user", null, customer.Name, workspaceName));
        }

        var visitorId = request.VisitorId ?? VisitorId.New();
        var visitor = await FindOrCreateAsync(
            writer, new Identity(widget.WorkspaceId, VisitorId.ExternalIdOf(visitorId), "访客 " + visitorId[2..8], IdentityKind.Visitor, visitorId, RenameTo: null), now, cancellationToken);

        // Only a customer that is the visitor and nothing more: should an agent ever have merged it into a
        // signed user, knowing the visitor id must not open that user's history.
        if (!visitor.ExternalId.StartsWith(UserToken.ReservedPrefix, StringComparison.Ordinal))
        {
            return Unauthorized("This visitor id can no longer be used; start a new visit.");
        }

        var issued = tokens.Issue(widget.WorkspaceId, visitor.Id, isSignedUser: false);
        return TypedResults.Ok(new Response(issued.Token, issued.ExpiresAt, "visitor", visitorId, visitor.Name, workspaceName));
    }

    private sealed record Identity(Guid WorkspaceId, string ExternalId, string Name, IdentityKind Kind, string Handle, string? RenameTo);

    /// <summary>
    /// Through the group committer like every other hot write: on SQLite a write of its own would wait for the write
    /// lock behind a busy committer and could time out, and two first sessions of one user in a batch share the row.
    /// </summary>
    private static Task<Customer> FindOrCreateAsync(GroupCommitter writer, Identity identity, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.ExecuteAsync(
            async scope =>
            {
                var (workspaceId, externalId) = (identity.WorkspaceId, identity.ExternalId);
                if (!scope.TryGetShared<Customer>(BatchKey.Customer, workspaceId, externalId, out var customer))
                {
                    customer = scope.IsKnownAbsent(BatchKey.Customer, workspaceId, externalId) ? null
                        : await scope.Db.Customers.FirstOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.ExternalId == externalId, scope.CancellationToken);
                    if (customer is null)
                    {
                        customer = new Customer { Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, ExternalId = externalId, Name = identity.Name, CreatedAt = now };
                        customer.AddIdentity(identity.Kind, identity.Handle, () => Guid.CreateVersion7(now));
                        scope.Insert(customer);
                    }

                    scope.Share(BatchKey.Customer, workspaceId, externalId, customer);
                }

                if (identity.RenameTo is { } name && customer.Name != name)
                {
                    customer.Name = name;
                }

                return customer;
            },
            cancellationToken,
            new BatchKey(BatchKey.Customer, identity.WorkspaceId, identity.ExternalId));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Unauthorized(string detail) => Problems.Status(StatusCodes.Status401Unauthorized, "Unauthorized", detail);
}
