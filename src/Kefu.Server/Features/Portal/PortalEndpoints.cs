using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Kefu.Domain.Intake;
using Kefu.Domain.Portal;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Sla;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Features.Workspaces;
using Kefu.Server.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Portal;

/// <summary>
/// The customer portal's API: exchange the host platform's signed link for a portal session, then
/// read one's own tickets, add information and nudge. The admin rotates the signing secret.
/// </summary>
public static class PortalEndpoints
{
    private const string ProtectorPurpose = "Kefu.PortalKey.v1";

    public sealed record SessionRequest(string? Workspace, string? Customer, long? Expires, string? Signature);

    public sealed record PortalMeView(string Name, string ExternalId, string Workspace, string WorkspaceName, string TimeZone);

    public sealed record PortalKeyView(bool Configured, DateTimeOffset? CreatedAt);

    public sealed record PortalSecretView(string Secret, DateTimeOffset CreatedAt);

    public static IEndpointRouteBuilder MapKefuPortal(this IEndpointRouteBuilder routes)
    {
        var portal = routes.MapGroup("/api/v1/portal").WithTags("Customer portal");
        portal.MapPost("/session", OpenSessionAsync).AllowAnonymous().RequireRateLimiting(PortalSession.RateLimitPolicy).WithName("OpenPortalSession")
            .WithSummary("Exchange a host-signed portal link (workspace, customer external id, expiry, HMAC-SHA256 signature) for a portal session cookie")
            .Accepts<SessionRequest>("application/json").Produces<PortalMeView>().ProducesProblem(StatusCodes.Status401Unauthorized);

        var mine = portal.MapGroup("").RequireAuthorization(PortalSession.Policy).AddEndpointFilter(PortalSession.RequireRequestHeader);
        mine.MapPost("/sign-out", (Delegate)SignOutAsync).WithName("ClosePortalSession");
        mine.MapGet("/me", MeAsync).WithName("PortalMe").WithSummary("The signed-in customer").Produces<PortalMeView>();
        mine.MapGet("/tickets", ListAsync).WithName("PortalListTickets").WithSummary("My tickets, newest first").Produces<Paged<TicketSummaryView>>();
        mine.MapGet("/tickets/{number:long}", GetAsync).WithName("PortalGetTicket").WithSummary("One of my tickets with its public timeline").Produces<TicketView>();
        mine.MapPost("/tickets/{number:long}/messages", AddCustomerMessage.HandleAsync).WithName("PortalAddMessage")
            .WithSummary("Add information to my ticket").Accepts<AddCustomerMessage.Request>("application/json").Produces<MessageView>(StatusCodes.Status201Created);
        mine.MapPost("/tickets/{number:long}/nudge", TicketSlaEndpoints.NudgeAsync).WithName("PortalNudge")
            .WithSummary("Nudge my ticket (催单)").Accepts<TicketSlaEndpoints.NudgeRequest>("application/json").Produces<TicketSlaEndpoints.NudgeResponse>();
        mine.MapPost("/tickets/{number:long}/csat", Csat.CsatEndpoints.RateFromPortalAsync).WithName("PortalRateTicket")
            .WithSummary("Rate my solved ticket (1–5 and a comment); a second answer is 409").Accepts<Csat.CsatEndpoints.RatingRequest>("application/json");

        var admin = routes.MapGroup("/api/v1/admin/portal").WithTags("Admin: customer portal").RequireAuthorization(KefuPolicies.Admin);
        admin.MapGet("/key", KeyStatusAsync).WithName("GetPortalKey").WithSummary("Whether a portal link secret is set, and since when").Produces<PortalKeyView>();
        admin.MapPost("/key", RotateKeyAsync).WithName("RotatePortalKey")
            .WithSummary("Make a new portal link secret (shown only in this answer); links signed with the old one stop working")
            .Produces<PortalSecretView>(StatusCodes.Status201Created);
        return routes;
    }

