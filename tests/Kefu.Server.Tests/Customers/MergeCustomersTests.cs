using Kefu.Server.Tests.Calls;
using Kefu.Server.Tests.WeChat;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Customers;

public sealed class MergeCustomersTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task MergeThenUnmerge_WeChatCustomerIntoPlatformUser_OneTimelineThenExactlyAsBefore(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        using var platform = workspace.Integration();
        var platformTicket = await platform.CreateTicketAsync(Api.NewTicket(externalId: "u-merge"));
        var account = await WeChatAccount.ConfigureAsync(workspace, "http://127.0.0.1:9", safeMode: false);
        using var anonymous = workspace.App.CreateClient();
        (await account.PostAsync(anonymous, WeChatAccount.Text("oMerge", "微信上问一下退款", "9001"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var supervisor = await workspace.SignedInAsync(workspace.Admin);
        using var agent = await workspace.SignedInAsync(workspace.Agent);

        (await agent.PostAsJsonAsync("/api/v1/customers/u-merge/merge", new { absorbedExternalId = "wechat:oMerge" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var merged = await supervisor.PostAsJsonAsync("/api/v1/customers/u-merge/merge", new { absorbedExternalId = "wechat:oMerge" });
        merged.StatusCode.ShouldBe(HttpStatusCode.Created, await merged.Content.ReadAsStringAsync());
        var mergeId = (await merged.JsonAsync()).GetProperty("id").GetGuid();

        var tickets = await (await platform.GetAsync("/api/v1/customers/u-merge/tickets")).JsonAsync();
        tickets.GetProperty("total").GetInt32().ShouldBe(2, "one timeline: both tickets under the survivor");
        (await account.PostAsync(anonymous, WeChatAccount.Text("oMerge", "微信上又来一条", "9002"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var identities = await (await agent.GetAsync("/api/v1/customers/u-merge/identities")).JsonAsync();
        identities.GetProperty("identities").EnumerateArray().Select(i => i.GetProperty("handle").GetString()).ShouldContain("oMerge");
        identities.GetProperty("merges").GetArrayLength().ShouldBe(1);
        (await (await agent.GetAsync("/api/v1/customers/wechat:oMerge/identities")).JsonAsync()).GetProperty("mergedIntoExternalId").GetString().ShouldBe("u-merge");
        (await supervisor.PostAsJsonAsync("/api/v1/customers/u-merge/merge", new { absorbedExternalId = "wechat:oMerge" })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var undone = await supervisor.PostAsJsonAsync("/api/v1/customers/u-merge/unmerge", new { mergeId });
        undone.StatusCode.ShouldBe(HttpStatusCode.OK, await undone.Content.ReadAsStringAsync());
        (await supervisor.PostAsJsonAsync("/api/v1/customers/u-merge/unmerge", new { mergeId })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        await using var db = workspace.App.Db();
        var survivor = await db.Customers.Include(c => c.Identities).SingleAsync(c => c.WorkspaceId == workspace.Workspace.Id && c.ExternalId == "u-merge");
        var absorbed = await db.Customers.Include(c => c.Identities).SingleAsync(c => c.WorkspaceId == workspace.Workspace.Id && c.ExternalId == "wechat:oMerge");
        absorbed.MergedIntoId.ShouldBeNull();
        absorbed.Identities.Select(i => i.Handle).OrderBy(h => h, StringComparer.Ordinal).ShouldBe(["oMerge", "wechat:oMerge"]);
        survivor.Identities.ShouldNotContain(i => i.Handle == "oMerge");
        var ticketsNow = await db.Tickets.Where(t => t.WorkspaceId == workspace.Workspace.Id).OrderBy(t => t.Number).Select(t => new { t.Number, t.CustomerId }).ToListAsync();
        ticketsNow.Single(t => t.Number == platformTicket).CustomerId.ShouldBe(survivor.Id);
        ticketsNow.Where(t => t.Number != platformTicket).ShouldAllBe(t => t.CustomerId == absorbed.Id);
        var weChatTicket = ticketsNow.Single(t => t.Number != platformTicket).Number;
        var kinds = await db.AuditEvents.Where(e => db.Tickets.Any(t => t.Id == e.TicketId && t.Number == weChatTicket && t.WorkspaceId == workspace.Workspace.Id))
            .OrderBy(e => e.Sequence).Select(e => e.Kind).ToListAsync();
        kinds.ShouldContain("customer.merged");
        kinds.ShouldContain("customer.unmerged");
        (await db.Messages.CountAsync(m => m.WorkspaceId == workspace.Workspace.Id && m.ExternalId == "wechat:9002")).ShouldBe(1, "the message after the merge went to the merged timeline");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task SameNameWithoutContact_TwoSenders_StayTwoCustomers(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        using var platform = workspace.Integration();
        await platform.CreateTicketAsync(Api.NewTicket(externalId: "same-a", extra: new { customer = new { externalId = "same-a", name = "张伟" }, subject = "问题一", description = "退款" }));
        await platform.CreateTicketAsync(Api.NewTicket(externalId: "same-b", extra: new { customer = new { externalId = "same-b", name = "张伟" }, subject = "问题二", description = "退款" }));
        var account = await WeChatAccount.ConfigureAsync(workspace, "http://127.0.0.1:9", safeMode: false);
        using var anonymous = workspace.App.CreateClient();
        (await account.PostAsync(anonymous, WeChatAccount.Text("oSameName", "张伟，退款", "9101"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var db = workspace.App.Db();
        var customers = await db.Customers.Where(c => c.WorkspaceId == workspace.Workspace.Id).ToListAsync();
        customers.Count.ShouldBe(3);
        customers.ShouldAllBe(c => c.MergedIntoId == null);
        (await db.Tickets.CountAsync(t => t.WorkspaceId == workspace.Workspace.Id)).ShouldBe(3);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Merge_MerchantAgentOrOtherWorkspace_GetsNotFoundAndNothingMoves(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        var stranger = await apps.WorkspaceAsync(provider);
        using var platform = workspace.Integration();
        await platform.CreateTicketAsync(Api.NewTicket(externalId: "m-a"));
        await platform.CreateTicketAsync(Api.NewTicket(externalId: "m-b"));
        using var shop = await CallTests.MerchantAgentAsync(workspace);
        using var other = await stranger.SignedInAsync(stranger.Admin);

        foreach (var client in new[] { shop, other })
        {
            (await client.PostAsJsonAsync("/api/v1/customers/m-a/merge", new { absorbedExternalId = "m-b" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.GetAsync("/api/v1/customers/m-a/identities")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        await using var db = workspace.App.Db();
        (await db.CustomerMerges.CountAsync(m => m.WorkspaceId == workspace.Workspace.Id)).ShouldBe(0);
    }
}
