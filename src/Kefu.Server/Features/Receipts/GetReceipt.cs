using System.Security.Claims;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Receipts;

/// <summary>
/// GET /api/v1/tickets/{number}/receipt: the customer's signed contact receipt, under the same
/// access rules as reading the ticket. Nothing is signed for a timeline that no longer verifies.
/// </summary>
public static partial class GetReceipt
{
    public sealed record SignatureShape(string Algorithm, string KeyId, string Value);

    /// <summary>For the API description only: the bytes are written as signed, never re-serialised.</summary>
    public sealed record ReceiptShape(object Document, SignatureShape Signature);

    public static RouteHandlerBuilder Map(RouteGroupBuilder group) =>
        group.MapGet("/{number:long}/receipt", HandleAsync)
            .RequireAuthorization(KefuPolicies.IntegrationOrAgent)
            .WithName("GetTicketReceipt")
            .WithSummary("Download the ticket's signed contact receipt")
            .WithDescription("Keep the file byte for byte: POST /api/v1/receipts/verify, or openssl with the workspace's receipt key, checks it (docs/receipts.md).")
            .Produces<ReceiptShape>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> HandleAsync(
        long number, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, ReceiptKeys keys, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var ticket = await TicketAccess.Visible(db, caller, TicketAccess.OnBehalfOf(request)).AsNoTracking()
            .FirstOrDefaultAsync(t => t.Number == number, cancellationToken);
        if (ticket is null)
        {
            return Problems.NotFound("ticket");
        }

        var logger = loggers.CreateLogger(typeof(GetReceipt));
        var timeline = await TimelineAudit.CheckAsync(db, ticket, cancellationToken);
        if (timeline.Check.Break is { } broken)
        {
            LogTimelineBroken(logger, number, broken.Sequence, broken.Reason);
            return Problems.Conflict($"The ticket's timeline does not verify ({broken.Reason}), so no receipt can be signed for it. The operator has been alerted.");
        }

        var workspace = await db.Workspaces.AsNoTracking().FirstAsync(w => w.Id == ticket.WorkspaceId, cancellationToken);
        var key = await keys.CurrentAsync(ticket.WorkspaceId, cancellationToken);
        var document = await ReceiptDocument.BuildAsync(db, ticket, workspace, timeline, key.KeyId, time.GetUtcNow(), cancellationToken);
        byte[] signature;
        try
        {
            signature = keys.Sign(key, document);
        }
        catch (SigningKeyUnavailableException ex)
        {
            LogKeyUnavailable(logger, ex, key.KeyId);
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Receipt signing unavailable",
                "This server cannot unlock the workspace's signing key right now. Try again later.");
        }

        var receipt = new ReceiptEnvelope(document, ReceiptKeys.Algorithm, key.KeyId, signature).ToBytes();
        return new FileResult(receipt, $"kefu-receipt-{workspace.Slug}-{ticket.Number}.json");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Ticket {Number}: timeline broken at entry {Sequence}: {Reason}")]
    private static partial void LogTimelineBroken(ILogger logger, long number, int sequence, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Receipt signing key {KeyId} cannot be unprotected; is the data-protection key ring shared with the node that made it?")]
    private static partial void LogKeyUnavailable(ILogger logger, Exception exception, string keyId);

    private sealed class FileResult(byte[] body, string fileName) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            httpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            httpContext.Response.Headers.CacheControl = "no-store";
            await httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted);
        }
    }
}
