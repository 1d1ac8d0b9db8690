using Kefu.Domain.WeChat;

namespace Kefu.Domain.Tests.WeChat;

public sealed class WeChatSignatureTests
{
    [Fact]
    public void Compute_PartsInAnyOrder_SortsThemFirst()
    {
        WeChatSignature.Compute("token", "1409735669", "nonce").ShouldBe(WeChatSignature.Compute("nonce", "token", "1409735669"));
    }

    [Fact]
    public void Compute_KnownParts_IsSha1OfTheSortedConcatenation()
    {
        // Sorted: "1409735669" < "nonce" < "token"; the answer is `printf 1409735669noncetoken | sha1sum`.
        WeChatSignature.Compute("token", "1409735669", "nonce").ShouldBe("e1f0a2e634093eeb64a37daf30639888f9fbdf8c");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0000000000000000000000000000000000000000")]
    [InlineData("abc")]
    public void Matches_WrongOrMissingSignature_IsFalse(string? claimed)
    {
        WeChatSignature.Matches(claimed, "token", "1", "n").ShouldBeFalse();
    }

    [Fact]
    public void Matches_UpperCaseHex_IsAccepted()
    {
        WeChatSignature.Matches(WeChatSignature.Compute("token", "1", "n").ToUpperInvariant(), "token", "1", "n").ShouldBeTrue();
    }

}
