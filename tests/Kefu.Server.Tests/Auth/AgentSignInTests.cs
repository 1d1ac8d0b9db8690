using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Auth;

public sealed class AgentSignInTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task SignIn_WithAgentNumberOrEmail_SetsSessionAndMeAnswers(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var byNumber = ws.App.BrowserClient();
        using var byEmail = ws.App.BrowserClient();

        var signedIn = await byNumber.PostAsJsonAsync("/api/v1/auth/sign-in", new { workspace = ws.Workspace.Slug, login = "9002", password = TestWorkspace.Password });
        signedIn.StatusCode.ShouldBe(HttpStatusCode.OK);
        signedIn.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith("kefu.session=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        (await byEmail.PostAsJsonAsync("/api/v1/auth/sign-in", new { workspace = ws.Workspace.Slug, login = ws.Agent.Email.ToUpperInvariant(), password = TestWorkspace.Password }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var me = await (await byNumber.GetAsync("/api/v1/auth/me")).JsonAsync();
        me.GetProperty("agentNumber").GetString().ShouldBe("9002");
        me.GetProperty("role").GetString().ShouldBe("agent");

        (await byNumber.PostAsync("/api/v1/auth/sign-out", null)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await byNumber.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task SignIn_WrongPasswordOrUnknownAgent_Returns401WithoutSaying(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.App.BrowserClient();

        await (await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { workspace = ws.Workspace.Slug, login = "9002", password = "wrong" }))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { workspace = ws.Workspace.Slug, login = "0000", password = "wrong" }))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { workspace = "nope", login = "9002", password = TestWorkspace.Password }))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { workspace = ws.Workspace.Slug, login = "9002" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "password");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task SignIn_AfterFiveFailures_LocksTheAccountEvenForTheRightPassword(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.App.BrowserClient();
        for (var i = 0; i < 5; i++)
        {
            (await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { workspace = ws.Workspace.Slug, login = "9002", password = $"guess-{i}" }))
                .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        await (await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { workspace = ws.Workspace.Slug, login = "9002", password = TestWorkspace.Password }))
            .ShouldBeProblemAsync(HttpStatusCode.Locked);
        await using var db = ws.App.Db();
        (await db.Agents.SingleAsync(a => a.Id == ws.Agent.Id)).LockedUntil.ShouldNotBeNull();
        (await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { workspace = ws.Workspace.Slug, login = "9001", password = TestWorkspace.Password }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task PersonalToken_WorksAsBearer_AndStopsWorkingWhenRevoked(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var session = await ws.SignedInAsync(ws.Agent);
        var created = await session.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "脚本", expiresInDays = 30 });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.JsonAsync();
        var secret = body.GetProperty("token").GetString()!;
        secret.ShouldStartWith("kfa_");

        using var bearer = ws.App.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        (await (await bearer.GetAsync("/api/v1/auth/me")).JsonAsync()).GetProperty("agentNumber").GetString().ShouldBe("9002");
        (await bearer.GetAsync("/api/v1/tickets")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var listed = await (await session.GetAsync("/api/v1/auth/tokens")).JsonAsync();
        listed.GetArrayLength().ShouldBe(1);
        listed[0].TryGetProperty("token", out _).ShouldBeFalse();

        await using (var db = ws.App.Db())
        {
            var stored = await db.AgentTokens.SingleAsync(t => t.AgentId == ws.Agent.Id);
            stored.SecretHash.ShouldNotContain(secret[4..]);
            stored.SecretHash.Length.ShouldBe(64);
        }

        (await session.DeleteAsync($"/api/v1/auth/tokens/{body.GetProperty("id").GetGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await bearer.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task IntegrationKey_IsStoredOnlyAsHash(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        await using var db = ws.App.Db();
        var stored = await db.IntegrationKeys.SingleAsync(k => k.WorkspaceId == ws.Workspace.Id);
        stored.SecretHash.ShouldNotBe(ws.IntegrationKey);
        stored.SecretHash.ShouldNotContain(ws.IntegrationKey[10..]);
        stored.Prefix.Length.ShouldBeLessThanOrEqualTo(10);
    }
}
