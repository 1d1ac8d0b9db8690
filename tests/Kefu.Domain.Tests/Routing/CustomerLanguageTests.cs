using Kefu.Domain.Routing;

namespace Kefu.Domain.Tests.Routing;

public sealed class CustomerLanguageTests
{
    [Theory]
    [InlineData("我的退款一直没有到账", "zh")]
    [InlineData("我买的 iPhone 15 Pro 屏幕坏了", "zh")]
    [InlineData("My refund has not arrived after a week", "en")]
    [InlineData("ＲＥＦＵＮＤ please", "en")]
    [InlineData("ok", null)]
    [InlineData("订单 123", null)]
    [InlineData("Заказ не пришёл", null)]
    [InlineData("", null)]
    public void FromText_TellsChineseFromEnglish(string text, string? expected)
    {
        CustomerLanguage.FromText(text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("退款还没到账，请帮忙查一下", "en", "zh")]
    [InlineData("退款还没到账，请帮忙查一下", "zh-TW", "zh-TW")]
    [InlineData("Where is my parcel?", "zh-CN", "en")]
    [InlineData("ok", "zh_cn", "zh-CN")]
    [InlineData("ok", "en-us", "en-US")]
    [InlineData("ok", "zh-hant-tw", "zh-Hant-TW")]
    [InlineData("ok", null, null)]
    [InlineData("ok", "<script>", null)]
    [InlineData("ok", "x", null)]
    public void Detect_TextWinsWhenClearElseTheLocale(string text, string? locale, string? expected)
    {
        CustomerLanguage.Detect(text, locale).ShouldBe(expected);
    }

    [Fact]
    public void Detect_FeedsTheRoutingLanguageCondition()
    {
        var englishTeam = Guid.CreateVersion7();
        var rules = new RoutingRules(
            [new RoutingRule { Name = "English desk", TeamId = englishTeam, Languages = ["en"] }], Guid.CreateVersion7(), Guid.CreateVersion7());

        var decision = rules.Decide(new RoutingRequest { Text = "My order never arrived", Language = CustomerLanguage.Detect("My order never arrived", "zh-CN") });

        decision.TeamId.ShouldBe(englishTeam);
    }
}
