using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Verification;

public sealed class VerifyAgentTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Verify_OfficialActiveAgent_SaysOfficialWithoutPersonalData(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var anonymous = ws.App.CreateClient();

        var response = await anonymous.GetAsync($"/api/v1/verify/agents/9002?workspace={ws.Workspace.Slug}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        var answer = await response.JsonAsync();
        answer.GetProperty("official").GetBoolean().ShouldBeTrue();
        answer.GetProperty("active").GetBoolean().ShouldBeTrue();
        answer.GetProperty("displayName").GetString().ShouldBe("李娜");
        text.ShouldNotContain(ws.Agent.Email);
        text.ShouldNotContain(ws.Agent.Id.ToString());
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Verify_UnknownOrOtherWorkspacesNumber_SaysNotOfficial(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var anonymous = ws.App.CreateClient();

        var unknown = await (await anonymous.GetAsync($"/api/v1/verify/agents/8888?workspace={ws.Workspace.Slug}")).JsonAsync();
        unknown.GetProperty("official").GetBoolean().ShouldBeFalse();
        unknown.GetProperty("active").GetBoolean().ShouldBeFalse();
        await (await anonymous.GetAsync("/api/v1/verify/agents/9002?workspace=no-such-workspace")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Verify_FormerAgent_IsOfficialButNotActive(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        await using (var db = ws.App.Db())
        {
            var agent = await db.Agents.SingleAsync(a => a.Id == ws.Agent.Id);
            agent.IsActive = false;
            await db.SaveChangesAsync();
        }

        using var anonymous = ws.App.CreateClient();
        var answer = await (await anonymous.GetAsync($"/api/v1/verify/agents/9002?workspace={ws.Workspace.Slug}")).JsonAsync();

        answer.GetProperty("official").GetBoolean().ShouldBeTrue();
        answer.GetProperty("active").GetBoolean().ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Verify_WithoutWorkspaceOnAServerWithSeveral_AsksForIt(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        await apps.WorkspaceAsync(provider);
        using var anonymous = ws.App.CreateClient();

        await (await anonymous.GetAsync("/api/v1/verify/agents/9002")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "workspace");
    }
}

public sealed class VerifyAgentRateLimitTests : IAsyncLifetime
{
    private KefuApp? _app;

    public async ValueTask InitializeAsync() => _app = await KefuApp.StartAsync(Provider.Sqlite);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Verify_ManyLookupsFromOneAddress_AreRateLimited()
    {
        var ws = await _app!.CreateWorkspaceAsync();
        using var anonymous = _app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 35; i++)
        {
            statuses.Add((await anonymous.GetAsync($"/api/v1/verify/agents/{9000 + i}?workspace={ws.Workspace.Slug}")).StatusCode);
        }

        statuses.Take(30).ShouldAllBe(s => s == HttpStatusCode.OK);
        statuses.Skip(30).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
    }
}
