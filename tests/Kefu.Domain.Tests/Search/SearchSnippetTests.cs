using Kefu.Domain.Search;

namespace Kefu.Domain.Tests.Search;

public sealed class SearchSnippetTests
{
    [Fact]
    public void Build_MatchInLongText_CentresOnItWithEllipses()
    {
        var text = new string('甲', 100) + "我要退款" + new string('乙', 100);
        var snippet = SearchSnippet.Build(text, SearchQuery.Parse("退款"));
        snippet.Text.ShouldStartWith("…");
        snippet.Text.ShouldEndWith("…");
        var highlight = snippet.Highlights.ShouldHaveSingleItem();
        snippet.Text.Substring(highlight.Start, highlight.Length).ShouldBe("退款");
    }

    [Fact]
    public void Html_CustomerMarkup_IsEscapedAndMatchesMarked()
    {
        var snippet = SearchSnippet.Build("<script>alert(1)</script> 退款 & more", SearchQuery.Parse("退款"));
        snippet.Html.ShouldBe("&lt;script&gt;alert(1)&lt;/script&gt; <mark>退款</mark> &amp; more");
    }

    [Fact]
    public void Matches_FullWidthAndCase_AreFoundInTheOriginalText()
    {
        const string text = "订单ＲＥＦＵＮＤ退款";
        var query = SearchQuery.Parse("refund");
        var match = SearchSnippet.Matches(text, query).ShouldHaveSingleItem();
        text.Substring(match.Start, match.Length).ShouldBe("ＲＥＦＵＮＤ");
    }

    [Fact]
    public void Matches_OverlappingGroups_AreMerged()
    {
        SearchSnippet.Matches("申请退款", SearchQuery.Parse("申请退 退款")).ShouldBe([new Highlight(0, 4)]);
    }

    [Fact]
    public void Build_NoMatch_ShowsTheStart()
    {
        var snippet = SearchSnippet.Build("hello world", SearchQuery.Parse("退款"));
        snippet.Text.ShouldBe("hello world");
        snippet.Highlights.ShouldBeEmpty();
    }
}
