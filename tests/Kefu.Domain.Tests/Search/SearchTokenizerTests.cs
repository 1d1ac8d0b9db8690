using Kefu.Domain.Search;

namespace Kefu.Domain.Tests.Search;

public sealed class SearchTokenizerTests
{
    public static TheoryData<string, string> Terms => new()
    {
        { "退款", "退款 款" },
        { "申请退款", "申请 请退 退款 款" },
        { "退", "退" },
        { "订单12345", "订单 单 12345" },
        { "refund 退款", "refund 退款 款" },
        { "Refund, please!", "refund please" },
        { "ＲＥＦＵＮＤ１２３", "refund123 refund 123" },
        { "退款　１２３", "退款 款 123" },
        { "SF1409223871", "sf1409223871 sf 1409223871" },
        { "FS20261118-0032", "fs20261118 fs 20261118 0032" },
        { "chen@example.com", "chen example com" },
        { "卡密已被使用，结算延迟", "卡密 密已 已被 被使 使用 用 结算 算延 延迟 迟" },
        { "カード退款", "カー ード ド退 退款 款" },
        { "<b>退款</b>", "b 退款 款 b" },
        { "   ", "" },
    };

    [Theory]
    [MemberData(nameof(Terms))]
    public void Terms_OfText_AreBigramsWordsAndDigitRuns(string text, string expected)
    {
        SearchTerms.Of(text).ShouldBe(expected);
    }

    [Fact]
    public void Tokenize_FullWidthText_KeepsOffsetsIntoTheOriginal()
    {
        const string text = "订单ＡＢ１２";
        var word = SearchTokenizer.Tokenize(text).First(t => t.Kind == SearchTokenKind.Word);
        word.Text.ShouldBe("ab12");
        text.Substring(word.Start, word.Length).ShouldBe("ＡＢ１２");
    }

    [Fact]
    public void Tokenize_OverlongRun_IsLeftOut()
    {
        SearchTerms.Of(new string('a', SearchTokenizer.MaxWordLength + 1) + " ok").ShouldBe("ok");
    }

    [Fact]
    public void Parse_ChineseWordsAndNumbers_MakeOneGroupEach()
    {
        var query = SearchQuery.Parse("退款申请 订单12345 r");
        query.Groups.Select(g => (string.Join('+', g.Tokens), g.Prefix)).ShouldBe(
            [("退款+款申+申请", false), ("订单", false), ("12345", true), ("r", false)]);
    }

    [Fact]
    public void Parse_SingleChineseCharacter_IsAPrefix()
    {
        var group = SearchQuery.Parse("退").Groups.ShouldHaveSingleItem();
        group.Tokens.ShouldBe(["退"]);
        group.Prefix.ShouldBeTrue();
    }

    [Fact]
    public void Parse_OnlyPunctuation_IsEmpty()
    {
        SearchQuery.Parse("？！…—").IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void AnyOf_Text_GivesDistinctBigramsAndWords()
    {
        var query = SearchQuery.AnyOf("退款退款 refund a");
        query.MatchAny.ShouldBeTrue();
        query.Groups.Select(g => g.Tokens[0]).ShouldBe(["退款", "款退", "refund"]);
    }
}
