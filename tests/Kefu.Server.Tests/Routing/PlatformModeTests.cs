using Kefu.Domain.Agents;
using Kefu.Domain.Workspaces;
using Kefu.Server.Features.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace Kefu.Server.Tests.Routing;

/// <summary>Platform mode (平台/商家): merchants staff their own agents, who see only their merchant's work; disputes go to arbitration.</summary>
public sealed class PlatformModeTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task MerchantAgents_SeeOnlyTheirMerchantsWork_AndLoseItToArbitration(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        Guid merchantTeam, arbitrationTeam, otherMerchant;
        await using (var db = ws.App.Db())
        {
            var other = new Merchant { Id = Guid.NewGuid(), WorkspaceId = ws.Workspace.Id, Name = "卡券专营店", ExternalId = "m-2" };
            var own = new Team { Id = Guid.NewGuid(), WorkspaceId = ws.Workspace.Id, Name = "鲜果店客服", MerchantId = ws.Merchant.Id };
            var arbitration = new Team { Id = Guid.NewGuid(), WorkspaceId = ws.Workspace.Id, Name = "纠纷仲裁组" };
            db.AddRange(other, own, arbitration);
            await db.SaveChangesAsync();
            (merchantTeam, arbitrationTeam, otherMerchant) = (own.Id, arbitration.Id, other.Id);
        }

        Agent shopAgent;
        using (var scope = ws.App.Services.CreateScope())
        {
            shopAgent = await scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>()
                .CreateAgentAsync(ws.Workspace.Id, "8801", "鲜果店小王", $"shop@{ws.Workspace.Slug}.test", AgentRole.Agent, TestWorkspace.Password, CancellationToken.None);
        }

        using var admin = await ws.SignedInAsync(ws.Admin);
        (await admin.PutAsJsonAsync("/api/v1/admin/routing", new { arbitrationTeamId = arbitrationTeam })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.PutAsJsonAsync($"/api/v1/admin/routing/agents/{shopAgent.AgentNumber}", new { merchantId = ws.Merchant.Id })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await admin.PutAsJsonAsync($"/api/v1/admin/routing/agents/{shopAgent.AgentNumber}", new { merchantId = Guid.NewGuid() }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "merchantId");

        using var platform = ws.Integration();
        var ownTicket = await platform.CreateTicketAsync(WithMerchant("u-1", ws.Merchant.Id));
        var otherTicket = await platform.CreateTicketAsync(WithMerchant("u-2", otherMerchant));
        var platformTicket = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-3"));

        (await (await admin.GetAsync($"/api/v1/tickets/{ownTicket}")).JsonAsync()).GetProperty("team").GetProperty("id").GetGuid()
            .ShouldBe(merchantTeam, "a merchant's customers go to the merchant's own team first");

        using var shop = await ws.SignedInAsync(shopAgent);
        var list = await (await shop.GetAsync("/api/v1/tickets")).JsonAsync();
        list.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("number").GetInt64()).ShouldBe([ownTicket]);
        (await shop.GetAsync($"/api/v1/tickets/{otherTicket}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await shop.GetAsync($"/api/v1/tickets/{platformTicket}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await shop.PostAsJsonAsync($"/api/v1/tickets/{otherTicket}/replies", new { body = "越权回复" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await shop.PostAsJsonAsync($"/api/v1/tickets/{ownTicket}/replies", new { body = "您好，已为您补发。" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var customer = ws.Integration();
        customer.DefaultRequestHeaders.Add("Kefu-Customer", "u-1");
        await (await customer.PostAsJsonAsync($"/api/v1/tickets/{ownTicket}/dispute", new { reason = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "reason");
        var disputed = await customer.PostAsJsonAsync($"/api/v1/tickets/{ownTicket}/dispute", new { reason = "商家拒绝退款，要求平台介入" });
        disputed.StatusCode.ShouldBe(HttpStatusCode.OK, await disputed.Content.ReadAsStringAsync());

        var view = await (await admin.GetAsync($"/api/v1/tickets/{ownTicket}")).JsonAsync();
        view.GetProperty("team").GetProperty("id").GetGuid().ShouldBe(arbitrationTeam);
        view.GetProperty("timeline").EnumerateArray().ShouldContain(e => e.GetProperty("kind").GetString() == "ticket.arbitration");
        view.GetProperty("messages").GetArrayLength().ShouldBe(2, "the full history goes with it");
        (await shop.GetAsync($"/api/v1/tickets/{ownTicket}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "the merchant is a party to the dispute");

        using var platformCustomer = ws.Integration();
        platformCustomer.DefaultRequestHeaders.Add("Kefu-Customer", "u-3");
        (await platformCustomer.PostAsJsonAsync($"/api/v1/tickets/{platformTicket}/dispute", new { reason = "投诉" })).StatusCode.ShouldBe(HttpStatusCode.Conflict, "no merchant to dispute with");
    }

    private static object WithMerchant(string externalId, Guid merchantId) => new
    {
        customer = new { externalId, name = "陈晓明" },
        subject = "水果坏了要求补发",
        description = "收到的芒果有一半坏了。",
        category = "refund",
        merchantId,
    };
}
