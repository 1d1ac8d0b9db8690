namespace Kefu.Server.Storage;

/// <summary>
/// Work that joins every write batch just before it is saved, inside the same transaction: it sees what the batch's
/// writes added (new rows on <see cref="WriteScope"/>, entities the context tracks) and may add rows of its own.
/// Like a write, it may run twice when a batch is replayed, so it must have no other side effects.
/// </summary>
public interface IBatchParticipant
{
    Task BeforeSaveAsync(WriteScope scope);
}
