using System.Text;
using Kefu.Domain.Portal;

namespace Kefu.Domain.Tests.Portal;

public sealed class PortalLinkTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("kfp_test-secret");
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly long InAnHour = Now.AddHours(1).ToUnixTimeSeconds();

    [Fact]
    public void Check_SignedByTheHost_IsValid()
    {
        var signature = PortalLink.Sign(Secret, "demo", "u-20231001", InAnHour);
        PortalLink.Check(Secret, "demo", "u-20231001", InAnHour, signature, Now).ShouldBe(PortalLinkVerdict.Valid);
    }

    [Theory]
    [InlineData("demo", "u-20231002")]
    [InlineData("other", "u-20231001")]
    public void Check_AnotherCustomerOrWorkspace_IsRefused(string workspace, string customer)
    {
        var signature = PortalLink.Sign(Secret, "demo", "u-20231001", InAnHour);
        PortalLink.Check(Secret, workspace, customer, InAnHour, signature, Now).ShouldBe(PortalLinkVerdict.BadSignature);
    }

    [Fact]
    public void Check_ExpiryMovedLater_IsRefused()
    {
        var signature = PortalLink.Sign(Secret, "demo", "u-20231001", InAnHour);
        PortalLink.Check(Secret, "demo", "u-20231001", InAnHour + 3600, signature, Now).ShouldBe(PortalLinkVerdict.BadSignature);
    }

    [Fact]
    public void Check_AnotherSecret_IsRefused()
    {
        var signature = PortalLink.Sign(Encoding.UTF8.GetBytes("kfp_old-secret"), "demo", "u-20231001", InAnHour);
        PortalLink.Check(Secret, "demo", "u-20231001", InAnHour, signature, Now).ShouldBe(PortalLinkVerdict.BadSignature);
    }

    [Fact]
    public void Check_AfterExpiry_IsExpired()
    {
        var signature = PortalLink.Sign(Secret, "demo", "u-20231001", InAnHour);
        PortalLink.Check(Secret, "demo", "u-20231001", InAnHour, signature, Now.AddHours(1)).ShouldBe(PortalLinkVerdict.Expired);
    }

    [Fact]
    public void Check_ExpiryFurtherThanADay_IsRefused()
    {
        var far = Now.AddDays(2).ToUnixTimeSeconds();
        PortalLink.Check(Secret, "demo", "u-20231001", far, PortalLink.Sign(Secret, "demo", "u-20231001", far), Now).ShouldBe(PortalLinkVerdict.TooLong);
    }

    [Fact]
    public void Sign_IsBase64Url_WithoutPadding()
    {
        PortalLink.Sign(Secret, "demo", "u-20231001", InAnHour).ShouldMatch("^[A-Za-z0-9_-]{43}$");
    }
}
