using Kefu.Domain.Tickets;

namespace Kefu.Domain.Webhooks;

/// <summary>The events an endpoint can subscribe to, and which timeline entries raise them.</summary>
public static class WebhookEvents
{
    public const string TicketCreated = "ticket.created";
    public const string AgentReply = "message.agent_reply";
    public const string StatusChanged = "ticket.status_changed";
    public const string InfoRequested = "ticket.info_requested";
    public const string Solved = "ticket.solved";
    public const string ProactiveSent = "proactive.sent";

    /// <summary>A satisfaction survey link is due for the customer (send it by SMS or app push).</summary>
    public const string CsatLink = "csat.link";

    /// <summary>An agent offered compensation the host platform carries out (coupon, priority access, refund).</summary>
    public const string CompensationOffered = "compensation.offered";

    /// <summary>A merchant's complaints jumped against its own baseline and the platform's (企业端预警); raised once per jump.</summary>
    public const string MerchantComplaintsJumped = "merchant.complaints_jumped";

    /// <summary>The timeline kind of a proactive message; its webhook event has the same name.</summary>
    public const string ProactiveKind = ProactiveSent;

    public static readonly IReadOnlyList<string> All = [TicketCreated, AgentReply, StatusChanged, InfoRequested, Solved, ProactiveSent, CsatLink, CompensationOffered, MerchantComplaintsJumped];

    public static bool IsKnown(string eventType) => All.Contains(eventType);

    /// <summary>
    /// The events one timeline entry raises. Internal entries (notes, routing) raise none; a status change raises
    /// <see cref="StatusChanged"/> and, for the statuses a host platform usually acts on, a more specific event too.
    /// </summary>
    public static IReadOnlyList<string> Raised(string timelineKind, bool isPublic, TicketStatus? statusTo)
    {
        if (!isPublic)
        {
            return [];
        }

        return timelineKind switch
        {
            AuditKinds.TicketCreated => [TicketCreated],
            AuditKinds.AgentReply => [AgentReply],
            ProactiveKind => [ProactiveSent],
            AuditKinds.StatusChanged => statusTo switch
            {
                { } to when TicketLifecycle.IsPendingOnCustomer(to) => [StatusChanged, InfoRequested],
                TicketStatus.Solved => [StatusChanged, Solved],
                _ => [StatusChanged],
            },
            _ => [],
        };
    }
}
