using System.Text;
using Kefu.Domain.WeChat;

namespace Kefu.Domain.Tests.WeChat;

public sealed class WeChatCipherTests
{
    // The sample values of Tencent's WXBizMsgCrypt test programs (Java and Python), which every port checks itself against.
    private const string SampleKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    private const string SampleEncrypted =
        "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=";

    [Fact]
    public void Encrypt_DocumentedSample_MatchesKnownCiphertext()
    {
        var cipher = new WeChatCipher(SampleKey, "wxb11529c136998cb6");

        var encrypted = cipher.Encrypt("我是中文abcd123", Encoding.ASCII.GetBytes("aaaabbbbccccdddd"));

        encrypted.ShouldBe("jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==");
    }

    [Fact]
    public void Decrypt_DocumentedSample_SignatureMatchesAndYieldsTheTextMessage()
    {
        WeChatSignature.Matches("5d197aaffba7e9b25a30732f161a50dee96bd5fa", "spamtest", "1409735669", "1320562132", SampleEncrypted).ShouldBeTrue();
        var cipher = new WeChatCipher(SampleKey, "wx2c2769f8efd9abc2");

        var message = WeChatXml.Parse(cipher.Decrypt(SampleEncrypted));

        message.MsgType.ShouldBe("text");
        message.ToUserName.ShouldNotBeNull();
        message.FromUserName.ShouldNotBeNull();
    }

    [Fact]
    public void Decrypt_ForAnotherAppId_IsRefused()
    {
        var cipher = new WeChatCipher(SampleKey, "wx-someone-else");

        Should.Throw<WeChatCryptoException>(() => cipher.Decrypt(SampleEncrypted)).Message.ShouldContain("another AppId");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !!")]
    [InlineData("AAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==")]
    public void Decrypt_GarbageOrWrongKey_IsRefused(string encrypted)
    {
        var cipher = new WeChatCipher(SampleKey, "wx2c2769f8efd9abc2");

        Should.Throw<WeChatCryptoException>(() => cipher.Decrypt(encrypted));
    }

    [Fact]
    public void Decrypt_WithAnotherKey_IsRefused()
    {
        var cipher = new WeChatCipher("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq", "wx2c2769f8efd9abc2");

        Should.Throw<WeChatCryptoException>(() => cipher.Decrypt(SampleEncrypted));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("恰好三十二字节的中文消息内容啊")]
    [InlineData("a longer message that spans several AES blocks, with 中文 and emoji 🙂 in it")]
    public void EncryptThenDecrypt_AnyMessage_RoundTrips(string message)
    {
        var cipher = new WeChatCipher(SampleKey, "wx2c2769f8efd9abc2");

        var encrypted = cipher.Encrypt(message);

        Convert.FromBase64String(encrypted).Length.ShouldBe(((16 + 4 + Encoding.UTF8.GetByteCount(message) + 18) / 32 + 1) * 32);
        cipher.Decrypt(encrypted).ShouldBe(message);
    }

    [Fact]
    public void Encrypt_TwiceTheSameMessage_DiffersByTheRandomPrefix()
    {
        var cipher = new WeChatCipher(SampleKey, "wx2c2769f8efd9abc2");

        cipher.Encrypt("你好").ShouldNotBe(cipher.Encrypt("你好"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF+")]
    public void Constructor_NotAnEncodingAesKey_IsRefused(string key)
    {
        Should.Throw<ArgumentException>(() => new WeChatCipher(key, "wx"));
    }
}
