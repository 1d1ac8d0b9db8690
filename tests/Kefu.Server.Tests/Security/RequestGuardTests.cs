using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Security;

public sealed class RequestGuardTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CookieSession_WithoutCsrfHeader_IsRefusedAndChangesNothing(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();
        using var agent = await ws.SignedInAsync(ws.Agent);
        agent.DefaultRequestHeaders.Remove("X-Kefu-Request");

        await (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "跨站伪造的回复" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await agent.GetAsync($"/api/v1/tickets/{number}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var db = ws.App.Db();
        (await db.Messages.CountAsync(m => m.WorkspaceId == ws.Workspace.Id)).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task SignIn_WithoutCsrfHeader_IsRefused(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

        await (await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { workspace = ws.Workspace.Slug, login = "9002", password = TestWorkspace.Password }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task ApiResponses_CarrySecurityHeaders(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();

        var response = await platform.PostAsJsonAsync("/api/v1/tickets", Api.NewTicket());

        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"]);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("default-src 'none'");
    }
}

public sealed class SignInRateLimitTests : IAsyncLifetime
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
    public async Task SignIn_ManyAttemptsFromOneAddress_AreRateLimited()
    {
        var ws = await _app!.CreateWorkspaceAsync();
        using var client = _app.BrowserClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 22; i++)
        {
            // A different unknown account each time, so lockout (per account) never applies.
            var response = await client.PostAsJsonAsync("/api/v1/auth/sign-in", new { workspace = ws.Workspace.Slug, login = $"x{i}", password = "guess" });
            statuses.Add(response.StatusCode);
        }

        statuses.Take(20).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        statuses.Skip(20).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task SignIn_BehindTheLocalReverseProxy_IsLimitedPerForwardedClient()
    {
        await using var proxied = await KefuApp.StartAsync(Provider.Sqlite, overSockets: true);
        var ws = await proxied.CreateWorkspaceAsync();
        using var client = proxied.BrowserClient();

        async Task<HttpStatusCode> AttemptAsync(string clientAddress, int i)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/sign-in")
            {
                Content = JsonContent.Create(new { workspace = ws.Workspace.Slug, login = $"x{i}", password = "guess" }),
            };
            request.Headers.Add("X-Forwarded-For", clientAddress);
            return (await client.SendAsync(request)).StatusCode;
        }

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 21; i++)
        {
            first.Add(await AttemptAsync("203.0.113.7", i));
        }

        first[^1].ShouldBe(HttpStatusCode.TooManyRequests, "one client behind the proxy still hits its own limit");
        (await AttemptAsync("198.51.100.23", 99)).ShouldBe(HttpStatusCode.Unauthorized, "another client behind the same proxy is not blocked by the first");
    }
}
