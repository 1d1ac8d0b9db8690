using System.Text.Json;
using Kefu.Server.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Audit;

public sealed class AdminAuditLogTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private static readonly string[] TheAgent = ["9002"];

    private static async Task<JsonElement> LogAsync(HttpClient admin, string query = "")
    {
        var response = await admin.GetAsync("/api/v1/admin/audit-log" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task TeamCreatedAndRenamed_AreRecordedWithActorAndFieldDiff(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);

        var created = await admin.PostAsJsonAsync("/api/v1/admin/teams", new { name = "夜班组", memberAgentNumbers = TheAgent });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var teamId = (await created.JsonAsync()).GetProperty("id").GetString();
        (await admin.PutAsJsonAsync($"/api/v1/admin/teams/{teamId}/members", new { name = "夜班二组", memberAgentNumbers = TheAgent })).EnsureSuccessStatusCode();

        var items = (await LogAsync(admin, "?entity=team")).GetProperty("items").EnumerateArray().ToList();

        items.Count.ShouldBe(2);
        var renamed = items[0];
        renamed.GetProperty("action").GetString().ShouldBe("changed");
        renamed.GetProperty("actor").GetString().ShouldBe("9001");
        renamed.GetProperty("actorKind").GetString().ShouldBe("agent");
        renamed.GetProperty("entityId").GetString().ShouldBe(teamId);
        renamed.GetProperty("source").GetString().ShouldBe($"PUT /api/v1/admin/teams/{teamId}/members");
        var name = renamed.GetProperty("changes").GetProperty("name");
        name.GetProperty("before").GetString().ShouldBe("夜班组");
        name.GetProperty("after").GetString().ShouldBe("夜班二组");
        renamed.GetProperty("changes").EnumerateObject().Count().ShouldBe(1, "unchanged fields are left out");
        items[1].GetProperty("action").GetString().ShouldBe("created");
        items[1].GetProperty("changes").GetProperty("name").GetProperty("before").ValueKind.ShouldBe(JsonValueKind.Null);

        var members = (await LogAsync(admin, "?entity=teamMember")).GetProperty("items");
        members.GetArrayLength().ShouldBe(1);
        members[0].GetProperty("changes").GetProperty("agentId").GetProperty("after").GetString().ShouldBe(ws.Agent.Id.ToString());
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task BulkDelete_ThatBypassesSaveChanges_IsStillRecordedAsTheRequest(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        var macro = await admin.PostAsJsonAsync("/api/v1/admin/macros", new { title = "退款进度", body = "您好，退款已提交。" });
        macro.StatusCode.ShouldBe(HttpStatusCode.Created, await macro.Content.ReadAsStringAsync());
        var id = (await macro.JsonAsync()).GetProperty("id").GetString();

        (await admin.DeleteAsync($"/api/v1/admin/macros/{id}")).IsSuccessStatusCode.ShouldBeTrue();
        (await admin.DeleteAsync($"/api/v1/admin/macros/{Guid.NewGuid()}")).IsSuccessStatusCode.ShouldBeFalse();

        var items = (await LogAsync(admin)).GetProperty("items").EnumerateArray().ToList();
        items.Select(e => (e.GetProperty("entity").GetString(), e.GetProperty("action").GetString())).ShouldBe([("request:DeleteMacro", "deleted"), ("macro", "created")]);
        items[0].GetProperty("entityId").GetString().ShouldBe(id);
        items[0].GetProperty("actor").GetString().ShouldBe("9001");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task IntegrationKeyCreated_RecordsItButNeverTheSecret(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);

        var created = await admin.PostAsJsonAsync("/api/v1/admin/integration-keys", new { name = "订单系统" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var secret = (await created.JsonAsync()).GetProperty("secret").GetString()!;

        var entry = (await LogAsync(admin, "?entity=integrationKey")).GetProperty("items")[0];
        var changes = entry.GetProperty("changes");
        changes.GetProperty("name").GetProperty("after").GetString().ShouldBe("订单系统");
        changes.GetProperty("secretHash").GetProperty("after").GetString().ShouldBe(AdminAuditRecorder.Redacted);
        entry.GetRawText().ShouldNotContain(secret[^12..]);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Filters_ActorEntityTimeAndPage_NarrowTheLogAndExportMatches(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        var before = TimeProvider.System.GetUtcNow().AddSeconds(-1);
        for (var i = 0; i < 52; i++)
        {
            (await admin.PostAsJsonAsync("/api/v1/admin/teams", new { name = $"组 {i}" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        (await admin.PutAsJsonAsync("/api/v1/admin/workspace", new { name = "=HYPERLINK(\"x\")", timeZone = "Asia/Shanghai" })).EnsureSuccessStatusCode();

        var first = await LogAsync(admin, "?entity=team&actor=9001");
        first.GetProperty("items").GetArrayLength().ShouldBe(AuditLogEndpoints.PageSize);
        first.GetProperty("hasMore").GetBoolean().ShouldBeTrue();
        var second = await LogAsync(admin, "?entity=team&actor=9001&page=2");
        second.GetProperty("items").GetArrayLength().ShouldBe(2);
        second.GetProperty("hasMore").GetBoolean().ShouldBeFalse();
        (await LogAsync(admin, "?actor=9002")).GetProperty("items").GetArrayLength().ShouldBe(0);
        (await LogAsync(admin, $"?from={Uri.EscapeDataString(before.AddHours(1).ToString("O"))}")).GetProperty("items").GetArrayLength().ShouldBe(0);
        (await LogAsync(admin, $"?to={Uri.EscapeDataString(before.ToString("O"))}")).GetProperty("items").GetArrayLength().ShouldBe(0);
        (await LogAsync(admin, "?entity=workspace")).GetProperty("items")[0].GetProperty("changes").GetProperty("name").GetProperty("after").GetString().ShouldBe("=HYPERLINK(\"x\")");

        var csv = await admin.GetAsync("/api/v1/admin/audit-log?entity=workspace&format=csv");
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("at,actorKind,actor,action,entity,entityId,source,changes");
        lines.Length.ShouldBe(2);
        lines[1].ShouldContain(",9001,changed,workspace,");
        lines[1].ShouldNotContain(",=HYPERLINK", Case.Sensitive, "a changed value is inside the JSON cell, never a cell of its own");

        await (await admin.GetAsync("/api/v1/admin/audit-log?page=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "page");
        await (await admin.GetAsync("/api/v1/admin/audit-log?from=yesterday")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "from");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task AuditLog_AgentsAndOtherWorkspaces_SeeNothing(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var other = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        (await admin.PostAsJsonAsync("/api/v1/admin/teams", new { name = "保密组" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        using var agent = await ws.SignedInAsync(ws.Agent);
        using var otherAdmin = await other.SignedInAsync(other.Admin);

        (await agent.GetAsync("/api/v1/admin/audit-log")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await agent.GetAsync("/api/v1/admin/audit-log?format=csv")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await LogAsync(otherAdmin)).GetProperty("items").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Entries_ChangedOrRemovedInAnAdminRequest_AreRefused(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using (var admin = await ws.SignedInAsync(ws.Admin))
        {
            (await admin.PostAsJsonAsync("/api/v1/admin/teams", new { name = "留痕组" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        await using var db = ws.App.Db();
        var entry = await db.AdminAuditEntries.FirstAsync(e => e.WorkspaceId == ws.Workspace.Id);
        db.AdminAuditEntries.Remove(entry);
        using (AdminAuditRecorder.AsOperator("root", "test"))
        {
            await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        (await ws.App.Db().AdminAuditEntries.CountAsync(e => e.WorkspaceId == ws.Workspace.Id)).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Changes_OutsideAdminRequests_AreNotRecorded(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var integration = ws.Integration();
        await integration.CreateTicketAsync();
        using var agent = await ws.SignedInAsync(ws.Agent);

        await using var db = ws.App.Db();
        (await db.AdminAuditEntries.CountAsync(e => e.WorkspaceId == ws.Workspace.Id)).ShouldBe(0);
    }
}
