using System.Text.Json;
using Kefu.Domain.Agents;
using Kefu.Server.Features.Search;
using Kefu.Server.Features.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kefu.Server.Tests.Search;

/// <summary>Full-text search on both databases: Chinese words inside sentences, mixed queries, filters, visibility, snippets.</summary>
public sealed class SearchTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private static object Ticket(string externalId, string subject, string description, string? channel = null, Guid? merchantId = null, string? phone = null) => new
    {
        customer = new { externalId, name = "客户" + externalId, email = $"{externalId}@example.com", phone },
        subject,
        description,
        category = "refund",
        channel,
        merchantId,
    };

    private static async Task<JsonElement> SearchAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/v1/search?" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync() + ServerErrors.Describe());
        return await response.JsonAsync();
    }

    private static long[] Numbers(JsonElement result) =>
        [.. result.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("ticket").GetProperty("number").GetInt64())];

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Search_ChineseWordsAndMixedQueries_FindOnlyTheTicketsHoldingThem(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var refund = await platform.CreateTicketAsync(Ticket("s-1", "包裹一直没到", "我上周申请退款，到现在也没有消息。"));
        var invoice = await platform.CreateTicketAsync(Ticket("s-2", "发票怎么开", "公司报销需要增值税发票，退货后款项也没到。"));
        var card = await platform.CreateTicketAsync(Ticket("s-3", "订单12345卡密无效", "卡密已被使用，结算也一直延迟。"));
        var english = await platform.CreateTicketAsync(Ticket("s-4", "Refund not received", "Refund please, 退款还没到账"));
        using var agent = await ws.SignedInAsync(ws.Agent);

        Numbers(await SearchAsync(agent, "q=退款")).ShouldBe([refund, english], ignoreOrder: true);
        Numbers(await SearchAsync(agent, "q=卡密")).ShouldBe([card]);
        Numbers(await SearchAsync(agent, "q=结算")).ShouldBe([card]);
        Numbers(await SearchAsync(agent, "q=订单12345")).ShouldBe([card]);
        Numbers(await SearchAsync(agent, "q=" + Uri.EscapeDataString("\"refund 退款\""))).ShouldBe([english]);
        Numbers(await SearchAsync(agent, "q=REFUNDS")).ShouldBeEmpty("a longer word is not a prefix of a shorter one");
        Numbers(await SearchAsync(agent, "q=" + Uri.EscapeDataString("ｒｅｆｕｎｄ"))).ShouldBe([english]);
        Numbers(await SearchAsync(agent, "q=发票")).ShouldBe([invoice]);
        Numbers(await SearchAsync(agent, "q=退货款项")).ShouldBeEmpty("the characters are there but not as that phrase");
        Numbers(await SearchAsync(agent, $"q={card}"))[0].ShouldBe(card);

        var hit = (await SearchAsync(agent, "q=退款")).GetProperty("tickets").EnumerateArray().First(t => t.GetProperty("ticket").GetProperty("number").GetInt64() == refund);
        hit.GetProperty("matchedIn").GetString().ShouldBe("message");
        hit.GetProperty("snippet").GetProperty("html").GetString().ShouldBe("我上周申请<mark>退款</mark>，到现在也没有消息。");
        var highlight = hit.GetProperty("snippet").GetProperty("highlights")[0];
        hit.GetProperty("snippet").GetProperty("text").GetString()!.Substring(highlight.GetProperty("start").GetInt32(), highlight.GetProperty("length").GetInt32()).ShouldBe("退款");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Search_MessageAddedLater_IsFoundOnceTheWriteReturns(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync(Ticket("s-10", "充值未到账", "话费充值一直没到。"));
        (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "补充：流水号XY778899，付款时间昨天下午3点" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        using var agent = await ws.SignedInAsync(ws.Agent);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/notes", new { body = "已联系运营商核实" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        Numbers(await SearchAsync(agent, "q=xy778899")).ShouldBe([number]);
        Numbers(await SearchAsync(agent, "q=运营商")).ShouldBe([number]);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Search_Filters_NarrowByStatusTeamChannelDateAndMerchant(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var web = await platform.CreateTicketAsync(Ticket("f-1", "退款进度", "退款什么时候到", channel: "web"));
        var email = await platform.CreateTicketAsync(Ticket("f-2", "退款进度", "退款什么时候到", channel: "email", merchantId: ws.Merchant.Id));
        using var agent = await ws.SignedInAsync(ws.Agent);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{web}/assign", new { assigneeAgentNumber = "9002", teamId = ws.Team.Id })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{web}/status", new { status = "solved" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        Numbers(await SearchAsync(agent, "q=退款&status=solved")).ShouldBe([web]);
        Numbers(await SearchAsync(agent, "q=退款&status=new,open")).ShouldBe([email]);
        Numbers(await SearchAsync(agent, "q=退款&channel=email")).ShouldBe([email]);
        Numbers(await SearchAsync(agent, "q=退款&merchant=m-1")).ShouldBe([email]);
        Numbers(await SearchAsync(agent, "q=退款&merchant=no-such-merchant")).ShouldBeEmpty();
        Numbers(await SearchAsync(agent, "q=退款&from=2000-01-01&to=2000-02-01")).ShouldBeEmpty();
        Numbers(await SearchAsync(agent, "q=退款&from=2000-01-01")).ShouldBe([web, email], ignoreOrder: true);
        var teamOnly = Numbers(await SearchAsync(agent, $"q=退款&team={ws.Team.Id}"));
        teamOnly.ShouldContain(web);

        await (await agent.GetAsync("/api/v1/search?q=退款&status=dancing")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "status");
        await (await agent.GetAsync("/api/v1/search?q=退款&from=yesterday")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "from");
        await (await agent.GetAsync("/api/v1/search?q=%E3%80%82%EF%BC%81")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "q");
        await (await agent.GetAsync("/api/v1/search")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "q");
        (await platform.GetAsync("/api/v1/search?q=退款")).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "search is for agents, not the platform or customers");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Search_MerchantAgentAndOtherWorkspace_SeeOnlyTheirOwn(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var stranger = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var own = await platform.CreateTicketAsync(Ticket("m-own", "卡密无效", "卡密无效", merchantId: ws.Merchant.Id, phone: "13911112222"));
        var platformOnly = await platform.CreateTicketAsync(Ticket("m-other", "卡密无效", "卡密无效", phone: "13933334444"));
        Agent shopAgent;
        using (var scope = ws.App.Services.CreateScope())
        {
            shopAgent = await scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>()
                .CreateAgentAsync(ws.Workspace.Id, "8802", "鲜果店小李", $"shop@{ws.Workspace.Slug}.test", AgentRole.Agent, TestWorkspace.Password, CancellationToken.None);
        }

        using var admin = await ws.SignedInAsync(ws.Admin);
        (await admin.PutAsJsonAsync($"/api/v1/admin/routing/agents/{shopAgent.AgentNumber}", new { merchantId = ws.Merchant.Id })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var shop = await ws.SignedInAsync(shopAgent);

        Numbers(await SearchAsync(admin, "q=卡密")).ShouldBe([own, platformOnly], ignoreOrder: true);
        var seenByShop = await SearchAsync(shop, "q=卡密");
        Numbers(seenByShop).ShouldBe([own]);
        (await SearchAsync(shop, "q=1393333")).GetProperty("customers").GetArrayLength().ShouldBe(0, "a merchant's agent finds only its own customers");
        (await SearchAsync(shop, "q=1391111")).GetProperty("customers")[0].GetProperty("externalId").GetString().ShouldBe("m-own");

        using var strangerAgent = await stranger.SignedInAsync(stranger.Admin);
        var seenByStranger = await SearchAsync(strangerAgent, "q=卡密");
        Numbers(seenByStranger).ShouldBeEmpty();
        seenByStranger.GetProperty("customers").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Search_CustomerText_IsEscapedInSnippetsAndCustomersFoundByContact(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync(Ticket("x-1", "网页异常", "<img src=x onerror=alert(1)>退款页面打不开", phone: "13700001111"));
        using var agent = await ws.SignedInAsync(ws.Agent);

        var snippet = (await SearchAsync(agent, "q=退款")).GetProperty("tickets")[0].GetProperty("snippet");
        snippet.GetProperty("html").GetString().ShouldBe("&lt;img src=x onerror=alert(1)&gt;<mark>退款</mark>页面打不开");
        snippet.GetProperty("text").GetString().ShouldBe("<img src=x onerror=alert(1)>退款页面打不开");

        foreach (var contact in new[] { "13700001111", "x-1@example.com", "客户x", "x-1" })
        {
            var customers = (await SearchAsync(agent, "kind=customers&q=" + Uri.EscapeDataString(contact))).GetProperty("customers");
            customers.GetArrayLength().ShouldBe(1, contact);
            customers[0].GetProperty("externalId").GetString().ShouldBe("x-1");
        }

        (await SearchAsync(agent, "kind=customers&q=退款")).GetProperty("tickets").GetArrayLength().ShouldBe(0);
        Numbers(await SearchAsync(agent, "kind=tickets&q=退款")).ShouldBe([number]);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Reindex_EntriesLost_RebuildsThemFromTheData(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync(Ticket("r-1", "结算延迟", "兼职工资结算一直延迟"));
        await using (var db = ws.App.Db())
        {
            await db.SearchEntries.Where(e => e.WorkspaceId == ws.Workspace.Id).ExecuteDeleteAsync();
        }

        using var agent = await ws.SignedInAsync(ws.Agent);
        Numbers(await SearchAsync(agent, "q=结算")).ShouldBeEmpty();

        var reindex = ActivatorUtilities.CreateInstance<SearchReindex>(ws.App.Services);
        var totals = await reindex.CountAsync(ws.Workspace.Id, CancellationToken.None);
        totals.ShouldBe(new SearchReindex.Totals(1, 1, 1));
        var seen = 0;
        await reindex.RunAsync(ws.Workspace.Id, new SyncProgress(done => seen = done), CancellationToken.None);
        seen.ShouldBe(totals.All);

        Numbers(await SearchAsync(agent, "q=结算")).ShouldBe([number]);
        (await SearchAsync(agent, "q=r-1")).GetProperty("customers").GetArrayLength().ShouldBe(1);
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
