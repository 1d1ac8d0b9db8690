using System.Text.Json;
using Kefu.Server.Tests.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Webhooks;

public sealed class WebhookTests(OutboxApps apps) : IClassFixture<OutboxApps>
{
    private static readonly string[] CreatedOnly = ["ticket.created"];
    private static readonly string[] Unknown = ["ticket.exploded"];
    private static readonly string[] SolvedAndProactive = ["ticket.solved", "proactive.sent"];

    public static readonly string[] TicketEvents = ["ticket.created", "message.agent_reply", "ticket.status_changed", "ticket.info_requested", "ticket.solved"];

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task TicketLifecycle_SubscribedEndpoint_ReceivesEachEventSignedOnce(Provider provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        using var agent = await ws.SignedInAsync(ws.Agent);
        var (_, secret) = await CreateEndpointAsync(admin, receiver.Url, TicketEvents);
        using var platform = ws.Integration();

        var number = await platform.CreateTicketAsync();
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "您好，退款已提交，请补充订单截图。" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/notes", new { body = "内部备注-不可外发" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "waitingOnCustomer" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var received = await receiver.WaitForAsync(r => r.Any(w => w.Event == "ticket.solved") && r.Any(w => w.Event == "ticket.info_requested"));
        await Task.Delay(300);
        received = [.. receiver.Received];
        received.ShouldAllBe(w => w.IsSignedWith(secret));
        received.Select(w => w.IdempotencyKey).Distinct().Count().ShouldBe(received.Count, "each delivery once");
        received.Select(w => w.Event).ShouldContain("ticket.created");
        received.Count(w => w.Event == "message.agent_reply").ShouldBe(1);
        received.Count(w => w.Event == "ticket.solved").ShouldBe(1);
        received.ShouldAllBe(w => !System.Text.Encoding.UTF8.GetString(w.Body).Contains("内部备注"));

        var reply = received.Single(w => w.Event == "message.agent_reply").Json;
        reply.GetProperty("type").GetString().ShouldBe("message.agent_reply");
        reply.GetProperty("id").GetString().ShouldBe(received.Single(w => w.Event == "message.agent_reply").EventId);
        var data = reply.GetProperty("data");
        data.GetProperty("ticket").GetProperty("number").GetInt64().ShouldBe(number);
        data.GetProperty("ticket").GetProperty("customerExternalId").GetString().ShouldBe("u-1001");
        data.GetProperty("message").GetProperty("body").GetString().ShouldBe("您好，退款已提交，请补充订单截图。");
        data.GetProperty("message").GetProperty("agentNumber").GetString().ShouldBe("9002");
        data.GetProperty("message").GetProperty("agentName").GetString().ShouldBe("李娜");
        received.Single(w => w.Event == "ticket.solved").Json.GetProperty("data").GetProperty("statusChange").GetProperty("to").GetString().ShouldBe("solved");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task FailingReceiver_TwiceThenOk_IsDeliveredOnTheThirdAttemptAfterBackOff(Provider provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = call => call <= 2 ? 500 : 200;
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        var (endpointId, secret) = await CreateEndpointAsync(admin, receiver.Url, "ticket.created");
        using var platform = ws.Integration();
        await platform.CreateTicketAsync();

        var calls = await receiver.WaitForAsync(r => r.Count >= 3);
        calls.Count.ShouldBe(3);
        calls.Select(c => c.IdempotencyKey).Distinct().Count().ShouldBe(1, "every attempt carries the same idempotency key");
        calls.Select(c => c.EventId).Distinct().Count().ShouldBe(1);
        calls.ShouldAllBe(c => c.IsSignedWith(secret));

        // First retry after 200-400 ms, the second after 400-800 ms (equal jitter over 400 ms doubling).
        var firstGap = TimeSpan.FromSeconds((calls[1].At - calls[0].At) / (double)System.Diagnostics.Stopwatch.Frequency);
        var secondGap = TimeSpan.FromSeconds((calls[2].At - calls[1].At) / (double)System.Diagnostics.Stopwatch.Frequency);
        firstGap.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(180));
        secondGap.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(380));

