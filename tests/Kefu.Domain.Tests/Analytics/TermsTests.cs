using Kefu.Domain.Analytics;

namespace Kefu.Domain.Tests.Analytics;

public sealed class TermsTests
{
    [Fact]
    public void Of_ChineseText_GivesOverlappingBigramsWithoutStopWords() =>
        Terms.Of("你好，退款没到账").ShouldBe(["退款", "款没", "没到", "到账"]);

    [Fact]
    public void Of_MixedText_LowercasesLatinWordsAndDropsNumbersAndStopWords() =>
        Terms.Of("The App crashed 2 times, APP 崩溃 12345").ShouldBe(["app", "crashed", "times", "崩溃"]);

    [Fact]
    public void Of_EmptyOrPunctuation_GivesNothing()
    {
        Terms.Of(null).ShouldBeEmpty();
        Terms.Of("？！…").ShouldBeEmpty();
    }

    [Fact]
    public void Rank_TermGrowingFromNothing_RanksAboveAGrowingOldTerm()
    {
        var thisWeek = RisingTerms.DocumentCounts(["退款失败", "退款失败了", "物流慢", "物流慢", "物流慢"]);
        var lastWeek = RisingTerms.DocumentCounts(["物流慢", "物流慢"]);

        var rising = RisingTerms.Rank(thisWeek, lastWeek, minCount: 2, take: 10);

        var refund = rising.Single(t => t.Term == "退款");
        refund.ThisWeek.ShouldBe(2);
        refund.LastWeek.ShouldBe(0);
        refund.Growth.ShouldBe(3);
        rising.ShouldNotContain(t => t.Term == "了吗");
        rising[^1].Term.ShouldBe("物流");
        rising[^1].Growth.ShouldBe(4.0 / 3);
    }
}
