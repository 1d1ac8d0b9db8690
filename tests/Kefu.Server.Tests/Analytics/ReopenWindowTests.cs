using System.Text.Json;
using Kefu.Domain.Analytics;
using Kefu.Domain.Csat;
using Kefu.Server.Tests.Channels;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Analytics;

/// <summary>A customer's reply to a solved ticket: within the reopen window it reopens; after it, or when closed, a new linked ticket opens.</summary>
public sealed class ReopenWindowTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private static async Task SolveAsync(HttpClient agent, long number)
    {
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "已为您处理。" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task SetReopenWindowAsync(TestWorkspace ws, TimeSpan window)
    {
        await using var db = ws.App.Db();
        var settings = await db.QualitySettings.FirstOrDefaultAsync(s => s.WorkspaceId == ws.Workspace.Id);
        if (settings is null)
        {
            db.QualitySettings.Add(new QualitySettings { WorkspaceId = ws.Workspace.Id, ReopenWindow = window });
        }
        else
        {
            settings.ReopenWindow = window;
        }

        await db.SaveChangesAsync();
    }

    private static async Task<JsonElement> TicketAsync(HttpClient client, long number) => await (await client.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CustomerReply_WithinWindow_ReopensTheTicketAndRecordsAReopenFact(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var agent = await ws.SignedInAsync(ws.Agent);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();
        await SolveAsync(agent, number);

        var reply = await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "还是没有收到退款" });

        reply.StatusCode.ShouldBe(HttpStatusCode.Created, await reply.Content.ReadAsStringAsync());
        reply.Headers.Location!.ToString().ShouldStartWith($"/api/v1/tickets/{number}#");
        var ticket = await TicketAsync(agent, number);
        ticket.GetProperty("status").GetString().ShouldBe("open");
        ticket.GetProperty("links").GetArrayLength().ShouldBe(0);
        await using var db = ws.App.Db();
        (await db.TicketFacts.CountAsync(f => f.WorkspaceId == ws.Workspace.Id && f.TicketNumber == number && f.Kind == FactKind.Reopened)).ShouldBe(1);
        (await db.Tickets.CountAsync(t => t.WorkspaceId == ws.Workspace.Id)).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CustomerReply_AfterWindow_OpensANewTicketLinkedBothWays(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var agent = await ws.SignedInAsync(ws.Agent);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();
        await SolveAsync(agent, number);
        await SetReopenWindowAsync(ws, TimeSpan.Zero);

        var reply = await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "上次的问题又出现了，订单还是没退款" });

        reply.StatusCode.ShouldBe(HttpStatusCode.Created, await reply.Content.ReadAsStringAsync());
        var location = reply.Headers.Location!.ToString();
        location.ShouldNotStartWith($"/api/v1/tickets/{number}#");
        var followOn = long.Parse(location["/api/v1/tickets/".Length..location.IndexOf('#', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        var earlier = await TicketAsync(agent, number);
        earlier.GetProperty("status").GetString().ShouldBe("solved", "a reply past the window does not reopen");
        earlier.GetProperty("links")[0].GetProperty("number").GetInt64().ShouldBe(followOn);
        earlier.GetProperty("links")[0].GetProperty("relation").GetString().ShouldBe("continuedBy");
        var opened = await TicketAsync(agent, followOn);
        opened.GetProperty("links")[0].GetProperty("number").GetInt64().ShouldBe(number);
        opened.GetProperty("links")[0].GetProperty("relation").GetString().ShouldBe("continues");
        opened.GetProperty("category").GetString().ShouldBe("refund");
        opened.GetProperty("messages")[0].GetProperty("body").GetString().ShouldBe("上次的问题又出现了，订单还是没退款");
        var customerView = await TicketAsync(platform, followOn);
        customerView.GetProperty("links").GetArrayLength().ShouldBe(1, "the customer's side sees the link too");

        await using var db = ws.App.Db();
        (await db.TicketFacts.CountAsync(f => f.WorkspaceId == ws.Workspace.Id && f.Kind == FactKind.Reopened)).ShouldBe(0);
        (await db.TicketFacts.CountAsync(f => f.WorkspaceId == ws.Workspace.Id && f.Kind == FactKind.Created)).ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task ChannelMessage_AfterWindow_OpensANewLinkedTicket_WithinWindowReopens(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var agent = await ws.SignedInAsync(ws.Agent);
        var (key, secret) = await WebhookChannelTests.CreateChannelAsync(ws);
        using var gateway = ws.App.CreateClient();
        async Task<long> SendAsync(string id, string text)
        {
            var body = JsonSerializer.Serialize(new { messageId = id, sender = new { externalId = "wx-88", name = "王女士", phone = "13800138000" }, text });
            var response = await WebhookChannelTests.SendAsync(gateway, key, secret, body);
            response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
            return (await response.JsonAsync()).GetProperty("ticketNumber").GetInt64();
        }

        var first = await SendAsync("m-1", "卡券无法使用");
        await SolveAsync(agent, first);
        (await SendAsync("m-2", "现在又不行了")).ShouldBe(first, "within the window the solved ticket reopens");
        (await TicketAsync(agent, first)).GetProperty("status").GetString().ShouldBe("open");

        await SolveAsync(agent, first);
        await SetReopenWindowAsync(ws, TimeSpan.Zero);
        var second = await SendAsync("m-3", "过了很久又遇到同样的问题");

        second.ShouldNotBe(first);
        (await TicketAsync(agent, second)).GetProperty("links")[0].GetProperty("number").GetInt64().ShouldBe(first);
        (await TicketAsync(agent, first)).GetProperty("status").GetString().ShouldBe("solved");
    }
}
