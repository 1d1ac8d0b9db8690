using Kefu.Domain.Outbox;
using Kefu.Domain.Webhooks;
using Kefu.Persistence;
using Kefu.Server.Features.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kefu.Server.Tests.Outbox;

public sealed class OutboxPruningTests(OutboxApps apps) : IClassFixture<OutboxApps>
{
    // No delivery is registered for this kind, so the running deliverer leaves the test's rows alone.
    private const string Kind = "prune-test";

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Pruning_DeliveredRowsPastRetention_DeletesThemAndTheirAttemptsInBatches(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var now = ws.App.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var old = now - TimeSpan.FromDays(31);
        var recent = now - TimeSpan.FromDays(29);
        var endpoint = new WebhookEndpoint
        {
            Id = Guid.NewGuid(), WorkspaceId = ws.Workspace.Id, Url = "https://example.test/hook", ProtectedSecret = "x", SecretPrefix = "x", CreatedAt = old, UpdatedAt = old,
        };
        var oldDelivered = Enumerable.Range(0, 5).Select(_ => Row(ws.Workspace.Id, old, delivered: old)).ToList();
        var recentDelivered = Row(ws.Workspace.Id, old, delivered: recent);
        var deadLettered = Row(ws.Workspace.Id, old, deadLettered: old);
        var due = Row(ws.Workspace.Id, old);
        await using (var db = ws.App.Db())
        {
            db.WebhookEndpoints.Add(endpoint);
            db.OutboxMessages.AddRange([.. oldDelivered, recentDelivered, deadLettered, due]);
            db.WebhookAttempts.AddRange([.. oldDelivered.Select(r => Attempt(endpoint, r, old)), Attempt(endpoint, recentDelivered, recent), Attempt(endpoint, deadLettered, old), Attempt(endpoint, due, old)]);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var pruner = new OutboxPruner(
            ws.App.Services.GetRequiredService<IDbContextFactory<KefuDbContext>>(),
            new OutboxRetention(TimeSpan.FromDays(30), TimeSpan.FromHours(1), BatchSize: 2),
            new FakeTimeProvider(now),
            NullLogger<OutboxPruner>.Instance);
        var pruned = await pruner.PruneOnceAsync(TestContext.Current.CancellationToken);

        await using (var db = ws.App.Db())
        {
            var left = await db.OutboxMessages.Where(m => m.WorkspaceId == ws.Workspace.Id && m.Kind == Kind).Select(m => m.Id).ToListAsync(TestContext.Current.CancellationToken);
            left.ShouldBe([recentDelivered.Id, deadLettered.Id, due.Id], ignoreOrder: true);
            var attemptsLeft = await db.WebhookAttempts.Where(a => a.EndpointId == endpoint.Id).Select(a => a.DeliveryId).ToListAsync(TestContext.Current.CancellationToken);
            attemptsLeft.ShouldBe([recentDelivered.Id, deadLettered.Id, due.Id], ignoreOrder: true);
        }

        // Other tests on this server may have old rows too, so at least this test's five went.
        pruned.ShouldBeGreaterThanOrEqualTo(5);
        (await pruner.PruneOnceAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
    }

    private static OutboxMessage Row(Guid workspaceId, DateTimeOffset created, DateTimeOffset? delivered = null, DateTimeOffset? deadLettered = null) => new()
    {
        Id = Guid.NewGuid(), WorkspaceId = workspaceId, Kind = Kind, Payload = "{}", CreatedAt = created, NextAttemptAt = created,
        Attempts = delivered is null ? 0 : 1, DeliveredAt = delivered, DeadLetteredAt = deadLettered, LastError = deadLettered is null ? null : "gave up",
    };

    private static WebhookAttempt Attempt(WebhookEndpoint endpoint, OutboxMessage delivery, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(), WorkspaceId = endpoint.WorkspaceId, EndpointId = endpoint.Id, DeliveryId = delivery.Id, EventId = Guid.NewGuid(),
        EventType = "ticket.created", Attempt = 1, AttemptedAt = at, StatusCode = 200, DurationMs = 5, Succeeded = delivery.DeliveredAt is not null,
    };
}
