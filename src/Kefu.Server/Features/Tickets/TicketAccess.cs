using Kefu.Domain.Tickets;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Portal;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Tickets;

/// <summary>
/// The one place that decides which tickets a caller may see. Anything outside it answers 404,
/// never 403, so a caller cannot probe whether another workspace's or customer's ticket exists.
/// </summary>
public static class TicketAccess
{
    /// <summary>
    /// The host platform sends this header when it acts for one signed-in customer; the call is then
    /// limited to that customer's tickets.
    /// </summary>
    public const string OnBehalfOfHeader = "Kefu-Customer";

    public static IQueryable<Ticket> Visible(KefuDbContext db, Caller caller, string? onBehalfOf)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(caller);
        var tickets = db.Tickets.Where(t => t.WorkspaceId == caller.WorkspaceId);

        // A merchant's own agent sees that merchant's work only, and loses a ticket once it is in arbitration,
        // where the merchant is a party.
        if (caller.IsAgent && caller.MerchantId is { } merchant)
        {
            tickets = tickets.Where(t => t.MerchantId == merchant && !t.InArbitration);
        }

        // A widget or app session sees its own customer's tickets, whatever else the request says.
        if (caller.IsCustomer)
        {
            var customerId = caller.CustomerId ?? Guid.Empty;
            return tickets.Where(t => t.CustomerId == customerId);
        }

        // A portal session without its customer named (the portal always names it) sees nothing.
        if (caller.Kind == PortalSession.CustomerKind && onBehalfOf is null)
        {
            return tickets.Where(t => false);
        }

        if (!caller.IsAgent && onBehalfOf is not null)
        {
            var customerIds = db.Customers.Where(c => c.WorkspaceId == caller.WorkspaceId && c.ExternalId == onBehalfOf).Select(c => c.Id);
            tickets = tickets.Where(t => customerIds.Contains(t.CustomerId));
        }

        return tickets;
    }

    public static string? OnBehalfOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // A portal customer's own session names the customer; a header could name anyone.
        if (PortalSession.CustomerOf(request.HttpContext.User) is { } own)
        {
            return own;
        }

        string? value = request.Headers[OnBehalfOfHeader];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
