using System.Text.Json;
using Kefu.Server.Tests.Outbox;
using Kefu.Server.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Proactive;

public sealed class ProactiveTests(OutboxApps apps) : IClassFixture<OutboxApps>
{
    private static readonly string[] OneCustomer = ["c-1"];
    private static readonly string[] BlankCustomer = [""];

    private const string Guide = "求职防骗提醒：任何要求先交押金、培训费的“工作”都是骗局。";

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Campaign_SendsOncePerCustomer_OnTheirTimeline_AndReportsProgress(Provider provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        using var agent = await ws.SignedInAsync(ws.Agent);
        var (_, secret) = await WebhookTests.CreateEndpointAsync(admin, receiver.Url, "proactive.sent");
        using var platform = ws.Integration();
        var open = await platform.CreateTicketAsync(Api.NewTicket(externalId: "seeker-1"));
        var solved = await platform.CreateTicketAsync(Api.NewTicket(externalId: "seeker-2"));
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{solved}/status", new { status = "open" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{solved}/status", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var request = new { campaignKey = "anti-scam-2026-11", subject = "求职防骗指南", body = Guide, customers = new[] { "seeker-1", "seeker-2", "nobody", "seeker-1" } };
        var first = await platform.PostAsJsonAsync("/api/v1/proactive", request);
        first.StatusCode.ShouldBe(HttpStatusCode.Accepted, await first.Content.ReadAsStringAsync());
        (await first.JsonAsync()).GetProperty("added").GetInt32().ShouldBe(3);

        var progress = await WaitForProgressAsync(platform, "anti-scam-2026-11", p => p.GetProperty("queued").GetInt32() == 0);
        progress.GetProperty("total").GetInt32().ShouldBe(3);
        progress.GetProperty("sent").GetInt32().ShouldBe(2);
        progress.GetProperty("failed").GetInt32().ShouldBe(1);
        progress.GetProperty("failures")[0].GetProperty("customerExternalId").GetString().ShouldBe("nobody");

        var again = await admin.PostAsJsonAsync("/api/v1/proactive", request);
        again.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var repeated = await again.JsonAsync();
        repeated.GetProperty("added").GetInt32().ShouldBe(0);
        repeated.GetProperty("alreadyListed").GetInt32().ShouldBe(3);

        var hooks = await receiver.WaitForAsync(r => r.Count >= 2);
        await Task.Delay(500);
        receiver.Received.Count.ShouldBe(2, "one proactive.sent per customer, however often the call is repeated");
        hooks.ShouldAllBe(h => h.IsSignedWith(secret));
        hooks.Select(h => h.Json.GetProperty("data").GetProperty("campaign").GetString()).ShouldAllBe(c => c == "anti-scam-2026-11");

        var onOpen = await (await platform.GetAsync($"/api/v1/tickets/{open}")).JsonAsync();
        onOpen.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("body").GetString() == Guide).ShouldBe(1);

        await using var db = ws.App.Db();
        var sent = await db.Messages.Where(m => m.WorkspaceId == ws.Workspace.Id && m.Body == Guide).ToListAsync();
        sent.Count.ShouldBe(2);
        sent.ShouldAllBe(m => m.VerificationCode != null);
        var fresh = await db.Tickets.SingleAsync(t => t.WorkspaceId == ws.Workspace.Id && t.Subject == "求职防骗指南");
        fresh.Status.ShouldBe(Kefu.Domain.Tickets.TicketStatus.WaitingOnCustomer, "the solved ticket stays solved; a new one waits on the customer");
        fresh.Number.ShouldNotBe(solved);
        var emails = (await OutboxApps.RowsAsync(ws.App, ws.Workspace.Id)).Count(r => r.Kind == "email" && r.Payload.Contains("proactive.sent"));
        emails.ShouldBe(2, "each customer is told by email too");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task BadCampaigns_AreRefusedWithProblemDetails_AndNothingIsStored(Provider provider)
    {
        // The sender stays off: this test is about what a call stores, not about sending ten thousand failures.
        await using var app = await KefuApp.StartAsync(provider, OutboxApps.With(("Proactive:Sender:Enabled", "false")), null);
        var ws = await app.CreateWorkspaceAsync();
        using var platform = ws.Integration();
        using var agent = await ws.SignedInAsync(ws.Agent);
        var tooMany = Enumerable.Range(0, 10_001).Select(i => $"c-{i}").ToArray();
        await (await platform.PostAsJsonAsync("/api/v1/proactive", new { campaignKey = "big", subject = "延误通知", body = "您的订单将延迟发货。", customers = tooMany }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "customers");
        await (await platform.PostAsJsonAsync("/api/v1/proactive", new { subject = "延误通知", body = "您的订单将延迟发货。", customers = OneCustomer }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "campaignKey");
        await (await platform.PostAsJsonAsync("/api/v1/proactive", new { campaignKey = "k", subject = "延误通知", body = "", customers = OneCustomer }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "body");
        await (await platform.PostAsJsonAsync("/api/v1/proactive", new { campaignKey = "k", subject = "延误通知", body = "x", customers = BlankCustomer }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "customers");
        (await agent.PostAsJsonAsync("/api/v1/proactive", new { campaignKey = "k", subject = "s", body = "x", customers = OneCustomer }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        await using (var db = ws.App.Db())
        {
            (await db.ProactiveCampaigns.CountAsync(c => c.WorkspaceId == ws.Workspace.Id)).ShouldBe(0);
            (await db.ProactiveRecipients.CountAsync(c => c.WorkspaceId == ws.Workspace.Id)).ShouldBe(0);
        }

        (await platform.PostAsJsonAsync("/api/v1/proactive", new { campaignKey = "delay-1", subject = "延误通知", body = "您的订单将延迟发货。", customers = tooMany[..10_000] }))
            .StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await (await platform.PostAsJsonAsync("/api/v1/proactive", new { campaignKey = "delay-1", subject = "延误通知", body = "改过的正文", customers = OneCustomer }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await using (var db = ws.App.Db())
        {
            (await db.ProactiveRecipients.CountAsync(c => c.WorkspaceId == ws.Workspace.Id)).ShouldBe(10_000);
        }

        var progress = await (await platform.GetAsync("/api/v1/proactive/delay-1")).JsonAsync();
        progress.GetProperty("total").GetInt32().ShouldBe(10_000);
        progress.GetProperty("queued").GetInt32().ShouldBe(10_000);
        (await platform.GetAsync("/api/v1/proactive/no-such-campaign")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static async Task<JsonElement> WaitForProgressAsync(HttpClient client, string key, Func<JsonElement, bool> done)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            var response = await client.GetAsync($"/api/v1/proactive/{key}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var progress = await response.JsonAsync();
            if (done(progress))
            {
                return progress;
            }

            System.Diagnostics.Stopwatch.GetElapsedTime(started).ShouldBeLessThan(TimeSpan.FromSeconds(60), progress.ToString());
            await Task.Delay(200);
        }
    }
}
