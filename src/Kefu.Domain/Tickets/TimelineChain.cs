using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Kefu.Domain.Tickets;

/// <summary>
/// The hash chain that makes a ticket's timeline tamper-evident. Each entry's hash is SHA-256 over
/// the previous entry's hash (32 zero bytes before the first) followed by the entry's canonical bytes;
/// the ticket keeps the latest hash and the count, so a changed, removed or inserted entry anywhere
/// breaks the chain. docs/receipts.md describes the bytes for anyone who wants to check them.
/// </summary>
public static class TimelineChain
{
    public const string Version = "kefu.timeline.v1";
    public const int HashLength = 32;

    /// <summary>What a timeline entry about a message records, so the message body is bound to the chain too.</summary>
    public const string MessageIdField = "messageId";
    public const string BodyHashField = "bodySha256";

    private static readonly byte[] Genesis = new byte[HashLength];

    public static byte[] Link(ReadOnlySpan<byte> previousHash, AuditEvent entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var canonical = Canonical(entry);
        var input = new byte[HashLength + canonical.Length];
        (previousHash.IsEmpty ? Genesis : previousHash).CopyTo(input);
        canonical.CopyTo(input, HashLength);
        return SHA256.HashData(input);
    }

    /// <summary>
    /// Each field as a 4-byte big-endian length and its UTF-8 bytes, an absent value as length
    /// 0xFFFFFFFF: no separator or escaping rule can make two different entries encode alike.
    /// </summary>
    public static byte[] Canonical(AuditEvent entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string?[] fields =
        [
            Version,
            entry.WorkspaceId.ToString("D"),
            entry.TicketId.ToString("D"),
            entry.Sequence.ToString(CultureInfo.InvariantCulture),
            entry.Kind,
            entry.ActorKind.ToString().ToLowerInvariant(),
            entry.ActorId?.ToString("D"),
            entry.ActorLabel,
            entry.IsPublic ? "true" : "false",
            entry.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
            entry.Data,
        ];
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields)
        {
            if (field is null)
            {
                BinaryPrimitives.WriteUInt32BigEndian(length, uint.MaxValue);
                buffer.Write(length);
                continue;
            }

            var bytes = Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }

        return buffer.ToArray();
    }

    public static string BodyHash(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
    }

    /// <summary>
    /// Walks one ticket's stored timeline and says where it first stops matching what was written.
    /// </summary>
    /// <param name="recordedLength">How many entries the ticket says it has.</param>
    /// <param name="recordedHead">The hash of the latest entry as the ticket keeps it.</param>
    /// <param name="entries">The ticket's entries, ordered by <see cref="AuditEvent.Sequence"/>.</param>
    /// <param name="messageBodies">The ticket's messages by id, to check against the body hashes the chain holds.</param>
    public static TimelineCheck Verify(int recordedLength, byte[]? recordedHead, IReadOnlyList<AuditEvent> entries, IReadOnlyDictionary<Guid, string> messageBodies)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(messageBodies);
        var previous = Genesis;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var expected = i + 1;
            if (entry.Sequence != expected)
            {
                return Broken(entries, i, expected, entry.Sequence > expected ? $"entry {expected} is missing" : $"entry {entry.Sequence} appears twice");
            }

            if (entry.Hash.Length == 0)
            {
                return Broken(entries, i, expected, $"entry {expected} ({entry.Kind}) has no hash: it was written before timelines were chained, or its hash was removed");
            }

            if (!CryptographicOperations.FixedTimeEquals(Link(previous, entry), entry.Hash))
            {
                return Broken(entries, i, expected, $"entry {expected} ({entry.Kind}, {entry.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z) does not match its hash: it was changed after it was written");
            }

            if (MessageProblem(entry, messageBodies) is { } problem)
            {
                return Broken(entries, i, expected, problem);
            }

            previous = entry.Hash;
        }

        if (entries.Count != recordedLength)
        {
            return Broken(entries, entries.Count, entries.Count + 1,
                $"the ticket records {recordedLength} timeline entries but {entries.Count} are stored");
        }

        if (entries.Count > 0 && (recordedHead is null || !recordedHead.AsSpan().SequenceEqual(previous)))
        {
            return Broken(entries, entries.Count, entries.Count, "the ticket's recorded chain head does not match its last entry");
        }

        return new TimelineCheck(entries.Count, entries.Count == 0 ? null : previous, null);
    }

    private static string? MessageProblem(AuditEvent entry, IReadOnlyDictionary<Guid, string> messageBodies)
    {
        if (entry.Data is null || !entry.Data.Contains(BodyHashField, StringComparison.Ordinal))
        {
            return null;
        }

        using var data = JsonDocument.Parse(entry.Data);
        if (!data.RootElement.TryGetProperty(MessageIdField, out var id) || !data.RootElement.TryGetProperty(BodyHashField, out var hash))
        {
            return null;
        }

        if (!messageBodies.TryGetValue(id.GetGuid(), out var body))
        {
            return $"the message of entry {entry.Sequence} ({entry.Kind}) is missing";
        }

        return BodyHash(body) == hash.GetString()
            ? null
            : $"the message of entry {entry.Sequence} ({entry.Kind}) was changed after it was written";
    }

    private static TimelineCheck Broken(IReadOnlyList<AuditEvent> entries, int intactCount, int sequence, string reason) =>
        new(intactCount, intactCount == 0 ? null : entries[intactCount - 1].Hash, new ChainBreak(sequence, reason));
}

/// <summary>The result of walking a timeline: how far it holds, and the first break if there is one.</summary>
/// <param name="IntactEntries">Entries from the first that verify; all of them when <see cref="Break"/> is null.</param>
/// <param name="Head">The hash of the last intact entry.</param>
public sealed record TimelineCheck(int IntactEntries, byte[]? Head, ChainBreak? Break)
{
    public bool IsIntact => Break is null;
}

public sealed record ChainBreak(int Sequence, string Reason);