        var delivery = await WaitForDeliveryAsync(admin, endpointId, d => d.GetProperty("state").GetString() == "delivered");
        delivery.GetProperty("attempts").GetInt32().ShouldBe(3);
        var log = delivery.GetProperty("log").EnumerateArray().ToList();
        log.Select(a => a.GetProperty("statusCode").GetInt32()).ShouldBe([500, 500, 200]);
        log[0].GetProperty("response").GetString().ShouldBe("receiver broke on purpose");
        log[0].GetProperty("error").GetString()!.ShouldContain("500");
        log[2].GetProperty("succeeded").GetBoolean().ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task AlwaysFailingReceiver_IsDeadLetteredAfterMaxAttempts_AndCanBeRedelivered(Provider provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = call => call <= 3 ? 503 : 200;
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        var (endpointId, _) = await CreateEndpointAsync(admin, receiver.Url, "ticket.created");
        using var platform = ws.Integration();
        await platform.CreateTicketAsync();

        var dead = await WaitForDeliveryAsync(admin, endpointId, d => d.GetProperty("state").GetString() == "deadLettered");
        dead.GetProperty("attempts").GetInt32().ShouldBe(3);
        dead.GetProperty("lastError").GetString()!.ShouldContain("503");
        await Task.Delay(500);
        receiver.Received.Count.ShouldBe(3, "nothing more is tried once dead-lettered");

        var redeliver = await admin.PostAsync($"/api/v1/admin/webhooks/{endpointId}/deliveries/{dead.GetProperty("id").GetGuid()}/redeliver", null);
        redeliver.StatusCode.ShouldBe(HttpStatusCode.Accepted, await redeliver.Content.ReadAsStringAsync());
        var calls = await receiver.WaitForAsync(r => r.Count >= 4);
        calls[3].EventId.ShouldBe(calls[0].EventId, "a redelivery is the same event");
        await WaitForDeliveryAsync(admin, endpointId, d => d.GetProperty("state").GetString() == "delivered");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task BadEndpoints_AreRefusedWithProblemDetails_AndNothingIsStored(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        foreach (var url in new[] { "ftp://hooks.example.com/x", "javascript:alert(1)", "not a url", "//hooks.example.com/x", "https://user:pw@hooks.example.com/x" })
        {
            await (await admin.PostAsJsonAsync("/api/v1/admin/webhooks", new { url, events = CreatedOnly })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "url");
        }

        await (await admin.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = "https://hooks.example.com/x", events = Unknown }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "events");
        await (await admin.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = "https://hooks.example.com/x", events = Array.Empty<string>() }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "events");
        await (await admin.PostAsync("/api/v1/admin/webhooks", new StringContent("{\"url\":", System.Text.Encoding.UTF8, "application/json")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        await using var db = ws.App.Db();
        (await db.WebhookEndpoints.CountAsync(e => e.WorkspaceId == ws.Workspace.Id)).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Endpoints_AreManagedByAdminsOnly_AndTheSecretIsShownOnce(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        using var agent = await ws.SignedInAsync(ws.Agent);
        using var platform = ws.Integration();
        var body = new { url = "https://hooks.example.com/kefu", events = new[] { "ticket.created" } };
        foreach (var client in new[] { agent, platform })
        {
            (await client.GetAsync("/api/v1/admin/webhooks")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await client.PostAsJsonAsync("/api/v1/admin/webhooks", body)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        var (id, secret) = await CreateEndpointAsync(admin, body.url, body.events);
        secret.ShouldStartWith("whsec_");
        (await agent.DeleteAsync($"/api/v1/admin/webhooks/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var listed = await (await admin.GetAsync("/api/v1/admin/webhooks")).Content.ReadAsStringAsync();
        listed.ShouldContain(id.ToString());
        listed.ShouldNotContain(secret);

        var update = await admin.PutAsJsonAsync($"/api/v1/admin/webhooks/{id}", new { isActive = false, events = SolvedAndProactive });
        update.StatusCode.ShouldBe(HttpStatusCode.OK, await update.Content.ReadAsStringAsync());
        var view = await update.JsonAsync();
        view.GetProperty("isActive").GetBoolean().ShouldBeFalse();
        view.GetProperty("events").GetArrayLength().ShouldBe(2);
        (await admin.DeleteAsync($"/api/v1/admin/webhooks/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.GetAsync($"/api/v1/admin/webhooks/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    public static async Task<(Guid Id, string Secret)> CreateEndpointAsync(HttpClient admin, string url, params string[] events)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var response = await admin.PostAsJsonAsync("/api/v1/admin/webhooks", new { url, events, description = "host platform" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var json = await response.JsonAsync();
        return (json.GetProperty("endpoint").GetProperty("id").GetGuid(), json.GetProperty("secret").GetString()!);
    }

    private static async Task<JsonElement> WaitForDeliveryAsync(HttpClient admin, Guid endpointId, Func<JsonElement, bool> done)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            var deliveries = await (await admin.GetAsync($"/api/v1/admin/webhooks/{endpointId}/deliveries")).JsonAsync();
            var found = deliveries.EnumerateArray().Where(done).ToList();
            if (found.Count > 0)
            {
                return found[0];
            }

            System.Diagnostics.Stopwatch.GetElapsedTime(started).ShouldBeLessThan(TimeSpan.FromSeconds(20), deliveries.ToString());
            await Task.Delay(100);
        }
    }
}
