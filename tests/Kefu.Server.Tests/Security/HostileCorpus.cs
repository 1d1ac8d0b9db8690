using System.Collections;
using System.Net;
using System.Reflection;
using System.Text;

namespace Kefu.Server.Tests.Security;

/// <summary>What a hostile input may get: refused outright, or (legitimate text, say) accepted but handled safely.</summary>
public enum Expect
{
    Refused,
    Survives,
}

/// <param name="IsJson">The body is one well-formed JSON document (a route that answers any JSON may accept it).</param>
public sealed record BodyCase(string Name, byte[] Body, string? ContentType, Expect Expect, bool IsJson);

/// <summary>
/// The inputs an attacker, a broken client or a fuzzer sends. Field-level cases are made from each
/// route's declared request type, so a field added to a request is attacked the day it appears.
/// </summary>
public static class HostileCorpus
{
    private const string Json = "application/json";

    public static IEnumerable<BodyCase> Bodies()
    {
        BodyCase Malformed(string name, byte[] body) => new(name, body, Json, Expect.Refused, IsJson: false);
        BodyCase Document(string name, string body, Expect expect = Expect.Refused) => new(name, Encoding.UTF8.GetBytes(body), Json, expect, IsJson: true);
        byte[] Bytes(params object[] parts) => [.. parts.SelectMany(p => p is string s ? Encoding.UTF8.GetBytes(s) : (byte[])p)];

        yield return Malformed("truncated JSON", Bytes("""{"body":"在吗"""));
        yield return Malformed("trailing comma", Bytes("""{"body":"在吗",}"""));
        yield return Malformed("single quotes", Bytes("{'body':'在吗'}"));
        yield return Malformed("comment", Bytes("""{"body":"在吗" /* x */}"""));
        yield return Malformed("bare word", Bytes("undefined"));
        yield return Malformed("NaN literal", Bytes("""{"withinHours":NaN,"position":Infinity}"""));
        yield return Malformed("two documents", Bytes("""{"body":"a"}{"body":"b"}"""));
        yield return Malformed("raw NUL byte in a string", Bytes("""{"body":"a""", new byte[] { 0 }, "\"}"));
        yield return Malformed("raw control character in a string", Bytes("""{"body":"a""", new byte[] { 1, 0x1b }, "\"}"));
        yield return Malformed("invalid UTF-8 (C3 28)", Bytes("{\"body\":\"", new byte[] { 0xC3, 0x28 }, "\"}"));
        yield return Malformed("invalid UTF-8 (FF FE)", Bytes("{\"body\":\"", new byte[] { 0xFF, 0xFE, 0xFD }, "\"}"));
        yield return Malformed("overlong UTF-8 slash (C0 AF)", Bytes("""{"body":"..""", new byte[] { 0xC0, 0xAF }, "etc\"}"));
        yield return Malformed("UTF-8 encoded surrogate (ED A0 80)", Bytes("{\"body\":\"", new byte[] { 0xED, 0xA0, 0x80 }, "\"}"));
        yield return Malformed("invalid UTF-8 in a property name", Bytes("{\"", new byte[] { 0xFF }, "\":1}"));
        yield return Malformed("deep array nesting (10,000)", Bytes(new string('[', 10_000) + new string(']', 10_000)));
        yield return Malformed("deep object nesting (10,000)", Bytes(string.Concat(Enumerable.Repeat("""{"a":""", 10_000)) + "1" + new string('}', 10_000)));
        yield return Malformed("unterminated deep nesting (10,000)", Bytes(new string('[', 10_000)));
        yield return Malformed("UTF-16 body", Encoding.Unicode.GetBytes("""{"body":"在吗"}"""));
        yield return new BodyCase("empty body", [], Json, Expect.Survives, IsJson: false);

        yield return Document("JSON null", "null");
        yield return Document("JSON array", """[{"body":"在吗"}]""");
        yield return Document("JSON string", "\"在吗\"");
        yield return Document("JSON number", "1e309");
        yield return Document("duplicate keys", """{"body":"无害","body":"<script>alert(1)</script>","status":"open","status":"closed","name":"a","name":"b","reason":"a","reason":"b"}""", Expect.Survives);
        yield return Document("duplicate keys differing only by case", """{"body":"无害","Body":"<script>alert(1)</script>"}""", Expect.Survives);
        yield return Document("lone high surrogate", """{"body":"\uD800","name":"\uD800","reason":"\uD800","message":"\uD800"}""", Expect.Survives);
        yield return Document("lone low surrogate", """{"body":"x\uDC00y","name":"x\uDC00","reason":"\uDFFF","message":"\uDC00"}""", Expect.Survives);
        yield return Document("receipt naming a key with NUL", """{"document":{"type":"x"},"signature":{"algorithm":"ECDSA-P256-SHA256","keyId":"k\u0000' OR 1=1","value":"AA=="}}""", Expect.Survives);
        yield return Document("oversize (300 KB of text)", $$"""{"body":"{{new string('a', 300 * 1024)}}"}""");
        yield return Document("oversize (2 MB of CJK)", $$"""{"body":"{{new string('退', 700_000)}}"}""");
        yield return new BodyCase("UTF-8 byte order mark", Bytes(new byte[] { 0xEF, 0xBB, 0xBF }, """{"body":"在吗"}"""), Json, Expect.Survives, IsJson: false);

        var harmless = Encoding.UTF8.GetBytes("""{"body":"在吗"}""");
        foreach (var type in new string?[] { null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/jsonx", "text/json-ish", "*/*", "application/json/../xml" })
        {
            yield return new BodyCase($"content type '{type ?? "(none)"}'", harmless, type, Expect.Refused, IsJson: false);
        }
    }

    /// <summary>Text that is legitimate in a free-text field: it may be stored, but must come back inert and unchanged.</summary>
    public static readonly IReadOnlyList<(string Name, string Value)> HostileText =
    [
        ("script tag", "<script>alert(document.cookie)</script>"),
        ("attribute break-out", "\"><img src=x onerror=alert(1)>"),
        ("javascript URL", "javascript:alert(1)//"),
        ("SQL comment-out", "'; DROP TABLE \"Tickets\"; --"),
        ("SQL tautology", "' OR '1'='1"),
        ("SQL sleep", "1); SELECT pg_sleep(30); --"),
        ("LIKE wildcards", "%_%\\"),
        ("format string", "{0}{1}%s%n%x"),
        ("path traversal", "../../etc/passwd"),
        ("right-to-left override", "\u202Eexe.txt"),
        ("zero-width characters", "a\u200Bb\u200Cc\u200Dd\uFEFF"),
        ("emoji and sequences", "🙂👍🏽👨‍👩‍👧🇨🇳"),
        ("full-width digits", "１２３４５６"),
        ("non-characters", "\uFFFE\uFFFF"),
        ("combining marks", "Z̵̡̢͇̈́a̸͕͌l̷̰̃g̶̱̈́o̵͔͆"),
    ];

    /// <summary>Raw JSON values, by the kind of field they are sent to.</summary>
    private static IEnumerable<(string Name, string Json, Expect Expect)> ValuesFor(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string))
        {
            foreach (var wrong in new[] { "123", "true", "{}", "[\"a\"]", "1e309" })
            {
                yield return ($"wrong type {wrong}", wrong, Expect.Refused);
            }

            yield return ("lone surrogate", "\"a\\uD800b\"", Expect.Refused);
            yield return ("escaped NUL", "\"a\\u0000b\"", Expect.Survives);
            yield return ("escaped control characters", "\"\\u0007\\u001b[2J\\u0008\\u007f\\u0085\"", Expect.Survives);
            yield return ("overlong (100,000 characters)", "\"" + new string('x', 100_000) + "\"", Expect.Survives);
            foreach (var (name, value) in HostileText)
            {
                yield return (name, System.Text.Json.JsonSerializer.Serialize(value), Expect.Survives);
            }
        }
        else if (t.IsEnum)
        {
            foreach (var wrong in new[] { "12", "\"bogus\"", "true", "\"<script>\"", "\"1\"", "[]" })
            {
                yield return ($"wrong enum {wrong}", wrong, Expect.Refused);
            }
        }
        else if (t == typeof(int) || t == typeof(long))
        {
            foreach (var wrong in new[] { "\"1\"", "1.5", "true", "{}", "99999999999999999999999", "-99999999999999999999999", "1e309", "\"１２\"" })
            {
                yield return ($"wrong number {wrong}", wrong, Expect.Refused);
            }

            foreach (var edge in new[] { "-0", "-1", "2147483647", "-2147483648" })
            {
                yield return ($"edge number {edge}", edge, Expect.Survives);
            }
        }
        else if (t == typeof(double))
        {
            foreach (var wrong in new[] { "\"1\"", "true", "[]", "1e309", "-1e309", "\"NaN\"", "\"Infinity\"" })
            {
                yield return ($"wrong number {wrong}", wrong, Expect.Refused);
            }

            foreach (var edge in new[] { "-0", "1e308", "-1e308", "5e-324", "99999999999999999999999" })
            {
                yield return ($"edge number {edge}", edge, Expect.Survives);
            }
        }
        else if (t == typeof(bool))
        {
            foreach (var wrong in new[] { "\"true\"", "1", "\"yes\"", "[]" })
            {
                yield return ($"wrong boolean {wrong}", wrong, Expect.Refused);
            }
        }
        else if (t == typeof(Guid))
        {
            foreach (var wrong in new[] { "\"not-a-guid\"", "123", "\"' OR 1=1 --\"", "\"../../etc/passwd\"", "\"\"" })
            {
                yield return ($"wrong id {wrong}", wrong, Expect.Refused);
            }

            yield return ("unknown id", "\"00000000-0000-0000-0000-000000000000\"", Expect.Survives);
        }
        else if (t == typeof(DateTimeOffset))
        {
            yield return ("wrong time", "\"上周三\"", Expect.Refused);
        }
        else if (ElementType(t) is { } element)
        {
            foreach (var wrong in new[] { "\"x\"", "{}", "1", "true" })
            {
                yield return ($"wrong list {wrong}", wrong, Expect.Refused);
            }

            foreach (var (name, json, expect) in ValuesFor(element).Where(v => v.Expect == Expect.Refused))
            {
                yield return ($"list item: {name}", $"[{json}]", expect);
            }

            yield return ("20,000 null items", "[" + string.Join(',', Enumerable.Repeat("null", 20_000)) + "]", Expect.Survives);
        }
        else if (IsRequestRecord(t))
        {
            foreach (var wrong in new[] { "\"x\"", "[]", "1" })
            {
                yield return ($"wrong object {wrong}", wrong, Expect.Refused);
            }
        }
    }

    /// <summary>
    /// One body per field (nested fields included) and per hostile value, the field alone in its object.
    /// (Bodies that attack several fields at once are in <see cref="Bodies"/>; a route may rightly skip
    /// members it does not know, so only these field-by-field cases can demand a refusal.)
    /// </summary>
    public static IEnumerable<(string Field, string Value, string Body, Expect Expect)> FieldCases(Type requestType)
    {
        ArgumentNullException.ThrowIfNull(requestType);
        return Walk(requestType, "", json => json, depth: 0);
    }

    private static IEnumerable<(string Field, string Value, string Body, Expect Expect)> Walk(Type type, string prefix, Func<string, string> wrap, int depth)
    {
        if (depth > 3 || !IsRequestRecord(type))
        {
            yield break;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            string Here(string json) => wrap($"{{\"{name}\":{json}}}");
            yield return (path, "duplicate key", wrap($"{{\"{name}\":null,\"{name}\":null}}"), Expect.Refused);
            foreach (var (valueName, json, expect) in ValuesFor(property.PropertyType))
            {
                yield return (path, valueName, Here(json), expect);
            }

            var nested = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var element = ElementType(nested);
            var inner = element is not null
                ? Walk(element, path + "[0]", json => Here($"[{json}]"), depth + 1)
                : Walk(nested, path, Here, depth + 1);
            foreach (var item in inner)
            {
                yield return item;
            }
        }
    }

    private static bool IsRequestRecord(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Kefu.", StringComparison.Ordinal) == true && ElementType(type) is null;

    private static Type? ElementType(Type type) =>
        type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType ? type.GetGenericArguments()[0] : null;

    /// <summary>
    /// Route values that no record has, or that are no value of the route's type at all (already
    /// URL-encoded). No %00: the test server cannot send it, and Kestrel refuses such a path itself.
    /// </summary>
    public static IEnumerable<string> RouteValues(string? constraint) => constraint switch
    {
        "long" => ["99999999999999999999999", "9223372036854775807", "-1", "0", "abc", "1e3", "0x10", "%EF%BC%91%EF%BC%92", "1%20OR%201%3D1", "1;DROP"],
        "guid" => ["not-a-guid", "00000000-0000-0000-0000-000000000000", "%2e%2e%2f%2e%2e", "1"],
        _ =>
        [
            "..%2F..%2Fetc%2Fpasswd", "..%5C..%5Cwindows", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "'%20OR%20'1'%3D'1",
            "%C3%28", "%FF%FE", "%E2%80%AE", "%F0%9F%99%82", "%EF%BC%91%EF%BC%92", new string('a', 4000),
        ],
    };

    /// <summary>Query-string values, already URL-encoded.</summary>
    public static readonly IReadOnlyList<string> QueryValues =
    [
        "'%3B%20DROP%20TABLE%20Tickets%3B%20--", "'%20OR%20'1'%3D'1", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
        "%00", "a%00b", "%01%1B", "%C3%28", "%FF", "%E2%80%AE", "%EF%BC%91", new string('9', 4000), "99999999999999999999999", "-1", "-0", "1e309", "NaN", "",
        "%25", "*", "me,none,open,,,", "00000000-0000-0000-0000-000000000000",
    ];

    /// <summary>A multipart/form-data body built byte by byte, so that names and headers can be anything.</summary>
    public static byte[] Multipart(string boundary, string disposition, string? partType, byte[] content, bool terminated = true)
    {
        ArgumentNullException.ThrowIfNull(content);
        var head = $"--{boundary}\r\nContent-Disposition: {disposition}\r\n" + (partType is null ? "" : $"Content-Type: {partType}\r\n") + "\r\n";
        var tail = terminated ? $"\r\n--{boundary}--\r\n" : "";
        return [.. Encoding.UTF8.GetBytes(head), .. content, .. Encoding.UTF8.GetBytes(tail)];
    }

    public static readonly IReadOnlyList<string> HostileFileNames =
    [
        "../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "C:\\Windows\\system.ini", "\\\\server\\share\\x.txt", "a\0b.txt", "..", ".", "...",
        "%2e%2e%2fetc%2fpasswd", "<script>alert(1)</script>.txt", "\"><img src=x onerror=alert(1)>.txt", "'; DROP TABLE Attachments; --.txt",
        "\u202Etxt.exe", "CON", "a\u200Bb.txt", new string('长', 400) + ".txt", "file\u0001\u001b.txt", "  ", "",
    ];
}

/// <summary>
/// A request body produced as the server reads it, never held whole, that counts what was taken: a
/// server that refuses a large body early pulls only a small prefix of it. <paramref name="separatorAt"/>,
/// given how many filler bytes were written, may put other bytes (a multipart boundary) in between.
/// </summary>
public sealed class StreamedBody(long totalLength, bool declareLength, byte[] prefix, Func<long, byte[]?>? separatorAt = null) : HttpContent
{
    private const int ChunkSize = 64 * 1024;
    private long _produced;

    public long Produced => Interlocked.Read(ref _produced);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var filler = new byte[ChunkSize];
        Array.Fill(filler, (byte)'a');
        await WriteAsync(stream, prefix, cancellationToken);
        var filled = 0L;
        while (Produced < totalLength)
        {
            if (separatorAt?.Invoke(filled) is { } separator)
            {
                await WriteAsync(stream, separator, cancellationToken);
            }

            var size = (int)Math.Min(ChunkSize, totalLength - Produced);
            await WriteAsync(stream, filler.AsMemory(0, size), cancellationToken);
            filled += size;
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = totalLength;
        return declareLength;
    }

    private async Task WriteAsync(Stream stream, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(bytes, cancellationToken);
        Interlocked.Add(ref _produced, bytes.Length);
    }
}
