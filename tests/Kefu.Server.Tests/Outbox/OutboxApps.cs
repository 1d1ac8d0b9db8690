using System.Collections.Concurrent;
using System.Diagnostics;
using Kefu.Domain.Outbox;
using Kefu.Server.Features.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kefu.Server.Tests.Outbox;

/// <summary>Servers whose outbox polls often and retries within a second, so back-off and dead-lettering fit in a test.</summary>
public sealed class OutboxApps : ProviderApps
{
    public static readonly IReadOnlyDictionary<string, string> Fast = new Dictionary<string, string>
    {
        ["Outbox:Enabled"] = "true",
        ["Outbox:PollInterval"] = "00:00:00.050",
        ["Outbox:FirstRetryDelay"] = "00:00:00.400",
        ["Outbox:MaxRetryDelay"] = "00:00:02",
        ["Outbox:MaxAttempts"] = "3",

        // Pruning tests run a pruner of their own, with their own clock.
        ["Outbox:PruneEnabled"] = "false",
        ["Webhooks:AllowPrivateTargets"] = "true",
        ["Proactive:PollInterval"] = "00:00:00.100",
        ["Proactive:BatchSize"] = "50",
    };

    protected override IReadOnlyDictionary<string, string>? Settings => Fast;

    protected override Action<IServiceCollection>? ExtraServices => AddStandIns;

    /// <summary>Stand-ins for the email and WeChat senders, which other features provide: they record what they were given.</summary>
    public static void AddStandIns(IServiceCollection services)
    {
        services.AddSingleton<IOutboxDelivery>(new RecordingDelivery("email"));
        services.AddSingleton<IOutboxDelivery>(new RecordingDelivery("wechat"));
    }

    public static RecordingDelivery Recorder(KefuApp app, string kind) =>
        app.Services.GetServices<IOutboxDelivery>().OfType<RecordingDelivery>().Single(d => d.Kind == kind);

    public static Dictionary<string, string> With(params (string Key, string Value)[] changes)
    {
        var settings = new Dictionary<string, string>(Fast);
        foreach (var (key, value) in changes)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static async Task<List<OutboxMessage>> RowsAsync(KefuApp app, Guid workspaceId)
    {
        await using var db = app.Db();
        return await db.OutboxMessages.AsNoTracking().Where(m => m.WorkspaceId == workspaceId).OrderBy(m => m.CreatedAt).ToListAsync();
    }

    public static async Task<List<OutboxMessage>> WaitForRowsAsync(KefuApp app, Guid workspaceId, Func<List<OutboxMessage>, bool> done)
    {
        var started = Stopwatch.GetTimestamp();
        var rows = await RowsAsync(app, workspaceId);
        while (!done(rows) && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100);
            rows = await RowsAsync(app, workspaceId);
        }

        done(rows).ShouldBeTrue(string.Join("; ", rows.Select(r => $"{r.Kind} attempts={r.Attempts} delivered={r.DeliveredAt} dead={r.DeadLetteredAt} error={r.LastError}")));
        return rows;
    }
}

/// <summary>A delivery that keeps what it is given, in place of a real sender.</summary>
public sealed class RecordingDelivery(string kind) : IOutboxDelivery
{
    private readonly ConcurrentQueue<OutboxMessage> _sent = new();

    public string Kind => kind;

    public IReadOnlyCollection<OutboxMessage> Sent => _sent;

    public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        _sent.Enqueue(message);
        return Task.CompletedTask;
    }
}
