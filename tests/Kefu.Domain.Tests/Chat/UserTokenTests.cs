using Kefu.Domain.Chat;

namespace Kefu.Domain.Tests.Chat;

public sealed class UserTokenTests
{
    private const string Secret = "kfs_example-secret-do-not-use";
    private static readonly DateTimeOffset Now = new(2026, 12, 31, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The worked example of docs/channels.md, computed there with Python's hmac module.</summary>
    private const string DocumentedToken = "v1.dS0yMDIzMTAwMQ.6ZmI5pmT5piO.1798761600.07UbdukmHBpbMDz_IirF6nSselDFP15RvoIc3Ho0mxo";

    [Fact]
    public void Sign_DocumentedExample_ProducesDocumentedToken() =>
        UserToken.Sign("u-20231001", "陈晓明", DateTimeOffset.FromUnixTimeSeconds(1798761600), Secret).ShouldBe(DocumentedToken);

    [Fact]
    public void Verify_DocumentedExample_YieldsUser()
    {
        var user = UserToken.Verify(DocumentedToken, Secret, Now, out _).ShouldNotBeNull();
        user.ExternalId.ShouldBe("u-20231001");
        user.Name.ShouldBe("陈晓明");
    }

    [Theory]
    [InlineData("kfs_other")]
    [InlineData("")]
    public void Verify_WrongSecret_IsRefused(string secret) =>
        UserToken.Verify(DocumentedToken, secret, Now, out var error).ShouldBeNull(error);

    [Fact]
    public void Verify_ChangedExternalIdWithOldSignature_IsRefused()
    {
        var forged = DocumentedToken.Replace("dS0yMDIzMTAwMQ", UserToken.Base64Url("u-1"u8), StringComparison.Ordinal);
        UserToken.Verify(forged, Secret, Now, out var error).ShouldBeNull();
        error.ShouldContain("signature");
    }

    [Fact]
    public void Verify_AtOrAfterExpiry_IsRefused()
    {
        UserToken.Verify(DocumentedToken, Secret, DateTimeOffset.FromUnixTimeSeconds(1798761600), out var error).ShouldBeNull();
        error.ShouldBe("has expired");
    }

    [Fact]
    public void Verify_ExpiryTooFarAhead_IsRefused() =>
        UserToken.Verify(UserToken.Sign("u-1", "", Now.AddHours(25), Secret), Secret, Now, out _).ShouldBeNull();

    [Fact]
    public void Verify_ReservedVisitorExternalId_IsRefused() =>
        UserToken.Verify(UserToken.Sign("visitor:v_abc", "", Now.AddHours(1), Secret), Secret, Now, out _).ShouldBeNull();

    [Theory]
    [InlineData("v1.a.b.c")]
    [InlineData("v2.dS0yMDIzMTAwMQ.6ZmI5pmT5piO.1798761600.07UbdukmHBpbMDz_IirF6nSselDFP15RvoIc3Ho0mxo")]
    [InlineData("v1.dS0y+DIzMTAwMQ.6ZmI5pmT5piO.1798761600.07UbdukmHBpbMDz_IirF6nSselDFP15RvoIc3Ho0mxo")]
    [InlineData("v1.dS0yMDIzMTAwMQ.6ZmI5pmT5piO.-1798761600.07UbdukmHBpbMDz_IirF6nSselDFP15RvoIc3Ho0mxo")]
    [InlineData("v1.dS0yMDIzMTAwMQ.6ZmI5pmT5piO.99999999999999999999.07UbdukmHBpbMDz_IirF6nSselDFP15RvoIc3Ho0mxo")]
    public void Verify_Malformed_IsRefused(string token) => UserToken.Verify(token, Secret, Now, out _).ShouldBeNull();

    [Fact]
    public void VisitorId_New_IsWellFormedAndDistinct()
    {
        var a = VisitorId.New();
        VisitorId.IsWellFormed(a).ShouldBeTrue();
        VisitorId.New().ShouldNotBe(a);
        VisitorId.IsWellFormed("v_short").ShouldBeFalse();
        VisitorId.IsWellFormed("x_" + a[2..]).ShouldBeFalse();
    }

    [Fact]
    public void ReadMark_Advance_NeverMovesBack()
    {
        var mark = new ChatReadMark { Reader = ChatReadMark.AgentReader, MessageId = Guid.NewGuid(), MessageCreatedAt = Now };
        mark.Advance(Guid.NewGuid(), Now.AddSeconds(-5), Now, null).ShouldBeFalse();
        var later = Guid.NewGuid();
        mark.Advance(later, Now.AddSeconds(5), Now, null).ShouldBeTrue();
        mark.MessageId.ShouldBe(later);
    }
}
