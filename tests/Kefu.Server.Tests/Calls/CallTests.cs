using Kefu.Domain.Agents;
using Kefu.Server.Features.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kefu.Server.Tests.Calls;

public sealed class CallTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Callback_RequestedThenAnsweredByACall_LeavesTheTaskListAndChainsBothOnTheTimeline(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        using var platform = workspace.Integration();
        using var agent = await workspace.SignedInAsync(workspace.Agent);
        var number = await platform.CreateTicketAsync(Api.NewTicket(externalId: "caller-1"));
        var start = TimeProvider.System.GetUtcNow().AddHours(2);

        platform.DefaultRequestHeaders.Add("Kefu-Customer", "caller-1");
        var requested = await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/callbacks", new
        {
            phoneNumber = "13800138000", windowStart = start.ToString("O"), windowEnd = start.AddMinutes(30).ToString("O"), note = "下午方便",
        });
        requested.StatusCode.ShouldBe(HttpStatusCode.Created, await requested.Content.ReadAsStringAsync());
        var callbackId = (await requested.JsonAsync()).GetProperty("id").GetGuid();
        var open = await (await agent.GetAsync("/api/v1/callbacks")).JsonAsync();
        open.EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ShouldBe([callbackId]);

        var call = await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/calls", new
        {
            direction = "outbound", phoneNumber = "13800138000", startedAt = TimeProvider.System.GetUtcNow().ToString("O"), durationSeconds = 185,
            outcome = "answered", notes = "已解释退款进度", callbackId,
        });

        call.StatusCode.ShouldBe(HttpStatusCode.Created, await call.Content.ReadAsStringAsync());
        (await (await agent.GetAsync("/api/v1/callbacks")).JsonAsync()).GetArrayLength().ShouldBe(0);
        var listed = await (await agent.GetAsync($"/api/v1/tickets/{number}/calls")).JsonAsync();
        listed.GetProperty("calls").GetArrayLength().ShouldBe(1);
        listed.GetProperty("callbacks")[0].GetProperty("open").GetBoolean().ShouldBeFalse();
        var byCustomer = await (await agent.GetAsync("/api/v1/customers/caller-1/calls")).JsonAsync();
        byCustomer.GetProperty("calls")[0].GetProperty("ticketNumber").GetInt64().ShouldBe(number);
        await using var db = workspace.App.Db();
        var ticketId = await db.Tickets.Where(t => t.WorkspaceId == workspace.Workspace.Id && t.Number == number).Select(t => t.Id).SingleAsync();
        var kinds = await db.AuditEvents.Where(e => e.TicketId == ticketId).OrderBy(e => e.Sequence).Select(e => e.Kind).ToListAsync();
        kinds.ShouldContain("callback.requested");
        kinds.ShouldContain("call.logged");
        using var receipts = workspace.Integration();
        var timeline = await receipts.GetAsync($"/api/v1/tickets/{number}/receipt");
        timeline.StatusCode.ShouldBe(HttpStatusCode.OK, "the chain still verifies with the call entries in it");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Callback_PastShortOrTooFarWindows_AreRefusedAndStoreNothing(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        using var platform = workspace.Integration();
        var number = await platform.CreateTicketAsync(Api.NewTicket(externalId: "caller-2"));
        var now = TimeProvider.System.GetUtcNow();

        var cases = new (DateTimeOffset Start, DateTimeOffset End, string Field)[]
        {
            (now.AddHours(-1), now.AddHours(1), "windowStart"),
            (now.AddHours(1), now.AddHours(1).AddMinutes(10), "windowEnd"),
            (now.AddDays(15), now.AddDays(15).AddHours(1), "windowEnd"),
            (now.AddHours(2), now.AddHours(1), "windowEnd"),
        };
        foreach (var (start, end, field) in cases)
        {
            var response = await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/callbacks", new { phoneNumber = "13800138000", windowStart = start.ToString("O"), windowEnd = end.ToString("O") });
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(field);
        }

        var withoutPhone = await platform.CreateTicketAsync(Api.NewTicket(extra: new { customer = new { externalId = "caller-2b", name = "无电话" }, subject = "回电", description = "请回电" }));
        var noPhone = await platform.PostAsJsonAsync($"/api/v1/tickets/{withoutPhone}/callbacks", new { windowStart = now.AddHours(1).ToString("O"), windowEnd = now.AddHours(2).ToString("O") });
        noPhone.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noPhone.JsonAsync()).GetProperty("errors").TryGetProperty("phoneNumber", out _).ShouldBeTrue();
        await using var db = workspace.App.Db();
        (await db.CallbackRequests.CountAsync(c => c.WorkspaceId == workspace.Workspace.Id)).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Calls_MerchantAgentOrOtherWorkspace_SeeNothing(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        var stranger = await apps.WorkspaceAsync(provider);
        using var platform = workspace.Integration();
        var number = await platform.CreateTicketAsync(Api.NewTicket(externalId: "caller-3"));
        using var agent = await workspace.SignedInAsync(workspace.Agent);
        var call = new { direction = "inbound", phoneNumber = "13800138000", startedAt = TimeProvider.System.GetUtcNow().ToString("O"), durationSeconds = 60, outcome = "answered" };
        (await agent.PostAsJsonAsync("/api/v1/customers/caller-3/calls", call)).StatusCode.ShouldBe(HttpStatusCode.Created);
        using var shop = await MerchantAgentAsync(workspace);
        using var other = await stranger.SignedInAsync(stranger.Admin);

        foreach (var client in new[] { shop, other })
        {
            (await client.GetAsync("/api/v1/customers/caller-3/calls")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.PostAsJsonAsync("/api/v1/customers/caller-3/calls", call)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.PostAsJsonAsync($"/api/v1/tickets/{number}/calls", call)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        await using var db = workspace.App.Db();
        (await db.CallLogs.CountAsync(c => c.WorkspaceId == workspace.Workspace.Id)).ShouldBe(1);
    }

    internal static async Task<HttpClient> MerchantAgentAsync(TestWorkspace workspace)
    {
        Agent shopAgent;
        using (var scope = workspace.App.Services.CreateScope())
        {
            shopAgent = await scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>().CreateAgentAsync(
                workspace.Workspace.Id, "8801", "店铺客服", $"shop@{workspace.Workspace.Slug}.test", AgentRole.Supervisor, TestWorkspace.Password, CancellationToken.None);
        }

        using var admin = await workspace.SignedInAsync(workspace.Admin);
        (await admin.PutAsJsonAsync($"/api/v1/admin/routing/agents/{shopAgent.AgentNumber}", new { merchantId = workspace.Merchant.Id })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return await workspace.SignedInAsync(shopAgent);
    }
}
