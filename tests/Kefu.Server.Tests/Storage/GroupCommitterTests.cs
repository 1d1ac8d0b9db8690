using Kefu.Domain.Tickets;
using Kefu.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kefu.Server.Tests.Storage;

public sealed class GroupCommitterTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Batch_WithFailingWrites_CommitsTheOthersAndFailsOnlyTheBadOnes(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var writer = ws.App.Services.GetRequiredService<GroupCommitter>();
        var now = DateTimeOffset.Parse("2026-11-20T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        var writes = Enumerable.Range(0, 60).Select(i => writer.ExecuteAsync(async scope =>
        {
            if (i % 7 == 3)
            {
                throw new InvalidOperationException("write " + i + " is broken");
            }

            var number = await scope.NextTicketNumberAsync(ws.Workspace.Id);
            var customer = new Kefu.Domain.Customers.Customer { Id = Guid.NewGuid(), WorkspaceId = ws.Workspace.Id, ExternalId = $"c-{i}", Name = "客户", CreatedAt = now };
            scope.Db.Customers.Add(customer);
            scope.Db.Tickets.Add(Ticket.Open(
                new NewTicket(ws.Workspace.Id, customer.Id, $"问题 {i}", "描述", null, TicketPriority.Normal, null, null, Channel.Api, null, null, null),
                number, Guid.NewGuid(), now));
            return number;
        }, CancellationToken.None)).ToList();

        foreach (var (write, i) in writes.Select((w, i) => (w, i)))
        {
            if (i % 7 == 3)
            {
                (await Should.ThrowAsync<InvalidOperationException>(write)).Message.ShouldBe("write " + i + " is broken");
            }
            else
            {
                (await write).ShouldBeGreaterThan(10000);
            }
        }

        await using var db = ws.App.Db();
        var numbers = await db.Tickets.Where(t => t.WorkspaceId == ws.Workspace.Id).Select(t => t.Number).OrderBy(n => n).ToListAsync();
        numbers.Count.ShouldBe(60 - 9);
        numbers.ShouldBe(Enumerable.Range(10001, numbers.Count).Select(n => (long)n), "ticket numbers have no gaps after a replayed batch");
        (await db.TicketCounters.SingleAsync(c => c.WorkspaceId == ws.Workspace.Id)).LastNumber.ShouldBe(numbers[^1]);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task ConcurrentIntake_WithRejectedRetries_LeavesNoNumberGaps(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();
        await client.SendAsync(Keyed("reused", Api.NewTicket(subject: "第一次")));

        var responses = await Task.WhenAll(Enumerable.Range(0, 48).Select(i => client.SendAsync(i % 4 == 0
            ? Keyed("reused", Api.NewTicket(subject: $"不同的内容 {i}"))
            : Keyed($"k-{i}", Api.NewTicket(externalId: $"u-{i % 6}", subject: $"问题 {i}")))));

        responses.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity).ShouldBe(12);
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(36);
        await using var db = ws.App.Db();
        var numbers = await db.Tickets.Where(t => t.WorkspaceId == ws.Workspace.Id).Select(t => t.Number).OrderBy(n => n).ToListAsync();
        numbers.ShouldBe(Enumerable.Range(10001, 37).Select(n => (long)n));
        (await db.Customers.CountAsync(c => c.WorkspaceId == ws.Workspace.Id)).ShouldBe(7);
    }

    private static HttpRequestMessage Keyed(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}
