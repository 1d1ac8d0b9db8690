using Kefu.Domain.Tickets;
using Kefu.Server.Features.Demo;
using Kefu.Server.Features.Receipts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kefu.Server.Tests.Demo;

/// <summary>The large data set behind the benchmarks: batches, generated customers, a year of valid timelines.</summary>
public sealed class DemoSeederTests
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task LargeSeed_OverSeveralBatches_MakesAYearOfVerifiableTickets(Provider provider)
    {
        const int count = DemoSeeder.SaveBatch + 100;
        await using var app = await KefuApp.StartAsync(provider);
        var reported = new List<int>();
        using (var scope = app.Services.CreateScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<DemoSeeder>()
                .SeedAsync(null, count, CancellationToken.None, new SynchronousProgress(reported));
            created.ShouldBeTrue();
        }

        reported.ShouldBe([DemoSeeder.SaveBatch, count]);
        await using var db = app.Db();
        var tickets = await db.Tickets.AsNoTracking().OrderBy(t => t.Number).Select(t => new { t.Number, t.CreatedAt, t.Status, t.Subject }).ToListAsync();
        tickets.Count.ShouldBe(count);
        (tickets[^1].Number - tickets[0].Number).ShouldBe(count - 1, "numbers are gap-free");
        tickets.Zip(tickets.Skip(1)).ShouldAllBe(pair => pair.First.CreatedAt < pair.Second.CreatedAt, "numbers follow creation order");
        (tickets.Max(t => t.CreatedAt) - tickets.Min(t => t.CreatedAt)).TotalDays.ShouldBeInRange(360, 366);
        tickets.Count(t => t.Status == TicketStatus.Solved).ShouldBe(count - 24);
        var english = tickets.Count(t => t.Subject.All(c => c < 0x2E80));
        english.ShouldBeInRange(count / 10, count / 5, "about one customer in seven writes in English");

        var customers = await db.Customers.CountAsync();
        customers.ShouldBeGreaterThan(count / 8);
        (await db.CustomerIdentities.CountAsync()).ShouldBe(customers * 2);

        using var output = new StringWriter();
        (await TimelineVerification.RunAsync(app.Services, DemoSeeder.Slug, output, CancellationToken.None)).ShouldBe(0, output.ToString());
    }

    private sealed class SynchronousProgress(List<int> reported) : IProgress<int>
    {
        public void Report(int value) => reported.Add(value);
    }
}
