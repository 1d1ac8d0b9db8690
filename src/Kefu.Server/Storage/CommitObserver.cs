using Kefu.Persistence;

namespace Kefu.Server.Storage;

/// <summary>
/// Sees what each committed batch changed, so that work which must follow a commit (live pushes, say) is
/// driven from one place rather than from every write. <see cref="Capture"/> runs inside the batch, before its
/// rows are written, and must only read the change tracker and the new rows; <see cref="Committed"/> runs once
/// the batch is durable, with what the captures of its kept writes returned, and must not block.
/// </summary>
public interface ICommitObserver
{
    /// <returns>What to hand to <see cref="Committed"/>, or null when this batch holds nothing of interest.</returns>
    object? Capture(KefuDbContext db, IReadOnlyList<object> newRows);

    void Committed(IReadOnlyList<object> captured);
}
