using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kefu.Server.Tests.Infrastructure;

/// <summary>
/// The API's routes as the running server's endpoint table lists them (so a route is covered the day
/// it is added), and one real record of a workspace for every kind of route value they take.
/// </summary>
public sealed record RouteTargets(string Slug, long Number, string ExternalId, string AgentNumber, Guid AttachmentId, Guid TokenId, Guid PolicyId, Guid NotificationId, string CalendarKey, Guid TeamId)
{
    public const string CustomerExternalId = "owner-customer";

    /// <summary>A webhook channel of the workspace, for /api/v1/channels/{channelKey}/...</summary>
    public string ChannelKey { get; init; } = "";
    public const string AttachmentText = "订单截图说明";

    /// <summary>A webhook endpoint of the workspace, one of its deliveries, and a proactive campaign.</summary>
    private static readonly string[] WebhookEvents = ["ticket.created"];
    private static readonly string[] CampaignCustomers = ["not-a-customer"];

    public Guid WebhookId { get; init; }
    public Guid WebhookDeliveryId { get; init; }
    public string CampaignKey { get; init; } = "";

    /// <summary>A sub-task of the ticket, done (so it blocks nothing the suites do to the ticket).</summary>
    public Guid SubTaskId { get; init; }

    /// <summary>The workspace's support mailbox (email channel).</summary>
    public Guid EmailChannelId { get; init; }

