using System.Buffers;
using System.Text.Json;

namespace Kefu.Server.Features.Receipts;

/// <summary>
/// A receipt as downloaded: <c>{"document":{...},"signature":{"algorithm":...,"keyId":...,"value":...}}</c>,
/// where the signature covers the exact bytes of the <c>document</c> member. Reading takes those bytes
/// from the file as it is, never from a re-serialisation, so a change to any byte is seen.
/// </summary>
public sealed record ReceiptEnvelope(ReadOnlyMemory<byte> Document, string Algorithm, string KeyId, byte[] Signature)
{
    public byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, ReceiptDocument.WriterOptions))
        {
            json.WriteStartObject();
            json.WritePropertyName("document");
            json.WriteRawValue(Document.Span, skipInputValidation: true);
            json.WriteStartObject("signature");
            json.WriteString("algorithm", Algorithm);
            json.WriteString("keyId", KeyId);
            json.WriteString("value", Convert.ToBase64String(Signature));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Splits a receipt into its parts, or says why it is not one.</summary>
    /// <exception cref="JsonException">The bytes are not JSON at all.</exception>
    public static (ReceiptEnvelope? Envelope, string? Problem) Read(byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);

        // The whole body is checked first: reading stops at the first member that is not a receipt's,
        // and malformed JSON after it must still be answered as malformed, not as "not a receipt".
        var syntax = new Utf8JsonReader(raw);
        while (syntax.Read())
        {
        }

        var reader = new Utf8JsonReader(raw);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return (null, "a receipt is a JSON object");
        }

        ReadOnlyMemory<byte>? document = null;
        JsonDocument? signature = null;
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var value = raw.AsMemory(start, (int)reader.BytesConsumed - start);
                switch (name)
                {
                    case "document" when document is null:
                        document = value;
                        break;
                    case "signature" when signature is null:
                        signature = JsonDocument.Parse(value);
                        break;
                    default:
                        return (null, $"unexpected or repeated member '{name}': a receipt has exactly 'document' and 'signature'");
                }
            }

            // Trailing bytes after the object are a JSON error the reader raises here.
            while (reader.Read())
            {
            }

            if (document is not { } doc || doc.Span[0] != (byte)'{')
            {
                return (null, "the 'document' member is missing or not an object");
            }

            if (signature is null || signature.RootElement.ValueKind != JsonValueKind.Object
                || !Text(signature.RootElement, "algorithm", out var algorithm)
                || !Text(signature.RootElement, "keyId", out var keyId)
                || !Text(signature.RootElement, "value", out var value64))
            {
                return (null, "the 'signature' member needs 'algorithm', 'keyId' and 'value' as strings");
            }

            var bytes = new byte[value64.Length];
            if (!Convert.TryFromBase64String(value64, bytes, out var length))
            {
                return (null, "the signature value is not base64");
            }

            return (new ReceiptEnvelope(doc, algorithm, keyId, bytes[..length]), null);
        }
        finally
        {
            signature?.Dispose();
        }
    }

    private static bool Text(JsonElement parent, string name, out string value)
    {
        value = parent.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString()! : "";

        // A NUL can never match a stored key, and PostgreSQL refuses it in a query parameter.
        return value.Length > 0 && !value.Contains('\0', StringComparison.Ordinal);
    }
}
