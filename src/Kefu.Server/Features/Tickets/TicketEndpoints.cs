using Kefu.Server.Features.Attachments;
using Kefu.Server.Features.Classification;
using Kefu.Server.Features.Routing;
using Kefu.Server.Features.Sla;

namespace Kefu.Server.Features.Tickets;

public static class TicketEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var tickets = routes.MapGroup("/api/v1/tickets").WithTags("Tickets");
        CreateTicket.Map(tickets);
        ListTickets.Map(tickets);
        GetTicket.Map(tickets);
        AddCustomerMessage.Map(tickets);
        AgentTicketActions.Map(tickets);
        AttachmentEndpoints.Map(tickets);
        TicketSlaEndpoints.Map(tickets);
        RoutingEndpoints.Map(routes, tickets);
        Arbitration.Map(tickets);
        UrgentLane.Map(tickets);
        ClassifierEndpoints.Map(routes, tickets);
        ListCustomerTickets.Map(routes);
    }
}
