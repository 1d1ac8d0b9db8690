using Kefu.Domain.Search;

namespace Kefu.Domain.Tests.Search;

public sealed class SearchRankingTests
{
    private static RankedDocument Doc(string text, double weight = 1) => new(SearchTerms.Of(text), weight);

    [Fact]
    public void Score_ChineseWordInsideSentence_Matches()
    {
        var scores = SearchRanking.Score(SearchQuery.Parse("退款"), [Doc("商家一直不处理我的退款申请"), Doc("快递显示签收但我没收到")]);
        scores[0].ShouldBeGreaterThan(0);
        scores[1].ShouldBe(0);
    }

    [Fact]
    public void Score_CharactersOfTheWordApart_DoNotMatch()
    {
        SearchRanking.Score(SearchQuery.Parse("退款"), [Doc("退货后款项未到")])[0].ShouldBe(0);
    }

    [Fact]
    public void Score_MoreOccurrencesAtSameLengthAndHeavierField_RankHigher()
    {
        var scores = SearchRanking.Score(SearchQuery.Parse("卡密"), [Doc("卡密无效"), Doc("卡密卡密"), Doc("卡密无效", weight: 2), Doc("话费")]);
        scores[1].ShouldBeGreaterThan(scores[0]);
        scores[2].ShouldBeGreaterThan(scores[0]);
    }

    [Fact]
    public void Score_PrefixMatch_CountsLessThanExact()
    {
        var scores = SearchRanking.Score(SearchQuery.Parse("refund"), [Doc("refunded"), Doc("refund")]);
        scores[0].ShouldBeGreaterThan(0);
        scores[1].ShouldBeGreaterThan(scores[0]);
    }

    [Fact]
    public void Similarity_MacroSharingWords_RanksAboveUnrelated()
    {
        var scores = SearchRanking.Similarity("申请退款，退款一直没到账", ["退款进度说明：退款将在3个工作日内原路退回", "发票开具指引", "账号安全提醒"]);
        scores[0].ShouldBeGreaterThan(0);
        scores[1].ShouldBe(0);
        scores[2].ShouldBe(0);
    }
}
