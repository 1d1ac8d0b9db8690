using Kefu.Domain.Agents;
using Kefu.Server.Features.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace Kefu.Server.Tests.Assist;

/// <summary>The assist panel: the customer's recent tickets on every channel, similar solved tickets with their resolution, fitting macros.</summary>
public sealed class AssistTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private static object Ticket(string externalId, string subject, string description, string channel, Guid? merchantId = null) => new
    {
        customer = new { externalId, name = "王小明" },
        subject,
        description,
        category = "refund",
        channel,
        merchantId,
    };

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Assist_ForATicket_GivesHistorySimilarSolvedTicketsAndRankedMacros(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        using var agent = await ws.SignedInAsync(ws.Agent);
        using var admin = await ws.SignedInAsync(ws.Admin);
        var earlier = await platform.CreateTicketAsync(Ticket("a-1", "游戏点卡卡密无效", "充值时提示卡密已被使用", "email"));
        var othersSolved = await platform.CreateTicketAsync(Ticket("a-2", "买的卡密提示已使用", "点卡卡密充值失败", "web"));
        var unrelatedSolved = await platform.CreateTicketAsync(Ticket("a-3", "发票怎么开", "公司报销需要发票", "web"));
        var stillOpen = await platform.CreateTicketAsync(Ticket("a-4", "卡密无效", "卡密已被使用", "web"));
        foreach (var (number, reply) in new[] { (earlier, "已为您更换新的卡密，请查收短信。"), (othersSolved, "卡密已重新发放到您的订单。"), (unrelatedSolved, "发票在订单页申请。") })
        {
            (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/assign", new { assigneeAgentNumber = "9002" })).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = reply })).StatusCode.ShouldBe(HttpStatusCode.Created);
            (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var current = await platform.CreateTicketAsync(Ticket("a-1", "卡密又无效了", "新买的点卡卡密还是提示已被使用", "web"));
        (await admin.PostAsJsonAsync("/api/v1/admin/macros", new { title = "卡密无效", body = "{{customer.name}}您好，卡密已为您重新发放，请查收。" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.PostAsJsonAsync("/api/v1/admin/macros", new { title = "开发票", body = "发票请在订单页申请开具。" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var response = await agent.GetAsync($"/api/v1/tickets/{current}/assist");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync() + ServerErrors.Describe());
        var assist = await response.JsonAsync();

        assist.GetProperty("history").EnumerateArray().Select(h => (h.GetProperty("number").GetInt64(), h.GetProperty("current").GetBoolean()))
            .ShouldBe([(current, true), (earlier, false)]);
        assist.GetProperty("channels").EnumerateArray().Select(c => c.GetString()).ShouldBe(["web", "email"], ignoreOrder: true);

        var similar = assist.GetProperty("similar").EnumerateArray().ToList();
        similar.Select(s => s.GetProperty("number").GetInt64()).ShouldBe([earlier, othersSolved], ignoreOrder: true);
        similar.ShouldNotContain(s => s.GetProperty("number").GetInt64() == stillOpen, "only solved tickets");
        similar.First(s => s.GetProperty("number").GetInt64() == othersSolved).GetProperty("resolution").GetProperty("body").GetString().ShouldBe("卡密已重新发放到您的订单。");

        var macros = assist.GetProperty("macros").EnumerateArray().ToList();
        macros.Select(m => m.GetProperty("title").GetString()).ShouldBe(["卡密无效"]);
        macros[0].GetProperty("body").GetString().ShouldBe("王小明您好，卡密已为您重新发放，请查收。");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Assist_MerchantAgent_GetsNothingOutsideItsMerchant(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var own = await platform.CreateTicketAsync(Ticket("b-1", "卡密无效", "卡密已被使用", "web", ws.Merchant.Id));
        var platformTicket = await platform.CreateTicketAsync(Ticket("b-1", "卡密无效", "卡密已被使用", "web"));
        Agent shopAgent;
        using (var scope = ws.App.Services.CreateScope())
        {
            shopAgent = await scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>()
                .CreateAgentAsync(ws.Workspace.Id, "8803", "鲜果店小周", $"shop3@{ws.Workspace.Slug}.test", AgentRole.Agent, TestWorkspace.Password, CancellationToken.None);
        }

        using var admin = await ws.SignedInAsync(ws.Admin);
        (await admin.PutAsJsonAsync($"/api/v1/admin/routing/agents/{shopAgent.AgentNumber}", new { merchantId = ws.Merchant.Id })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var shop = await ws.SignedInAsync(shopAgent);

        (await shop.GetAsync($"/api/v1/tickets/{platformTicket}/assist")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var assist = await (await shop.GetAsync($"/api/v1/tickets/{own}/assist")).JsonAsync();
        assist.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("number").GetInt64()).ShouldBe([own], "the platform's own ticket with the same customer stays hidden");
        (await platform.GetAsync($"/api/v1/tickets/{own}/assist")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
