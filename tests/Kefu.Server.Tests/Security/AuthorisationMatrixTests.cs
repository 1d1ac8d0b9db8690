using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
        var target = await SeedOwnerDataAsync(owner);

        using var anonymous = owner.App.CreateClient();
        anonymous.DefaultRequestHeaders.Add("X-Kefu-Request", "1");
        using var strangerKey = stranger.Integration();
        using var strangerAgent = await stranger.SignedInAsync(stranger.Admin);

        var routes = owner.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Endpoint: e, Method: m)))
            .ToList();
        routes.Count.ShouldBeGreaterThan(15);

        foreach (var (endpoint, method) in routes)
        {
            var url = Fill(endpoint.RoutePattern.RawText!, target);
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

    private sealed record OwnerData(string Slug, long Number, string ExternalId, Guid AttachmentId, Guid TokenId, Guid PolicyId, Guid NotificationId, Guid TeamId);

    private static async Task<OwnerData> SeedOwnerDataAsync(TestWorkspace owner)
    {
        using var platform = owner.Integration();
        var number = await platform.CreateTicketAsync(Api.NewTicket(externalId: "owner-customer", subject: Secret));
        var file = new ByteArrayContent("订单截图说明"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var form = new MultipartFormDataContent { { file, "file", "note.txt" } };
        var attachmentId = (await (await platform.PostAsync($"/api/v1/tickets/{number}/attachments", form)).JsonAsync()).GetProperty("id").GetGuid();
        (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "附件", attachmentIds = new[] { attachmentId } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        using var agent = await owner.SignedInAsync(owner.Agent);
        var tokenId = (await (await agent.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "owner" })).JsonAsync()).GetProperty("id").GetGuid();

        using var admin = await owner.SignedInAsync(owner.Admin);
        var policy = await admin.PostAsJsonAsync("/api/v1/admin/sla/policies", new { name = "owner policy", calendar = "24x7", targets = new { firstResponseMinutes = 60 } });
        policy.StatusCode.ShouldBe(HttpStatusCode.Created, await policy.Content.ReadAsStringAsync());
        (await admin.PutAsync("/api/v1/admin/sla/calendars/owner-cal", new StringContent(OwnerCalendar, System.Text.Encoding.UTF8, "application/json")))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/escalate", new { reason = "升级" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = owner.App.Db();
        var notificationId = await db.Notifications.Where(n => n.WorkspaceId == owner.Workspace.Id).Select(n => n.Id).FirstAsync();
        return new OwnerData(owner.Workspace.Slug, number, "owner-customer", attachmentId, tokenId, (await policy.JsonAsync()).GetProperty("id").GetGuid(), notificationId, owner.Team.Id);
    }

    private static string Fill(string pattern, OwnerData target) => pattern
        .Replace("{number:long}", target.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{externalId}", target.ExternalId, StringComparison.Ordinal)
        .Replace("{slug}", target.Slug, StringComparison.Ordinal)
        .Replace("/attachments/{id:guid}", $"/attachments/{target.AttachmentId}", StringComparison.Ordinal)
        .Replace("/tokens/{id:guid}", $"/tokens/{target.TokenId}", StringComparison.Ordinal)
        .Replace("/policies/{id:guid}", $"/policies/{target.PolicyId}", StringComparison.Ordinal)
        .Replace("/teams/{id:guid}", $"/teams/{target.TeamId}", StringComparison.Ordinal)
        .Replace("/notifications/{id:guid}", $"/notifications/{target.NotificationId}", StringComparison.Ordinal)
        .Replace("/calendars/{key}", "/calendars/owner-cal", StringComparison.Ordinal);

    private const string OwnerCalendar = """
        { "name": "owner calendar", "timeZone": "Asia/Shanghai",
          "weeklyHours": { "monday": ["09:00-18:00"], "tuesday": [], "wednesday": [], "thursday": [], "friday": [], "saturday": [], "sunday": [] },
          "holidays": [], "makeupWorkdays": [] }
        """;

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
        body.ShouldNotContain("订单截图说明", customMessage: what);
    }
}