    private static async Task<IResult> OpenSessionAsync(HttpContext http, KefuDbContext db, IDataProtectionProvider protection, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<SessionRequest>(http.Request, 4 * 1024);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new FieldErrors();
        var slug = errors.Required("workspace", body.Value!.Workspace, 64);
        var externalId = errors.Required("customer", body.Value.Customer, 128);
        var signature = errors.Required("signature", body.Value.Signature, 128);
        if (body.Value.Expires is not { } expires)
        {
            errors.Add("expires", "is required (Unix seconds)");
            expires = 0;
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var found = await (from w in db.Workspaces
                           join k in db.PortalKeys on w.Id equals k.WorkspaceId
                           where w.Slug == slug
                           select new { Workspace = w, k.ProtectedSecret }).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        var now = time.GetUtcNow();
        var verdict = found is null
            ? PortalLinkVerdict.BadSignature
            : PortalLink.Check(Unprotect(protection, found.ProtectedSecret), slug!, externalId!, expires, signature!, now);
        var customer = verdict != PortalLinkVerdict.Valid ? null : await db.Customers.AsNoTracking()
            .FirstOrDefaultAsync(c => c.WorkspaceId == found!.Workspace.Id && c.ExternalId == externalId, cancellationToken);
        if (customer is null)
        {
            return Problems.Status(StatusCodes.Status401Unauthorized, "Link not accepted",
                verdict == PortalLinkVerdict.Expired ? "The link has expired; open the help centre again from the platform." : "The link is not valid.");
        }

        await http.SignInAsync(PortalSession.Scheme, PortalSession.For(customer.WorkspaceId, customer.ExternalId, customer.Name));
        var workspace = found!.Workspace;
        return TypedResults.Ok(new PortalMeView(customer.Name, customer.ExternalId, workspace.Slug, workspace.Name, workspace.TimeZone));
    }

    private static async Task<IResult> SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(PortalSession.Scheme);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> MeAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var externalId = PortalSession.CustomerOf(user);
        var me = await (from c in db.Customers
                        join w in db.Workspaces on c.WorkspaceId equals w.Id
                        where c.WorkspaceId == caller.WorkspaceId && c.ExternalId == externalId
                        select new PortalMeView(c.Name, c.ExternalId, w.Slug, w.Name, w.TimeZone)).FirstOrDefaultAsync(cancellationToken);
        return me is null ? Problems.NotFound("customer") : TypedResults.Ok(me);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, ClaimsPrincipal user, KefuDbContext db, int? page, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        if (Paging.Check(page, null) is { } problem)
        {
            return problem;
        }

        var tickets = TicketAccess.Visible(db, caller, TicketAccess.OnBehalfOf(request)).AsNoTracking();
        var (p, size) = Paging.Normalise(page, null);
        var total = await tickets.CountAsync(cancellationToken);
        var items = await TicketViews.Summaries(db, tickets.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number).Skip((p - 1) * size).Take(size))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new Paged<TicketSummaryView>(items, p, size, total));
    }

    private static async Task<IResult> GetAsync(
        long number, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, WorkspaceCatalog catalogs, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var ticket = await TicketAccess.Visible(db, caller, TicketAccess.OnBehalfOf(request)).AsNoTracking()
            .FirstOrDefaultAsync(t => t.Number == number, cancellationToken);
        if (ticket is null)
        {
            return Problems.NotFound("ticket");
        }

        var catalog = await catalogs.GetAsync(caller.WorkspaceId, cancellationToken);
        return TypedResults.Ok(await TicketViews.LoadAsync(db, ticket, catalog, includeInternal: false, time.GetUtcNow(), cancellationToken));
    }

    private static async Task<IResult> KeyStatusAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var key = await db.PortalKeys.AsNoTracking().FirstOrDefaultAsync(k => k.WorkspaceId == caller.WorkspaceId, cancellationToken);
        return TypedResults.Ok(new PortalKeyView(key is not null, key?.CreatedAt));
    }

    private static async Task<IResult> RotateKeyAsync(ClaimsPrincipal user, KefuDbContext db, IDataProtectionProvider protection, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var now = time.GetUtcNow();
        var secret = "kfp_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var protectedSecret = Convert.ToBase64String(protection.CreateProtector(ProtectorPurpose).Protect(Encoding.UTF8.GetBytes(secret)));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.PortalKeys.Where(k => k.WorkspaceId == caller.WorkspaceId).ExecuteDeleteAsync(cancellationToken);
        db.PortalKeys.Add(new PortalKey { Id = Guid.CreateVersion7(now), WorkspaceId = caller.WorkspaceId, ProtectedSecret = protectedSecret, CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created("/api/v1/admin/portal/key", new PortalSecretView(secret, now));
    }

    /// <summary>The HMAC key is the secret's UTF-8 text, exactly as the admin copied it.</summary>
    private static byte[] Unprotect(IDataProtectionProvider protection, string protectedSecret) =>
        protection.CreateProtector(ProtectorPurpose).Unprotect(Convert.FromBase64String(protectedSecret));

    public static string Link(string baseUrl, string workspace, string externalId, long expires, string signature) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{baseUrl.TrimEnd('/')}/portal?w={Uri.EscapeDataString(workspace)}&c={Uri.EscapeDataString(externalId)}&e={expires}&s={signature}");
}
