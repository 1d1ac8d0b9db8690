using Kefu.Server.Tests.Outbox;

namespace Kefu.Server.Tests.Webhooks;

/// <summary>Compensation leaves Kefu as a signed webhook the host platform carries out, written with the offer.</summary>
public sealed class QualityWebhookTests(OutboxApps apps) : IClassFixture<OutboxApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CompensationOffered_ReachesTheHostPlatformSigned_WithWhatToCarryOut(Provider provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        using var agent = await ws.SignedInAsync(ws.Agent);
        var (_, secret) = await WebhookTests.CreateEndpointAsync(admin, receiver.Url, "compensation.offered");
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();

        var offer = await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/compensations",
            new { kind = "coupon", amount = 20m, currency = "CNY", reason = "发货延误，平台责任", platformAtFault = true });
        offer.StatusCode.ShouldBe(HttpStatusCode.Created, await offer.Content.ReadAsStringAsync());

        var received = (await receiver.WaitForAsync(r => r.Count >= 1)).ShouldHaveSingleItem();
        received.IsSignedWith(secret).ShouldBeTrue();
        received.Event.ShouldBe("compensation.offered");
        var data = received.Json.GetProperty("data");
        data.GetProperty("ticketNumber").GetInt64().ShouldBe(number);
        data.GetProperty("kind").GetString().ShouldBe("coupon");
        data.GetProperty("amount").GetDecimal().ShouldBe(20m);
        data.GetProperty("platformAtFault").GetBoolean().ShouldBeTrue();
        data.GetProperty("agentNumber").GetString().ShouldBe(ws.Agent.AgentNumber);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CompensationRefused_AsBadInput_SendsNothing(Provider provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        using var agent = await ws.SignedInAsync(ws.Agent);
        await WebhookTests.CreateEndpointAsync(admin, receiver.Url, "compensation.offered");
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();

        await (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/compensations", new { kind = "gold", amount = -5m, reason = "" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        await Task.Delay(1500);
        receiver.Received.ShouldBeEmpty();
        (await OutboxApps.RowsAsync(ws.App, ws.Workspace.Id)).ShouldNotContain(r => r.Kind == "webhook");
    }
}
