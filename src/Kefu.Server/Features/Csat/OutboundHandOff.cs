using Kefu.Server.Storage;

namespace Kefu.Server.Features.Csat;

/// <summary>The body of the signed webhook that asks the host platform to carry out compensation.</summary>
public sealed record CompensationWebhookPayload(
    Guid WorkspaceId, long TicketNumber, Guid CustomerId, Guid? MerchantId, string Kind, decimal Amount, string Currency, string Reason,
    bool PlatformAtFault, string AgentNumber, DateTimeOffset OfferedAt)
{
    public const string Event = "compensation.offered";
}

/// <summary>The survey link for the customer, sent by email or by the host platform's webhook after the delay.</summary>
public sealed record CsatLinkPayload(Guid WorkspaceId, long TicketNumber, Guid CustomerId, int Cycle, string Url, DateTimeOffset IssuedAt)
{
    public const string Event = "csat.link";
}

/// <summary>
/// Where compensation leaves Kefu. The outbox (another branch) delivers outbound webhooks with retries; at merge this
/// writes its outbox row in the same transaction. Until then the offer is on the ticket's timeline and in the reports,
/// and nothing is sent.
/// </summary>
public static class CompensationDelivery
{
    public static void HandOff(WriteScope scope, CompensationWebhookPayload payload)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(payload);
    }
}

/// <summary>Where a survey link leaves Kefu: wired to the outbox at merge (an email or webhook row in this transaction).</summary>
public static class CsatLinkDelivery
{
    public static void HandOff(WriteScope scope, CsatLinkPayload payload)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(payload);
    }
}
