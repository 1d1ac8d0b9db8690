using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Storage;

public sealed class SchemaTests
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Migrations_FromScratch_MatchTheModel(Provider provider)
    {
        await using var app = await KefuApp.StartAsync(provider);
        await using var db = app.Db();

        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).ShouldNotBeEmpty();
        db.Database.HasPendingModelChanges().ShouldBeFalse("the model has changes no migration captures: run scripts/add-migration.sh");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Restart_KeepsEverythingAcknowledged(Provider provider)
    {
        await using var app = await KefuApp.StartAsync(provider);
        var ws = await app.CreateWorkspaceAsync();
        var numbers = new List<long>();
        using (var client = ws.Integration())
        {
            numbers.AddRange(await Task.WhenAll(Enumerable.Range(0, 25).Select(i => client.CreateTicketAsync(Api.NewTicket(externalId: $"u-{i % 5}")))));
            (await client.PostAsJsonAsync($"/api/v1/tickets/{numbers[0]}/messages", new { body = "重启前的补充" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        await using var restarted = app.Restart();
        await app.DisposeAsyncKeepingDatabase();
        using var after = restarted.CreateClient();
        after.DefaultRequestHeaders.Authorization = new("Bearer", ws.IntegrationKey);
        foreach (var number in numbers)
        {
            (await after.GetAsync($"/api/v1/tickets/{number}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var first = await (await after.GetAsync($"/api/v1/tickets/{numbers[0]}")).JsonAsync();
        first.GetProperty("messages").GetArrayLength().ShouldBe(2);
        (await after.CreateTicketAsync()).ShouldBe(10026);
        await using var db = restarted.Db();
        (await db.Customers.CountAsync(c => c.WorkspaceId == ws.Workspace.Id)).ShouldBe(6, "five before the restart, one after");
    }
}
