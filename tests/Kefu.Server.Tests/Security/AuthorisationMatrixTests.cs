using Microsoft.AspNetCore.Authorization;

namespace Kefu.Server.Tests.Security;

/// <summary>
/// Every API route, found from the running server's endpoint table (so a new route is covered the
/// day it is added), is tried anonymously and with another workspace's credentials against workspace
/// A's real ticket, customer, attachment and token. Nothing may answer with A's data.
/// </summary>
public sealed class AuthorisationMatrixTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private const string Secret = "机密工单标题-AUTHZ";

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task EveryRoute_AnonymousOrOtherWorkspace_GetsNoData(Provider provider)
    {
        var owner = await apps.WorkspaceAsync(provider);
        var stranger = await apps.WorkspaceAsync(provider);
        using var ownerAgent = await owner.SignedInAsync(owner.Agent);
        using var ownerAdmin = await owner.SignedInAsync(owner.Admin);
        var target = await RouteTargets.SeedAsync(owner, ownerAgent, ownerAdmin, Secret);

        using var anonymous = owner.App.CreateClient();
        anonymous.DefaultRequestHeaders.Add("X-Kefu-Request", "1");
        using var strangerKey = stranger.Integration();
        using var strangerAgent = await stranger.SignedInAsync(stranger.Admin);

        var routes = RouteTargets.ApiRoutes(owner.App);
        routes.Count.ShouldBeGreaterThan(15);

        foreach (var (endpoint, method) in routes)
        {
            var url = target.Fill(endpoint.RoutePattern.RawText!);
            var isPublic = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var naming = $"{method} {endpoint.RoutePattern.RawText}";

            var asAnonymous = await anonymous.SendAsync(Build(method, url));
            if (!isPublic)
            {
                asAnonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, naming + " anonymously");
            }

            await ShouldNotLeakAsync(asAnonymous, naming + " anonymously");

            if (!isPublic && !url.Equals(endpoint.RoutePattern.RawText, StringComparison.Ordinal))
            {
                // The route names one of A's records: another workspace must not reach it. Public routes
                // (a workspace's receipt key) are anyone's by design and only must not leak A's data.
                foreach (var (client, who) in new[] { (strangerKey, "with another workspace's key"), (strangerAgent, "as another workspace's admin") })
                {
                    var response = await client.SendAsync(Build(method, url));
                    ((int)response.StatusCode).ShouldBeOneOf([400, 403, 404], $"{naming} {who}: {await response.Content.ReadAsStringAsync()}");
                    await ShouldNotLeakAsync(response, $"{naming} {who}");
                }
            }
        }

        using var ownerClient = owner.Integration();
        var still = await (await ownerClient.GetAsync($"/api/v1/tickets/{target.Number}")).JsonAsync();
        still.GetProperty("messages").GetArrayLength().ShouldBe(2, "nothing was added to A's ticket");
        still.GetProperty("status").GetString().ShouldBe("new");
    }

    private static HttpRequestMessage Build(string method, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = JsonContent.Create(new { body = "越权尝试", status = "solved", assigneeAgentNumber = "9001" });
        }

        return request;
    }

    private static async Task ShouldNotLeakAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldNotContain(Secret, customMessage: what);
        body.ShouldNotContain(RouteTargets.AttachmentText, customMessage: what);
    }
}
