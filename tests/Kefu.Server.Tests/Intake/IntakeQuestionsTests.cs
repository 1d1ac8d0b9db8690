using Kefu.Domain.Intake.Facts;
using Kefu.Server.Features.Intake;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kefu.Server.Tests.Intake;

public sealed class IntakeQuestionsTests
{
    private static readonly IntakeQuestions Questions = new(new StringLocalizer<IntakeQuestions>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)));

    public static TheoryData<string?, string> EveryRequirement()
    {
        var data = new TheoryData<string?, string>();
        foreach (var kind in Enum.GetValues<FactKind>())
        {
            data.Add(null, kind.ToString());
        }

        foreach (var category in FactRequirements.Default.Categories.Order(StringComparer.Ordinal))
        {
            foreach (var required in FactRequirements.Default.For(category))
            {
                data.Add(category, required.ToString());
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryRequirement))]
    public void Ask_AnyRequiredFact_HasAChineseAndAnEnglishQuestion(string? category, string required)
    {
        var fact = RequiredFact.Parse(required);

        var chinese = Questions.Ask(fact, category, IntakeLocale.Chinese);
        var english = Questions.Ask(fact, category, IntakeLocale.English);

        chinese.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}");
        english.ShouldNotMatch(@"\p{IsCJKUnifiedIdeographs}", "an English question, not the Chinese one it falls back to");
        english.ShouldContain("?");
    }

    [Fact]
    public void Ask_CategoryWithItsOwnWording_IsMoreSpecificThanTheFact()
    {
        var amount = new RequiredFact(FactKind.Amount);

        Questions.Ask(amount, "refund", IntakeLocale.Chinese).ShouldBe("请问您申请退款的金额是多少？");
        Questions.Ask(amount, "REFUND", IntakeLocale.English).ShouldBe("How much is the refund you are asking for?");
        Questions.Ask(amount, "merchant", IntakeLocale.Chinese).ShouldBe("请问涉及的金额是多少？");
        Questions.Ask(new RequiredFact(FactKind.OrderNumber, [FactKind.TrackingNumber]), null, IntakeLocale.Chinese)
            .ShouldBe("请提供您的订单号或快递单号（运单号）。");
    }

    [Theory]
    [InlineData("zh", "zh-CN")]
    [InlineData("zh-TW", "zh-CN")]
    [InlineData("ZH-hans", "zh-CN")]
    [InlineData("en-US", "en")]
    [InlineData("en_GB", "en")]
    [InlineData("fr", null)]
    [InlineData("", null)]
    public void Match_LanguageTag_PicksASupportedLanguage(string tag, string? expected)
    {
        (IntakeLocale.Match(tag)?.Name).ShouldBe(expected);
    }
}