    public static IReadOnlyList<(RouteEndpoint Endpoint, string Method)> ApiRoutes(KefuApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Endpoint: e, Method: m)))];
    }

    /// <summary>A ticket with a message and an attachment, an agent token, an SLA policy, a calendar and a notification.</summary>
    public static async Task<RouteTargets> SeedAsync(TestWorkspace owner, HttpClient agent, HttpClient admin, string subject)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(admin);
        using var platform = owner.Integration();
        var webhook = await admin.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = "https://hooks.example.com/kefu", events = WebhookEvents });
        webhook.StatusCode.ShouldBe(HttpStatusCode.Created, await webhook.Content.ReadAsStringAsync());
        var webhookId = (await webhook.JsonAsync()).GetProperty("endpoint").GetProperty("id").GetGuid();

        // A campaign to nobody the workspace knows, so that no message is added to the owner's ticket.
        (await platform.PostAsJsonAsync("/api/v1/proactive", new { campaignKey = "owner-campaign", subject = "通知", body = "通知正文", customers = CampaignCustomers }))
            .StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var number = await platform.CreateTicketAsync(Api.NewTicket(externalId: CustomerExternalId, subject: subject));
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(AttachmentText));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var form = new MultipartFormDataContent { { file, "file", "note.txt" } };
        var attachmentId = (await (await platform.PostAsync($"/api/v1/tickets/{number}/attachments", form)).JsonAsync()).GetProperty("id").GetGuid();
        (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "附件", attachmentIds = new[] { attachmentId } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var tokenId = (await (await agent.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "owner" })).JsonAsync()).GetProperty("id").GetGuid();

        var policy = await admin.PostAsJsonAsync("/api/v1/admin/sla/policies", new { name = "owner policy", calendar = "24x7", targets = new { firstResponseMinutes = 60 } });
        policy.StatusCode.ShouldBe(HttpStatusCode.Created, await policy.Content.ReadAsStringAsync());
        (await admin.PutAsync("/api/v1/admin/sla/calendars/owner-cal", new StringContent(Calendar, System.Text.Encoding.UTF8, "application/json")))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/escalate", new { reason = "升级" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var subTask = await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/subtasks", new { title = "财务核对", teamId = owner.Team.Id });
        subTask.StatusCode.ShouldBe(HttpStatusCode.Created, await subTask.Content.ReadAsStringAsync());
        var subTaskId = (await subTask.JsonAsync()).GetProperty("id").GetGuid();
        (await agent.PostAsync($"/api/v1/tickets/{number}/subtasks/{subTaskId}/done", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = owner.App.Db();
        var notificationId = await db.Notifications.Where(n => n.WorkspaceId == owner.Workspace.Id).Select(n => n.Id).FirstAsync();

        // An agent number no other test workspace has, so a stranger naming it reaches nothing of its own.
        var ownAgentNumber = "6" + number.ToString(CultureInfo.InvariantCulture)[^4..] + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        using (var scope = owner.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<Kefu.Server.Features.Workspaces.WorkspaceProvisioning>().CreateAgentAsync(
                owner.Workspace.Id, ownAgentNumber, "路由目标", $"target@{owner.Workspace.Slug}.test", Kefu.Domain.Agents.AgentRole.Agent, TestWorkspace.Password, CancellationToken.None);
        }

        var deliveryId = await db.OutboxMessages.Where(m => m.TargetId == webhookId).Select(m => m.Id).FirstAsync();
        var mailbox = await admin.PostAsJsonAsync("/api/v1/admin/channels/email", new { fromAddress = $"kefu@{owner.Workspace.Slug}.test", smtpHost = "127.0.0.1", smtpPassword = "owner-smtp-secret" });
        mailbox.StatusCode.ShouldBe(HttpStatusCode.Created, await mailbox.Content.ReadAsStringAsync());
        var channel = await admin.PostAsJsonAsync("/api/v1/admin/channels", new { name = "owner channel" });
        channel.StatusCode.ShouldBe(HttpStatusCode.Created);
                return new RouteTargets(
            owner.Workspace.Slug, number, CustomerExternalId, ownAgentNumber, attachmentId, tokenId,
            (await policy.JsonAsync()).GetProperty("id").GetGuid(), notificationId, "owner-cal", owner.Team.Id)
        {
            WebhookId = webhookId, WebhookDeliveryId = deliveryId, CampaignKey = "owner-campaign", SubTaskId = subTaskId,
            EmailChannelId = (await mailbox.JsonAsync()).GetProperty("channel").GetProperty("id").GetGuid(),
            ChannelKey = (await channel.JsonAsync()).GetProperty("key").GetString()!,
        };
    }

    /// <summary>The pattern with every route value replaced by this workspace's record of that kind.</summary>
    public string Fill(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return pattern
            .Replace("{number:long}", Number.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{externalId}", ExternalId, StringComparison.Ordinal)
            .Replace("{slug}", Slug, StringComparison.Ordinal)
            .Replace("{agentNumber}", AgentNumber, StringComparison.Ordinal)
            .Replace("{channelKey:regex(^ch_)}", ChannelKey, StringComparison.Ordinal)
            .Replace("/attachments/{id:guid}", $"/attachments/{AttachmentId}", StringComparison.Ordinal)
            .Replace("/tokens/{id:guid}", $"/tokens/{TokenId}", StringComparison.Ordinal)
            .Replace("/policies/{id:guid}", $"/policies/{PolicyId}", StringComparison.Ordinal)
            .Replace("/teams/{id:guid}", $"/teams/{TeamId}", StringComparison.Ordinal)
            .Replace("/subtasks/{id:guid}", $"/subtasks/{SubTaskId}", StringComparison.Ordinal)
            .Replace("/notifications/{id:guid}", $"/notifications/{NotificationId}", StringComparison.Ordinal)
            .Replace("/calendars/{key}", $"/calendars/{CalendarKey}", StringComparison.Ordinal)
            .Replace("/webhooks/{id:guid}", $"/webhooks/{WebhookId}", StringComparison.Ordinal)
            .Replace("{deliveryId:guid}", WebhookDeliveryId.ToString(), StringComparison.Ordinal)
            .Replace("/proactive/{campaignKey}", $"/proactive/{CampaignKey}", StringComparison.Ordinal)
            .Replace("/channels/email/{id:guid}", $"/channels/email/{EmailChannelId}", StringComparison.Ordinal)
            .Replace("/follow-ups/{id:guid}", $"/follow-ups/{Guid.Empty}", StringComparison.Ordinal)
            .Replace("/csat/{token}", "/csat/no-such-survey-link", StringComparison.Ordinal)

            // Records a route names by id alone (a macro, an integration key): a real id that exists nowhere.
            .Replace("{id:guid}", Guid.CreateVersion7().ToString(), StringComparison.Ordinal);
    }

    private const string Calendar = """
        { "name": "owner calendar", "timeZone": "Asia/Shanghai",
          "weeklyHours": { "monday": ["09:00-18:00"], "tuesday": [], "wednesday": [], "thursday": [], "friday": [], "saturday": [], "sunday": [] },
          "holidays": [], "makeupWorkdays": [] }
        """;
}
