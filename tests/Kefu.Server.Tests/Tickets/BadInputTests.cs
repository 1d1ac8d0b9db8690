using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Tickets;

/// <summary>Every rejected request answers with problem details and leaves the database as it was.</summary>
public sealed class BadInputTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    public static TheoryData<Provider, string, string> InvalidBodies()
    {
        var cases = new (string Body, string Field)[]
        {
            ("""{"customer":{"externalId":"u1","name":"张三"},"subject":"退款","description":"没到账""", "$"),
            ("""{"customer":{"externalId":"u1","name":"张三"},"subject":"","description":"没到账"}""", "subject"),
            ("""{"customer":{"externalId":"u1","name":"张三"},"description":"没到账"}""", "subject"),
            ("""{"customer":{"name":"张三"},"subject":"退款","description":"没到账"}""", "customer.externalId"),
            ("""{"subject":"退款","description":"没到账"}""", "customer"),
            ("""{"customer":{"externalId":"u1","name":"张三"},"subject":"退款"}""", "description"),
            ($$"""{"customer":{"externalId":"u1","name":"张三"},"subject":"{{new string('长', 201)}}","description":"没到账"}""", "subject"),
            ($$"""{"customer":{"externalId":"{{new string('x', 129)}}","name":"张三"},"subject":"退款","description":"没到账"}""", "customer.externalId"),
            ("""{"customer":{"externalId":"u1","name":"张三"},"subject":"退款","description":"没到账","category":"no-such-category"}""", "category"),
            ("""{"customer":{"externalId":"u1","name":"张三"},"subject":"退款","description":"没到账","category":"retired"}""", "category"),
            ("""{"customer":{"externalId":"u1","name":"张三"},"subject":"退款","description":"没到账","occurredAt":"上周三"}""", "occurredAt"),
            ("""{"customer":{"externalId":"u1","name":"张三"},"subject":"退款","description":"没到账","occurredAt":"2026-13-45T10:00:00Z"}""", "occurredAt"),
            ("""{"customer":{"externalId":"u1","name":"张三"},"subject":"退款","description":"没到账","occurredAt":"2099-01-01T00:00:00Z"}""", "occurredAt"),
            ("""{"customer":{"externalId":"u1","name":"张三","email":"not-an-email"},"subject":"退款","description":"没到账"}""", "customer.email"),
            ("""{"customer":{"externalId":"u1","name":"张三"},"subject":"退款","description":"没到账","merchantId":"nope"}""", "merchantId"),
            ("""{"customer":{"externalId":"u1","name":"张三"},"subject":"退款","description":"没到账","merchantId":"6f1c1f44-1111-4444-8888-123456789abc"}""", "merchantId"),
            ("""{"customer":{"externalId":"u1","name":"张三"},"subject":"退款","description":"没到账","channel":"carrier-pigeon"}""", "channel"),
            ("""{"customer":{"externalId":"u1","name":"张三"},"subject":123,"description":"没到账"}""", "subject"),
            ("""[]""", "$"),
        };
        var data = new TheoryData<Provider, string, string>();
        foreach (var provider in new[] { Provider.Sqlite, Provider.Postgres })
        {
            foreach (var (body, field) in cases)
            {
                data.Add(provider, body, field);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task CreateTicket_InvalidBody_Returns400WithFieldErrorAndWritesNothing(Provider provider, string body, string field)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();

        var response = await client.PostRawAsync("/api/v1/tickets", body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, field);
        await AssertNothingWrittenAsync(ws);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CreateTicket_OversizeBody_Returns413AndWritesNothing(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();
        var huge = new string('退', 200_000);

        var response = await client.PostAsJsonAsync("/api/v1/tickets", Api.NewTicket(subject: "x", extra: new
        {
            customer = new { externalId = "u1", name = "张三" }, subject = "退款", description = huge,
        }));

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingWrittenAsync(ws);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CreateTicket_WrongContentType_Returns415(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();

        var response = await client.PostRawAsync("/api/v1/tickets", "subject=退款", "application/x-www-form-urlencoded");

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await AssertNothingWrittenAsync(ws);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Requests_WithoutOrWithBadKey_Return401(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var anonymous = ws.App.CreateClient();
        using var wrongKey = ws.App.CreateClient();
        wrongKey.DefaultRequestHeaders.Authorization = new("Bearer", "kfk_not-a-real-key");

        await (await anonymous.PostAsJsonAsync("/api/v1/tickets", Api.NewTicket())).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await wrongKey.PostAsJsonAsync("/api/v1/tickets", Api.NewTicket())).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync("/api/v1/tickets/10001")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await wrongKey.GetAsync("/api/v1/customers/u-1001/tickets")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await AssertNothingWrittenAsync(ws);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task GetTicket_UnknownNumber_Returns404(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();

        await (await client.GetAsync("/api/v1/tickets/99999")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync("/api/v1/tickets/99999/messages", new { body = "在吗" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Tickets_OfAnotherWorkspace_AreNotFound(Provider provider)
    {
        var owner = await apps.WorkspaceAsync(provider);
        var stranger = await apps.WorkspaceAsync(provider);
        using var ownerClient = owner.Integration();
        using var strangerClient = stranger.Integration();
        var number = await ownerClient.CreateTicketAsync();
        using var strangerAgent = await stranger.SignedInAsync(stranger.Agent);

        await (await strangerClient.GetAsync($"/api/v1/tickets/{number}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await strangerClient.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "我是别人" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await strangerClient.GetAsync("/api/v1/customers/u-1001/tickets")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await strangerAgent.GetAsync($"/api/v1/tickets/{number}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await strangerAgent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "假客服" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var list = await (await strangerAgent.GetAsync("/api/v1/tickets")).JsonAsync();
        list.GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Tickets_OfAnotherCustomer_AreNotFoundWhenActingForACustomer(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();
        var number = await client.CreateTicketAsync(Api.NewTicket(externalId: "alice"));
        using var asBob = ws.Integration();
        asBob.DefaultRequestHeaders.Add("Kefu-Customer", "bob");
        using var asAlice = ws.Integration();
        asAlice.DefaultRequestHeaders.Add("Kefu-Customer", "alice");

        await (await asBob.GetAsync($"/api/v1/tickets/{number}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await asBob.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "我是鲍勃" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await asBob.GetAsync("/api/v1/customers/alice/tickets")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await asAlice.GetAsync($"/api/v1/tickets/{number}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = ws.App.Db();
        (await db.Messages.CountAsync(m => m.WorkspaceId == ws.Workspace.Id)).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task AddMessage_InvalidBody_Returns400AndWritesNothing(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();
        var number = await client.CreateTicketAsync();

        await (await client.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "body");
        await (await client.PostRawAsync($"/api/v1/tickets/{number}/messages", "{\"body\":")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "看图", attachmentIds = new[] { Guid.NewGuid() } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "attachmentIds");

        await using var db = ws.App.Db();
        (await db.Messages.CountAsync(m => m.WorkspaceId == ws.Workspace.Id)).ShouldBe(1);
        (await db.AuditEvents.CountAsync(m => m.WorkspaceId == ws.Workspace.Id)).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task ListCustomerTickets_BadPaging_Returns400(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();
        await client.CreateTicketAsync();

        await (await client.GetAsync("/api/v1/customers/u-1001/tickets?pageSize=1000")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "pageSize");
        await (await client.GetAsync("/api/v1/customers/u-1001/tickets?page=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "page");
        await (await client.GetAsync("/api/v1/customers/u-1001/tickets?page=abc")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    private static async Task AssertNothingWrittenAsync(TestWorkspace ws)
    {
        await using var db = ws.App.Db();
        (await db.Tickets.CountAsync(t => t.WorkspaceId == ws.Workspace.Id)).ShouldBe(0);
        (await db.Customers.CountAsync(c => c.WorkspaceId == ws.Workspace.Id)).ShouldBe(0);
        (await db.Messages.CountAsync(m => m.WorkspaceId == ws.Workspace.Id)).ShouldBe(0);
        (await db.AuditEvents.CountAsync(m => m.WorkspaceId == ws.Workspace.Id)).ShouldBe(0);
        (await db.TicketCounters.SingleAsync(c => c.WorkspaceId == ws.Workspace.Id)).LastNumber.ShouldBe(10000);
    }
}
