using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Kefu.Domain.WeChat;

/// <summary>
/// WeChat's "safe mode" message encryption, as documented for Official Accounts and WeCom:
/// AESKey = Base64(EncodingAESKey + "="), AES-256-CBC with the key's first 16 bytes as IV, PKCS#7
/// padding to 32-byte blocks, over random(16) + msg_len(4, network order) + msg + receiver id (AppId or CorpId).
/// </summary>
public sealed class WeChatCipher
{
    public const int EncodingAesKeyLength = 43;
    private const int BlockSize = 32;
    private const int RandomLength = 16;

    private readonly byte[] _key;
    private readonly string _receiverId;

    public WeChatCipher(string encodingAesKey, string receiverId)
    {
        ArgumentNullException.ThrowIfNull(receiverId);
        _key = DecodeKey(encodingAesKey) ?? throw new ArgumentException("An EncodingAESKey is 43 characters of Base64 (a-z, A-Z, 0-9).", nameof(encodingAesKey));
        _receiverId = receiverId;
    }

    /// <summary>The 32-byte AES key an EncodingAESKey stands for, or null when it is not one.</summary>
    public static byte[]? DecodeKey(string? encodingAesKey)
    {
        if (encodingAesKey is null || encodingAesKey.Length != EncodingAesKeyLength || !encodingAesKey.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        try
        {
            var key = Convert.FromBase64String(encodingAesKey + "=");
            return key.Length == 32 ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public string Encrypt(string message) => Encrypt(message, RandomNumberGenerator.GetBytes(RandomLength));

    /// <param name="random">The 16 leading bytes; fixed only by known-answer tests.</param>
    public string Encrypt(string message, ReadOnlySpan<byte> random)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (random.Length != RandomLength)
        {
            throw new ArgumentException($"The random prefix is {RandomLength} bytes.", nameof(random));
        }

        var body = Encoding.UTF8.GetBytes(message);
        var receiver = Encoding.UTF8.GetBytes(_receiverId);
        var length = RandomLength + 4 + body.Length + receiver.Length;
        var padding = BlockSize - (length % BlockSize);
        var plain = new byte[length + padding];
        random.CopyTo(plain);
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(RandomLength), body.Length);
        body.CopyTo(plain, RandomLength + 4);
        receiver.CopyTo(plain, RandomLength + 4 + body.Length);
        plain.AsSpan(length).Fill((byte)padding);

        using var aes = NewAes();
        return Convert.ToBase64String(aes.EncryptCbc(plain, _key.AsSpan(0, 16), PaddingMode.None));
    }

    /// <summary>The message inside <paramref name="encrypted"/>, checked to be addressed to this receiver.</summary>
    /// <exception cref="WeChatCryptoException">The text is not Base64, not a whole number of blocks, badly padded or for another receiver.</exception>
    public string Decrypt(string encrypted)
    {
        ArgumentNullException.ThrowIfNull(encrypted);
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(encrypted);
        }
        catch (FormatException)
        {
            throw new WeChatCryptoException("The encrypted message is not Base64.");
        }

        if (cipher.Length == 0 || cipher.Length % 16 != 0)
        {
            throw new WeChatCryptoException("The encrypted message is not a whole number of AES blocks.");
        }

        using var aes = NewAes();
        var plain = aes.DecryptCbc(cipher, _key.AsSpan(0, 16), PaddingMode.None);
        var padding = plain[^1];
        if (padding is < 1 or > BlockSize || padding > plain.Length || plain.AsSpan(plain.Length - padding).ContainsAnyExcept(padding))
        {
            throw new WeChatCryptoException("The decrypted message is not padded as documented (wrong key?).");
        }

        var content = plain.AsSpan(0, plain.Length - padding);
        if (content.Length < RandomLength + 4)
        {
            throw new WeChatCryptoException("The decrypted message is too short.");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(content[RandomLength..]);
        if (length < 0 || length > content.Length - RandomLength - 4)
        {
            throw new WeChatCryptoException("The decrypted message's length field is out of range.");
        }

        var receiver = Encoding.UTF8.GetString(content[(RandomLength + 4 + length)..]);
        if (!string.Equals(receiver, _receiverId, StringComparison.Ordinal))
        {
            throw new WeChatCryptoException("The message is addressed to another AppId/CorpId.");
        }

        return Encoding.UTF8.GetString(content.Slice(RandomLength + 4, length));
    }

    private Aes NewAes()
    {
        var aes = Aes.Create();
        aes.Key = _key;
        return aes;
    }
}

public sealed class WeChatCryptoException(string message) : Exception(message);
