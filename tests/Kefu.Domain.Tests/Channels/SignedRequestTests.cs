using System.Text;
using Kefu.Domain.Channels;

namespace Kefu.Domain.Tests.Channels;

public sealed class SignedRequestTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, true)]
    [InlineData(-299, true)]
    [InlineData(299, true)]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    public void IsFresh_WithinFiveMinutesEitherWay_Accepts(int offsetSeconds, bool fresh)
    {
        ReplayWindow.IsFresh((Now.ToUnixTimeSeconds() + offsetSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), Now).ShouldBe(fresh);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("1e9")]
    [InlineData(" 1772438400")]
    [InlineData("99999999999999999999")]
    [InlineData("1772438400000")]
    public void IsFresh_NotUnixSeconds_IsFalse(string? value)
    {
        ReplayWindow.IsFresh(value, Now).ShouldBeFalse();
    }

    [Fact]
    public void ChannelSignature_KnownAnswer_IsHmacSha256OverTimestampDotBody()
    {
        // `printf '1772438400.{"text":"hi"}' | openssl dgst -sha256 -hmac s3cret`
        ChannelSignature.Compute("s3cret", "1772438400", "{\"text\":\"hi\"}"u8)
            .ShouldBe("sha256=" + "92d2e8f41923bf45361387ba9a03e7abcdd1702925787c182b0e62230eda29a7");
    }

    [Fact]
    public void ChannelSignature_BodyOrTimestampChanged_NoLongerMatches()
    {
        var body = Encoding.UTF8.GetBytes("{\"text\":\"hi\"}");
        var signature = ChannelSignature.Compute("s3cret", "1772438400", body);

        ChannelSignature.Matches(signature, "s3cret", "1772438400", body).ShouldBeTrue();
        ChannelSignature.Matches(signature, "s3cret", "1772438401", body).ShouldBeFalse();
        ChannelSignature.Matches(signature, "s3cret", "1772438400", Encoding.UTF8.GetBytes("{\"text\":\"hI\"}")).ShouldBeFalse();
        ChannelSignature.Matches(signature, "other", "1772438400", body).ShouldBeFalse();
        ChannelSignature.Matches(null, "s3cret", "1772438400", body).ShouldBeFalse();
    }
}
