using Kefu.Domain.Knowledge;

namespace Kefu.Domain.Tests.Knowledge;

public class FaqMatcherTests
{
    private static readonly Guid Settlement = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Refund = Guid.Parse("00000000-0000-0000-0000-000000000002");
    private static readonly Guid CardKey = Guid.Parse("00000000-0000-0000-0000-000000000003");
    private static readonly Guid Frozen = Guid.Parse("00000000-0000-0000-0000-000000000004");
    private static readonly Guid Invoice = Guid.Parse("00000000-0000-0000-0000-000000000005");
    private static readonly Guid Recharge = Guid.Parse("00000000-0000-0000-0000-000000000006");

    private static readonly FaqMatcher Chinese = new(
    [
        new(Settlement, "兼职工资什么时候结算？", ["兼职的钱怎么还没到账", "日结工资没发", "做完任务多久能拿到钱", "结算延迟了怎么办", "佣金一直显示待结算"]),
        new(Refund, "申请退款后多久到账？", ["退款什么时候到", "退款一直在处理中", "退款还没到账", "钱什么时候退回来"]),
        new(CardKey, "购买的卡密没收到怎么办？", ["卡密没发货", "买了卡密没收到", "付款了没有卡密", "点卡没给我发卡号"]),
        new(Frozen, "账号被冻结了怎么解冻？", ["账号被封了", "账户冻结怎么办", "登录提示账户已冻结"]),
        new(Invoice, "怎么开发票？", ["在哪里申请发票", "公司报销要发票"]),
        new(Recharge, "话费充值一直没到账怎么办？", ["充值了没到账", "话费充值中好久了", "充了流量没到"]),
    ]);

    private static readonly FaqMatcher English = new(
    [
        new(Settlement, "When will my part-time pay be settled?", ["my job payment has not arrived", "daily pay not received", "settlement is late"]),
        new(Refund, "How long does a refund take?", ["refund not received", "where is my refund", "when will I get my money back"]),
        new(CardKey, "I paid but did not receive my card key", ["card key not delivered", "no gift card code after payment"]),
        new(Frozen, "My account is frozen. How do I unfreeze it?", ["account locked", "account banned", "my account was suspended"]),
    ]);

    public static TheoryData<string, string> ChinesePhrasings => new()
    {
        { "我上周做的兼职工资到现在还没结算", "settlement" },
        { "日结的钱三天了都没发给我", "settlement" },
        { "订单FS20261118-0032退款怎么还没到账啊", "refund" },
        { "退款处理中好几天了", "refund" },
        { "付了钱卡密一直没收到！！", "card" },
        { "买的点卡没有发卡密", "card" },
        { "我的账号怎么被冻结了", "frozen" },
        { "登录说账户冻结，怎么解冻", "frozen" },
        { "报销需要发票在哪开", "invoice" },
        { "话费充了100还没到账", "recharge" },
    };

    public static TheoryData<string, string> EnglishPhrasings => new()
    {
        { "I still haven't received my pay for the part-time job", "settlement" },
        { "Where is my refund for order XH20261105-7790?", "refund" },
        { "I paid 100 yuan but never got the card key", "card" },
        { "Why is my account frozen?", "frozen" },
    };

    private static Guid Expected(string name) => name switch
    {
        "settlement" => Settlement,
        "refund" => Refund,
        "card" => CardKey,
        "frozen" => Frozen,
        "invoice" => Invoice,
        _ => Recharge,
    };

    [Theory]
    [MemberData(nameof(ChinesePhrasings))]
    public void Answer_ChinesePhrasingNotInTheEntry_FindsItConfidently(string question, string expected)
    {
        var answer = Chinese.Answer(question, FaqMatcher.DefaultThreshold);

        answer.ShouldNotBeNull($"top: {string.Join(", ", Chinese.Rank(question))}");
        answer.EntryId.ShouldBe(Expected(expected));
    }

    [Theory]
    [MemberData(nameof(EnglishPhrasings))]
    public void Answer_EnglishPhrasingNotInTheEntry_FindsItConfidently(string question, string expected)
    {
        var answer = English.Answer(question, FaqMatcher.DefaultThreshold);

        answer.ShouldNotBeNull($"top: {string.Join(", ", English.Rank(question))}");
        answer.EntryId.ShouldBe(Expected(expected));
    }

    [Theory]
    [InlineData("天蝎座这周运势怎么样")]
    [InlineData("你们公司在哪个城市")]
    [InlineData("推荐一款性价比高的手机")]
    [InlineData("在吗")]
    [InlineData("我想投诉你们的客服态度")]
    public void Answer_ChineseQuestionTheFaqDoesNotCover_AnswersNothing(string question) =>
        Chinese.Answer(question, FaqMatcher.DefaultThreshold).ShouldBeNull($"top: {string.Join(", ", Chinese.Rank(question))}");

    [Theory]
    [InlineData("What's the weather like in Shanghai tomorrow?")]
    [InlineData("Can you recommend a good phone?")]
    [InlineData("hello")]
    public void Answer_EnglishQuestionTheFaqDoesNotCover_AnswersNothing(string question) =>
        English.Answer(question, FaqMatcher.DefaultThreshold).ShouldBeNull($"top: {string.Join(", ", English.Rank(question))}");

    [Fact]
    public void Answer_ExactQuestion_IsNearlyCertain()
    {
        var answer = Chinese.Answer("账号被冻结了怎么解冻？", FaqMatcher.DefaultThreshold);

        answer.ShouldNotBeNull();
        answer.Confidence.ShouldBeGreaterThan(0.95);
    }

    [Fact]
    public void Answer_ThresholdAboveTheConfidence_AnswersNothing()
    {
        var ranked = Chinese.Rank("退款处理中好几天了", 1);

        ranked.Count.ShouldBe(1);
        Chinese.Answer("退款处理中好几天了", ranked[0].Confidence + 0.001).ShouldBeNull();
        Chinese.Answer("退款处理中好几天了", ranked[0].Confidence).ShouldNotBeNull();
    }

    [Fact]
    public void Rank_ExcludedEntry_IsNotOffered()
    {
        var ranked = Chinese.Rank("退款还没到账", 3, new HashSet<Guid> { Refund });

        ranked.ShouldNotContain(m => m.EntryId == Refund);
    }

    [Fact]
    public void Confidence_RisesWithSimilarityAndWithTheLeadOverTheNextEntry()
    {
        FaqMatcher.Confidence(0.8, 0.2).ShouldBeGreaterThan(FaqMatcher.Confidence(0.5, 0.2));
        FaqMatcher.Confidence(0.5, 0.3).ShouldBeGreaterThan(FaqMatcher.Confidence(0.5, 0.0));
    }

    [Fact]
    public void Terms_ChineseWithoutSpaces_GivesCharacterBigrams()
    {
        var terms = KnowledgeText.Terms("卡密没收到");

        terms.Keys.ShouldContain("卡密");
        terms.Keys.ShouldContain("收到");
        terms["卡"].ShouldBe(KnowledgeText.UnigramWeight);
    }

    [Fact]
    public void Terms_OrderNumbers_FoldToOneShape()
    {
        KnowledgeText.Terms("FS20261118").Keys.ShouldBe(KnowledgeText.Terms("FS20251201").Keys);
    }

    [Fact]
    public void Locale_HanCharacters_MeanChinese()
    {
        KnowledgeLocales.Of("订单FS123 refund").ShouldBe(KnowledgeLocales.Chinese);
        KnowledgeLocales.Of("refund for FS123").ShouldBe(KnowledgeLocales.English);
    }
}
