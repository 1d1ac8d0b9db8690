using System.Text;
using Kefu.Domain.Portal;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kefu.Server.Tests.Infrastructure;

/// <summary>A customer signed in to the portal through a link signed the way the host platform signs it.</summary>
public sealed record PortalCustomer(HttpClient Client, string Cookie)
{
    public static async Task<string> RotateSecretAsync(TestWorkspace ws, HttpClient? signedInAdmin = null)
    {
        ArgumentNullException.ThrowIfNull(ws);
        using var own = signedInAdmin is null ? await ws.SignedInAsync(ws.Admin) : null;
        var admin = signedInAdmin ?? own!;
        var response = await admin.PostAsync("/api/v1/admin/portal/key", null);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.JsonAsync()).GetProperty("secret").GetString()!;
    }

    public static object Link(TestWorkspace ws, string secret, string externalId, TimeSpan validFor, string? signedFor = null)
    {
        ArgumentNullException.ThrowIfNull(ws);
        var expires = ws.App.Services.GetRequiredService<TimeProvider>().GetUtcNow().Add(validFor).ToUnixTimeSeconds();
        var signature = PortalLink.Sign(Encoding.UTF8.GetBytes(secret), ws.Workspace.Slug, signedFor ?? externalId, expires);
        return new { workspace = ws.Workspace.Slug, customer = externalId, expires, signature };
    }

    /// <summary>Opens a session (with a fresh secret) and keeps its cookie, for clients and for raw requests.</summary>
    public static async Task<PortalCustomer> OpenAsync(TestWorkspace ws, string externalId, HttpClient? signedInAdmin = null)
    {
        ArgumentNullException.ThrowIfNull(ws);
        var secret = await RotateSecretAsync(ws, signedInAdmin);
        using var plain = ws.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, BaseAddress = ws.App.ClientOptions.BaseAddress });
        plain.DefaultRequestHeaders.Add("X-Kefu-Request", "1");
        var response = await plain.PostAsJsonAsync("/api/v1/portal/session", Link(ws, secret, externalId, TimeSpan.FromHours(1)));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("kefu.portal=", StringComparison.Ordinal)).Split(';')[0];
        var client = ws.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, BaseAddress = ws.App.ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Add("X-Kefu-Request", "1");
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return new PortalCustomer(client, cookie);
    }
}
