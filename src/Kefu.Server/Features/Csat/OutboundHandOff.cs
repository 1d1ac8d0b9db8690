using System.Text.Json;
using System.Text.Json.Nodes;
using Kefu.Server.Features.Outbox;
using Kefu.Server.Features.Webhooks;
using Kefu.Server.Storage;

namespace Kefu.Server.Features.Csat;

/// <summary>The body of the signed webhook that asks the host platform to carry out compensation.</summary>
public sealed record CompensationWebhookPayload(
    Guid WorkspaceId, long TicketNumber, Guid CustomerId, Guid? MerchantId, string Kind, decimal Amount, string Currency, string Reason,
    bool PlatformAtFault, string AgentNumber, DateTimeOffset OfferedAt)
{
    public const string Event = Kefu.Domain.Webhooks.WebhookEvents.CompensationOffered;
}

/// <summary>The survey link for the customer, sent by email or by the host platform's webhook after the delay.</summary>
public sealed record CsatLinkPayload(Guid WorkspaceId, long TicketNumber, Guid CustomerId, int Cycle, string Url, DateTimeOffset IssuedAt)
{
    public const string Event = Kefu.Domain.Webhooks.WebhookEvents.CsatLink;
}

/// <summary>
/// Where compensation and survey links leave Kefu: as signed webhooks to the host platform (which carries out the
/// refund or coupon, or forwards the link by SMS or app push), written to the outbox in the caller's transaction.
/// </summary>
public sealed class QualityWebhooks(WebhookOutbox webhooks)
{
    public Task<int> CompensationAsync(WriteScope scope, CompensationWebhookPayload payload)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(payload);
        return webhooks.RaiseAsync(scope.Db, payload.WorkspaceId, CompensationWebhookPayload.Event, Data(payload), payload.OfferedAt, scope.CancellationToken);
    }

    public Task<int> CsatLinkAsync(WriteScope scope, CsatLinkPayload payload)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(payload);
        return webhooks.RaiseAsync(scope.Db, payload.WorkspaceId, CsatLinkPayload.Event, Data(payload), payload.IssuedAt, scope.CancellationToken);
    }

    private static JsonObject Data<T>(T payload) => JsonSerializer.SerializeToNode(payload, OutboxPayloads.Json)!.AsObject();
}
