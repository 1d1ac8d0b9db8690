namespace Kefu.Persistence;

/// <summary>Attachment bytes kept in the database when nodes share no disk.</summary>
public sealed class StoredBlob
{
    public required string Key { get; init; }
    public required byte[] Content { get; init; }
}
