using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Storage;

/// <summary>Nodes of one deployment share the data-protection key ring through the database, not their own disks.</summary>
public sealed class SharedKeyRingTests
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task SessionCookie_IssuedOnOneNode_IsAcceptedByAnother(Provider provider)
    {
        await using var first = await KefuApp.StartAsync(provider);
        var ws = await first.CreateWorkspaceAsync();
        await using var second = first.Restart();

        using var onFirst = first.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/sign-in")
        {
            Content = JsonContent.Create(new { workspace = ws.Workspace.Slug, login = ws.Agent.AgentNumber, password = TestWorkspace.Password }),
        };
        signIn.Headers.Add("X-Kefu-Request", "1");
        var signedIn = await onFirst.SendAsync(signIn);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        cookie.ShouldNotBeEmpty();

        using var onSecond = second.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        me.Headers.Add("Cookie", string.Join("; ", cookie));
        var answer = await onSecond.SendAsync(me);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await answer.JsonAsync()).GetProperty("agentNumber").GetString().ShouldBe(ws.Agent.AgentNumber);

        await using var db = first.Db();
        (await db.DataProtectionKeys.CountAsync()).ShouldBe(1, "the second node uses the first node's key, it does not make its own");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task SessionCookie_FromAnotherDeployment_IsRejected(Provider provider)
    {
        await using var first = await KefuApp.StartAsync(provider);
        var ws = await first.CreateWorkspaceAsync();
        await using var stranger = await KefuApp.StartAsync(provider);

        using var onFirst = first.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/sign-in")
        {
            Content = JsonContent.Create(new { workspace = ws.Workspace.Slug, login = ws.Agent.AgentNumber, password = TestWorkspace.Password }),
        };
        signIn.Headers.Add("X-Kefu-Request", "1");
        var signedIn = await onFirst.SendAsync(signIn);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.OK);
        var cookie = string.Join("; ", signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        using var onStranger = stranger.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/auth/me");
        me.Headers.Add("Cookie", cookie);
        (await onStranger.SendAsync(me)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
