using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Attachments;

/// <summary>
/// Where attachment bytes live. Embedded mode keeps them on local disk; several nodes share them
/// through the database (or, later, an object store) because no node's disk is visible to the others.
/// </summary>
public interface IBlobStore
{
    Task SaveAsync(string key, Stream content, CancellationToken cancellationToken);

    Task<Stream?> OpenAsync(string key, CancellationToken cancellationToken);
}

public sealed class FileSystemBlobStore(string root) : IBlobStore
{
    public async Task SaveAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".part";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await content.CopyToAsync(file, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public Task<Stream?> OpenAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        return Task.FromResult<Stream?>(File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous) : null);
    }

    /// <summary>Keys are made by us (workspace/yyyy/MM/guid), but a key never escapes the root all the same.</summary>
    private string PathOf(string key)
    {
        var full = Path.GetFullPath(Path.Combine(root, key));
        return full.StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new ArgumentException("Blob key escapes the store.", nameof(key));
    }
}

public sealed class DatabaseBlobStore(IDbContextFactory<KefuDbContext> contextFactory) : IBlobStore
{
    public async Task SaveAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.Blobs.Add(new StoredBlob { Key = key, Content = buffer.ToArray() });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Stream?> OpenAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var content = await db.Blobs.Where(b => b.Key == key).Select(b => b.Content).FirstOrDefaultAsync(cancellationToken);
        return content is null ? null : new MemoryStream(content, writable: false);
    }
}
