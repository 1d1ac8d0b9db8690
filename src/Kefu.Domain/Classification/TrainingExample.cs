namespace Kefu.Domain.Classification;

public enum ExampleSource
{
    /// <summary>Shipped with the workspace's categories (the demo seed, an import).</summary>
    Seed,

    /// <summary>Written by an admin to teach the classifier a category.</summary>
    Admin,

    /// <summary>An agent re-categorised a ticket: the strongest signal, since it corrects a real mistake.</summary>
    Correction,
}

/// <summary>One labelled text the workspace's classifier learns from; the label is a category code.</summary>
public sealed class TrainingExample
{
    public const int MaxTextLength = 2000;

    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string Text { get; init; }
    public required string Label { get; init; }
    public ExampleSource Source { get; init; }

    /// <summary>The ticket a correction came from, so a second correction of the same ticket replaces the first.</summary>
    public Guid? TicketId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A trained classifier kept with the data: versioned, so every prediction on the timeline names the model that made it.</summary>
public sealed class ClassifierModel
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public int Version { get; init; }
    public DateTimeOffset TrainedAt { get; init; }
    public int ExampleCount { get; init; }
    public int LabelCount { get; init; }
    public double TrainSeconds { get; init; }

    /// <summary>What <see cref="IntentClassifier.Save"/> wrote.</summary>
    public required byte[] Model { get; init; }
}
