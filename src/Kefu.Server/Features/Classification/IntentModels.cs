using System.Collections.Concurrent;
using System.Diagnostics;
using Kefu.Domain.Classification;
using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Classification;

/// <summary>A workspace's classifier as served: the model and the version stored with it.</summary>
public sealed record ServedModel(int Version, IntentClassifier Classifier, DateTimeOffset TrainedAt);

/// <summary>
/// Holds each workspace's current classifier in memory and trains new ones. A new model is trained off the request path,
/// stored as the next version, and only then swapped in with one reference assignment, so every prediction is made by
/// one whole model. Other nodes pick up a newer stored version within <see cref="RefreshEvery"/>.
/// </summary>
public sealed partial class IntentModels(IDbContextFactory<KefuDbContext> contextFactory, TimeProvider time, ILogger<IntentModels> logger)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(30);

    /// <summary>Fewer examples than this per label teach nothing reliable; such labels are left out of training.</summary>
    public const int MinimumExamplesPerLabel = 2;

    private readonly ConcurrentDictionary<Guid, Entry> _served = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _training = new();

    private sealed record Entry(ServedModel? Model, DateTimeOffset CheckedAt);

    /// <summary>The workspace's current model, or null when it has none yet.</summary>
    public async Task<ServedModel?> CurrentAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_served.TryGetValue(workspaceId, out var entry) && now - entry.CheckedAt < RefreshEvery)
        {
            return entry.Model;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var latest = await db.ClassifierModels.AsNoTracking().Where(m => m.WorkspaceId == workspaceId)
            .OrderByDescending(m => m.Version).Select(m => new { m.Version, m.TrainedAt }).FirstOrDefaultAsync(cancellationToken);
        var model = entry?.Model;
        if (latest is not null && latest.Version != model?.Version)
        {
            var bytes = await db.ClassifierModels.AsNoTracking().Where(m => m.WorkspaceId == workspaceId && m.Version == latest.Version)
                .Select(m => m.Model).FirstAsync(cancellationToken);
            using var stream = new MemoryStream(bytes);
            model = new ServedModel(latest.Version, IntentClassifier.Load(stream), latest.TrainedAt);
        }

        _served[workspaceId] = new Entry(model, now);
        return model;
    }

    /// <summary>Predicts a category code for the text, or null when the workspace has no model.</summary>
    public async Task<(IntentPrediction Prediction, int Version)?> PredictAsync(Guid workspaceId, string text, CancellationToken cancellationToken)
    {
        var model = await CurrentAsync(workspaceId, cancellationToken);
        return model is null ? null : (model.Classifier.Predict(text), model.Version);
    }

    /// <summary>Whether examples were added since the current model was trained.</summary>
    public async Task<bool> IsStaleAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var trainedAt = await db.ClassifierModels.Where(m => m.WorkspaceId == workspaceId).MaxAsync(m => (DateTimeOffset?)m.TrainedAt, cancellationToken);
        var newest = await db.TrainingExamples.Where(e => e.WorkspaceId == workspaceId).MaxAsync(e => (DateTimeOffset?)e.CreatedAt, cancellationToken);
        return newest is not null && (trainedAt is null || newest > trainedAt);
    }

    /// <summary>Trains on every example of the workspace, stores the model as the next version and serves it.</summary>
    /// <returns>The new version, or null when there is not enough to learn from (fewer than two labels).</returns>
    public async Task<int?> RetrainAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var gate = _training.GetOrAdd(workspaceId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            var startedAt = time.GetUtcNow();
            var examples = await db.TrainingExamples.AsNoTracking().Where(e => e.WorkspaceId == workspaceId)
                .Select(e => new LabelledText(e.Text, e.Label)).ToListAsync(cancellationToken);
            var usable = examples.GroupBy(e => e.Label, StringComparer.Ordinal).Where(g => g.Count() >= MinimumExamplesPerLabel).SelectMany(g => g).ToList();
            if (usable.Select(e => e.Label).Distinct(StringComparer.Ordinal).Count() < 2)
            {
                return null;
            }

            var watch = Stopwatch.StartNew();
            var classifier = await Task.Run(() => IntentClassifier.Train(usable, new IntentTrainingOptions(), cancellationToken: cancellationToken), cancellationToken);
            watch.Stop();
            using var stream = new MemoryStream();
            classifier.Save(stream);

            var version = (await db.ClassifierModels.Where(m => m.WorkspaceId == workspaceId).MaxAsync(m => (int?)m.Version, cancellationToken) ?? 0) + 1;
            db.ClassifierModels.Add(new ClassifierModel
            {
                Id = Guid.CreateVersion7(), WorkspaceId = workspaceId, Version = version, TrainedAt = startedAt, ExampleCount = usable.Count,
                LabelCount = classifier.Labels.Count, TrainSeconds = watch.Elapsed.TotalSeconds, Model = stream.ToArray(),
            });
            await db.SaveChangesAsync(cancellationToken);
            _served[workspaceId] = new Entry(new ServedModel(version, classifier, startedAt), time.GetUtcNow());
            LogTrained(logger, workspaceId, version, usable.Count, watch.Elapsed.TotalSeconds);
            return version;
        }
        finally
        {
            gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Classifier of workspace {WorkspaceId} retrained: version {Version} from {Examples} examples in {Seconds:0.0} s")]
    private static partial void LogTrained(ILogger logger, Guid workspaceId, int version, int examples, double seconds);
}

/// <summary>Retrains, in the background, every workspace whose examples changed since its model was trained.</summary>
public sealed partial class Retraining(IDbContextFactory<KefuDbContext> contextFactory, IntentModels models, TimeProvider time, ILogger<Retraining> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        try
        {
            do
            {
                try
                {
                    await using var db = await contextFactory.CreateDbContextAsync(stoppingToken);
                    var workspaces = await db.TrainingExamples.Select(e => e.WorkspaceId).Distinct().ToListAsync(stoppingToken);
                    foreach (var workspaceId in workspaces)
                    {
                        if (await models.IsStaleAsync(workspaceId, stoppingToken))
                        {
                            await models.RetrainAsync(workspaceId, stoppingToken);
                        }
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; a half-trained model is simply not stored.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background retraining failed; the current models stay in service")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
