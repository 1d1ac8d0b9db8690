using Kefu.Domain.Customers;
using Kefu.Server.Features.CustomerNotifications;
using Kefu.Server.Features.Outbox;
using Kefu.Server.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Outbox;

public sealed class OutboxTests(OutboxApps apps) : IClassFixture<OutboxApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CommittedReply_WhoseDeliveryNeverRan_IsDeliveredAfterRestart(Provider provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var first = await KefuApp.StartAsync(provider, OutboxApps.With(("Outbox:Enabled", "false")), null);
        KefuApp? second = null;
        try
        {
            var ws = await first.CreateWorkspaceAsync();
            long number;
            string secret;
            using (var admin = await ws.SignedInAsync(ws.Admin))
            using (var agent = await ws.SignedInAsync(ws.Agent))
            using (var platform = ws.Integration())
            {
                (_, secret) = await WebhookTests.CreateEndpointAsync(admin, receiver.Url, "message.agent_reply");
                number = await platform.CreateTicketAsync();
                (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "重启前提交的回复" })).StatusCode.ShouldBe(HttpStatusCode.Created);
            }

            // The customer has an email address, so the reply also has an email row; this test follows the webhook.
            var pending = (await OutboxApps.RowsAsync(first, ws.Workspace.Id)).Where(r => r.Kind == Kefu.Server.Features.Webhooks.WebhookDelivery.KindName).ToList();
            pending.Count.ShouldBe(1);
            pending[0].DeliveredAt.ShouldBeNull();
            await first.DisposeAsyncKeepingDatabase();
            receiver.Received.ShouldBeEmpty();

            second = first.Restart(OutboxApps.Fast);
            var received = await receiver.WaitForAsync(r => r.Count >= 1);
            received.Single().IsSignedWith(secret).ShouldBeTrue();
            received.Single().Json.GetProperty("data").GetProperty("message").GetProperty("body").GetString().ShouldBe("重启前提交的回复");
            received.Single().IdempotencyKey.ShouldBe(pending[0].IdempotencyKey);
            await OutboxApps.WaitForRowsAsync(second, ws.Workspace.Id, rows => rows.All(r => r.DeliveredAt is not null));
        }
        finally
        {
            if (second is not null)
            {
                await second.DisposeAsyncKeepingDatabase();
            }

            await first.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task RejectedWrites_InTheSameBatchAsGoodOnes_SendNothing(Provider provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        using var agent = await ws.SignedInAsync(ws.Agent);
        await WebhookTests.CreateEndpointAsync(admin, receiver.Url, "message.agent_reply", "ticket.solved");
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();

        // Good and bad replies together, so some share a batch that is rolled back and replayed write by write.
        var writes = Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = $"好的回复 {i}" })
            : agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = $"坏的回复 {i}", attachmentIds = new[] { Guid.NewGuid() } }));
        var answers = await Task.WhenAll(writes);
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(10);
        answers.Count(a => a.StatusCode == HttpStatusCode.BadRequest).ShouldBe(10);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "closed" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        await receiver.WaitForAsync(r => r.Count >= 10);
        await Task.Delay(500);
        receiver.Received.Count.ShouldBe(10);
        receiver.Received.ShouldAllBe(w => System.Text.Encoding.UTF8.GetString(w.Body).Contains("好的回复"));
        (await OutboxApps.RowsAsync(ws.App, ws.Workspace.Id)).Count(r => r.Kind == "webhook").ShouldBe(10);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task TwoDeliverers_OnOneDatabase_DeliverEachMessageOnce(Provider provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromMilliseconds(20);
        var first = await KefuApp.StartAsync(provider, OutboxApps.With(("Outbox:Enabled", "false")), null);
        KefuApp? second = null;
        KefuApp? third = null;
        try
        {
            var ws = await first.CreateWorkspaceAsync();
            using (var admin = await ws.SignedInAsync(ws.Admin))
            {
                await WebhookTests.CreateEndpointAsync(admin, receiver.Url, "ticket.created");
            }

            using (var platform = ws.Integration())
            {
                await Task.WhenAll(Enumerable.Range(0, 40).Select(i => platform.CreateTicketAsync(Api.NewTicket(externalId: $"u-{i}"))));
            }

            (await OutboxApps.RowsAsync(first, ws.Workspace.Id)).Count.ShouldBe(40);
            var busy = OutboxApps.With(("Outbox:BatchSize", "3"), ("Outbox:Parallelism", "2"));
            var starting = new[] { Task.Run(() => first.Restart(busy)), Task.Run(() => first.Restart(busy)) };
            var nodes = await Task.WhenAll(starting);
            (second, third) = (nodes[0], nodes[1]);

            await receiver.WaitForAsync(r => r.Count >= 40);
            await OutboxApps.WaitForRowsAsync(second, ws.Workspace.Id, rows => rows.All(r => r.DeliveredAt is not null));
            await Task.Delay(500);
            receiver.Received.Count.ShouldBe(40);
            receiver.Received.Select(r => r.IdempotencyKey).Distinct().Count().ShouldBe(40);
            (await OutboxApps.RowsAsync(second, ws.Workspace.Id)).ShouldAllBe(r => r.Attempts == 1);
        }
        finally
        {
            foreach (var node in new[] { second, third })
            {
                if (node is not null)
                {
                    await node.DisposeAsyncKeepingDatabase();
                }
            }

            await first.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task NothingSubscribed_IntakeAndNotes_WriteNoOutboxRows(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var agent = await ws.SignedInAsync(ws.Agent);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();
        await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-2"));
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/notes", new { body = "内部备注" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await OutboxApps.RowsAsync(ws.App, ws.Workspace.Id)).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task AgentReplyAndSolve_CustomerWithEmailAndWeChat_GetEmailAndChannelNotices(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var agent = await ws.SignedInAsync(ws.Agent);
        using var platform = ws.Integration();
        var externalId = "wx-" + Guid.NewGuid().ToString("N")[..8];
        var number = await platform.CreateTicketAsync(new
        {
            customer = new { externalId, name = "陈晓明", email = "chen@example.com" },
            subject = "退款一直没有到账", description = "11月12日申请的退款，到现在还没有到账。", category = "refund", channel = "wechat",
        });
        await using (var db = ws.App.Db())
        {
            var customer = await db.Customers.FirstAsync(c => c.WorkspaceId == ws.Workspace.Id && c.ExternalId == externalId);
            db.CustomerIdentities.Add(new CustomerIdentity { Id = Guid.NewGuid(), CustomerId = customer.Id, WorkspaceId = ws.Workspace.Id, Kind = IdentityKind.WeChatOpenId, Handle = "oOPENID123" });
            await db.SaveChangesAsync();
        }

        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "已为您加急处理。" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/notes", new { body = "内部备注" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var rows = await OutboxApps.WaitForRowsAsync(ws.App, ws.Workspace.Id, r => r.Count == 4 && r.All(m => m.DeliveredAt is not null));
        var emails = rows.Where(r => r.Kind == "email").Select(OutboxPayloads.Read<EmailNotice>).ToList();
        var wechats = rows.Where(r => r.Kind == "wechat").Select(OutboxPayloads.Read<ChannelNotice>).ToList();
        emails.Select(e => e.Event).ShouldBe(["message.agent_reply", "ticket.solved"]);
        wechats.Select(e => e.Event).ShouldBe(["message.agent_reply", "ticket.solved"]);

        var reply = emails[0];
        reply.To.ShouldBe("chen@example.com");
        reply.Subject.ShouldContain($"#{number}");
        reply.TicketNumber.ShouldBe(number);
        reply.AgentNumber.ShouldBe("9002");
        reply.AgentName.ShouldBe("李娜");
        reply.Text.ShouldContain("已为您加急处理。");
        reply.Text.ShouldContain("工号 9002");
        reply.MessageId.ShouldNotBeNull();
        emails[1].Text.ShouldContain("已解决");
        wechats[0].Handle.ShouldBe("oOPENID123");
        wechats[0].Text.ShouldContain("已为您加急处理。");
        rows.ShouldAllBe(r => !r.Payload.Contains("内部备注"));
        OutboxApps.Recorder(ws.App, "email").Sent.Count(m => m.WorkspaceId == ws.Workspace.Id).ShouldBe(2);
    }
}
