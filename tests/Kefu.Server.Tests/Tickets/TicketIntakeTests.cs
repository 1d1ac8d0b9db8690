using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Tickets;

public sealed class TicketIntakeTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CreateTicket_ValidIntake_Returns201WithNumberAndStoresEverything(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();

        var response = await client.PostAsJsonAsync("/api/v1/tickets", Api.NewTicket());

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.JsonAsync();
        var number = body.GetProperty("number").GetInt64();
        number.ShouldBe(10001);
        body.GetProperty("status").GetString().ShouldBe("new");
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/tickets/{number}");

        var ticket = await (await client.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        ticket.GetProperty("subject").GetString().ShouldBe("退款一直没有到账");
        ticket.GetProperty("category").GetString().ShouldBe("refund");
        ticket.GetProperty("team").GetProperty("name").GetString().ShouldBe("售后退款组");
        ticket.GetProperty("orderNumber").GetString().ShouldBe("FS20261118-0032");
        ticket.GetProperty("occurredAt").GetDateTimeOffset().ShouldBe(DateTimeOffset.Parse("2026-11-12T02:30:00Z", System.Globalization.CultureInfo.InvariantCulture));
        ticket.GetProperty("desiredOutcome").GetString().ShouldBe("尽快原路退款");
        ticket.GetProperty("customer").GetProperty("externalId").GetString().ShouldBe("u-1001");
        ticket.GetProperty("messages").GetArrayLength().ShouldBe(1);
        ticket.GetProperty("timeline")[0].GetProperty("kind").GetString().ShouldBe("ticket.created");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CreateTicket_Sequence_NumbersAreConsecutivePerWorkspace(Provider provider)
    {
        var first = await apps.WorkspaceAsync(provider);
        var second = await apps.WorkspaceAsync(provider);
        using var a = first.Integration();
        using var b = second.Integration();

        (await a.CreateTicketAsync()).ShouldBe(10001);
        (await a.CreateTicketAsync()).ShouldBe(10002);
        (await b.CreateTicketAsync()).ShouldBe(10001);
        (await a.CreateTicketAsync()).ShouldBe(10003);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CreateTicket_SameIdempotencyKeyTwice_ReturnsFirstResultAndCreatesOne(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();
        client.DefaultRequestHeaders.Add("Idempotency-Key", "order-FS1-complaint");

        var first = await client.PostAsJsonAsync("/api/v1/tickets", Api.NewTicket());
        var retry = await client.PostAsJsonAsync("/api/v1/tickets", Api.NewTicket());

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await retry.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        retry.Headers.Location.ShouldBe(first.Headers.Location);
        await using var db = ws.App.Db();
        (await db.Tickets.CountAsync(t => t.WorkspaceId == ws.Workspace.Id)).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CreateTicket_ConcurrentRetriesWithOneKey_CreateExactlyOneTicket(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets") { Content = JsonContent.Create(Api.NewTicket()) };
            request.Headers.Add("Idempotency-Key", "same-key");
            return client.SendAsync(request);
        }));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        var numbers = await Task.WhenAll(responses.Select(async r => (await r.JsonAsync()).GetProperty("number").GetInt64()));
        numbers.Distinct().Count().ShouldBe(1);
        await using var db = ws.App.Db();
        (await db.Tickets.CountAsync(t => t.WorkspaceId == ws.Workspace.Id)).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CreateTicket_KeyReusedWithDifferentBody_Returns422AndCreatesNothingNew(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();
        client.DefaultRequestHeaders.Add("Idempotency-Key", "k-1");
        await client.CreateTicketAsync();

        var response = await client.PostAsJsonAsync("/api/v1/tickets", Api.NewTicket(subject: "另一个问题"));

        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        await using var db = ws.App.Db();
        (await db.Tickets.CountAsync(t => t.WorkspaceId == ws.Workspace.Id)).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CreateTicket_ManyFirstTicketsFromOneNewCustomerAtOnce_CreateOneCustomer(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            client.PostAsJsonAsync("/api/v1/tickets", Api.NewTicket(externalId: "brand-new-customer", subject: $"问题 {i}"))));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        await using var db = ws.App.Db();
        var customers = await db.Customers.Where(c => c.WorkspaceId == ws.Workspace.Id).ToListAsync();
        customers.Count.ShouldBe(1);
        var tickets = await db.Tickets.Where(t => t.WorkspaceId == ws.Workspace.Id).ToListAsync();
        tickets.Count.ShouldBe(40);
        tickets.ShouldAllBe(t => t.CustomerId == customers[0].Id);
        tickets.Select(t => t.Number).Distinct().Count().ShouldBe(40);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CreateTicket_NewCustomerWithSeveralEmailsAtOnce_KeepsEveryEmailAsOneIdentity(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => client.PostAsJsonAsync("/api/v1/tickets", new
        {
            customer = new { externalId = "multi-mail", name = "林佳怡", email = $"lin{i % 5}@example.com", phone = "13900139002" },
            subject = $"问题 {i}",
            description = "同时提交的多个问题",
        })));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        await using var db = ws.App.Db();
        var customer = await db.Customers.Include(c => c.Identities).SingleAsync(c => c.WorkspaceId == ws.Workspace.Id);
        customer.Identities.Select(i => (i.Kind, i.Handle)).OrderBy(i => i.Handle).ShouldBe(
            new[] { (Kefu.Domain.Customers.IdentityKind.Phone, "13900139002"), (Kefu.Domain.Customers.IdentityKind.ExternalId, "multi-mail") }
                .Concat(Enumerable.Range(0, 5).Select(i => (Kefu.Domain.Customers.IdentityKind.Email, $"lin{i}@example.com")))
                .OrderBy(i => i.Item2));
        (await db.Tickets.CountAsync(t => t.CustomerId == customer.Id)).ShouldBe(30);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CreateTicket_KnownCustomer_UpdatesContactWithoutDuplicatingIdentities(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();
        await client.CreateTicketAsync(Api.NewTicket(externalId: "u-7"));
        await client.CreateTicketAsync(new
        {
            customer = new { externalId = "u-7", name = "陈晓明", email = "new@example.com" },
            subject = "第二个问题",
            description = "还有一个问题",
        });

        await using var db = ws.App.Db();
        var customer = await db.Customers.Include(c => c.Identities).SingleAsync(c => c.WorkspaceId == ws.Workspace.Id);
        customer.Email.ShouldBe("new@example.com");
        customer.Phone.ShouldBe("13800138000");
        customer.Identities.Select(i => (i.Kind, i.Handle)).Distinct().Count().ShouldBe(customer.Identities.Count);
        customer.Identities.Count.ShouldBe(4);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CreateTicket_WithMerchant_KeepsMerchant(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();
        var number = await client.CreateTicketAsync(new
        {
            customer = new { externalId = "u-8", name = "买家" },
            subject = "商家发错货",
            description = "发来的是小号",
            merchantId = ws.Merchant.Id,
            channel = "app",
        });

        var ticket = await (await client.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        ticket.GetProperty("merchantId").GetGuid().ShouldBe(ws.Merchant.Id);
        ticket.GetProperty("channel").GetString().ShouldBe("app");
    }
}
