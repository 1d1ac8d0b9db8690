using Kefu.Domain.Intake.Facts;

using static Kefu.Domain.Tests.Intake.Facts.Extraction;

namespace Kefu.Domain.Tests.Intake.Facts;

public sealed class IntakeBriefTests
{
    public static TheoryData<string, AnomalyKind> Anomalies() => new()
    {
        { "充值了200元话费，显示充值中已经超过24小时，手机没有收到到账短信", AnomalyKind.NotReceived },
        { "帮我查一下充值，尾号8876的银行卡扣了1000，余额没加", AnomalyKind.NotReceived },
        { "打款显示成功了，银行那边没收到", AnomalyKind.NotReceived },
        { "兼职工资120元到底什么时候到，还没到账", AnomalyKind.NotReceived },
        { "my refund has not been credited", AnomalyKind.NotReceived },
        { "the parcel still hasn't arrived", AnomalyKind.NotReceived },
        { "支付时网络卡了一下，结果微信扣了两次款", AnomalyKind.ChargedTwice },
        { "重复扣费，请核实，订单号202405120356，两笔¥99", AnomalyKind.ChargedTwice },
        { "I was charged twice for one order", AnomalyKind.ChargedTwice },
        { "double-charged again!", AnomalyKind.ChargedTwice },
        { "余额只到了一半，我充的100只到了50", AnomalyKind.WrongAmount },
        { "退款金额不对，我付了300块只退了250", AnomalyKind.WrongAmount },
        { "I was overcharged by the shop", AnomalyKind.WrongAmount },
        { "退款一直显示处理中", AnomalyKind.Delayed },
        { "付款三天了还显示待发货", AnomalyKind.Delayed },
        { "my withdrawal is still pending", AnomalyKind.Delayed },
        { "收到的车厘子一半是烂的，打开后差不多一半都烂了", AnomalyKind.Damaged },
        { "杯子到手碎了3个", AnomalyKind.Damaged },
        { "the screen arrived cracked", AnomalyKind.Damaged },
        { "发错卡了，我要的是月卡给我发了周卡", AnomalyKind.WrongItem },
        { "they sent the wrong size", AnomalyKind.WrongItem },
        { "充值时提示卡密已被使用，我是第一次用", AnomalyKind.InvalidCode },
        { "卡密复制过去兑换显示卡号不存在", AnomalyKind.InvalidCode },
        { "the code is invalid", AnomalyKind.InvalidCode },
        { "付钱的时候页面报错 error 500", AnomalyKind.PaymentFailed },
        { "付款一直失败，换了微信也不行", AnomalyKind.PaymentFailed },
        { "说我多开被封号，我就一台手机啊", AnomalyKind.AccountBlocked },
        { "换了新手机后一直收不到短信验证码，登不上", AnomalyKind.NotReceived },
        { "my account was suspended without notice", AnomalyKind.AccountBlocked },
        { "有人异地登录我的账号，我根本没授权", AnomalyKind.AccountCompromised },
        { "my account was hacked", AnomalyKind.AccountCompromised },
        { "任务号8831审核不通过，理由是“截图不清晰”", AnomalyKind.Rejected },
        { "申诉了三次都被驳回", AnomalyKind.Rejected },
        { "刷单骗局！！！我被骗了2680元", AnomalyKind.Fraud },
        { "this job post is a scam", AnomalyKind.Fraud },
        { "同一个退款问题我已经联系了三次，每次都说会有专人回电，结果没有任何人联系我", AnomalyKind.NoResponse },
        { "热线电话打了十几次都是忙音", AnomalyKind.NoResponse },
        { "no one replied to my email", AnomalyKind.NoResponse },
    };

    [Theory]
    [MemberData(nameof(Anomalies))]
    public void Of_Complaint_NamesWhatWentWrong(string text, AnomalyKind kind)
    {
        var brief = IntakeBrief.Of(text, Now, Shanghai);

        brief.Anomalies.Select(a => a.Kind).ShouldContain(kind);
        var anomaly = brief.Anomalies.First(a => a.Kind == kind);
        text.Substring(anomaly.Start, anomaly.Length).ShouldBe(anomaly.Phrase);
    }

    public static TheoryData<string, RequestKind> Requests() => new()
    {
        { "麻烦把我的¥199原路退回，谢谢", RequestKind.Refund },
        { "退款一周了还没到，尽快原路退款", RequestKind.Refund },
        { "I just want my money back", RequestKind.Refund },
        { "please refund me", RequestKind.Refund },
        { "昨天那单卡密还没补发吗", RequestKind.Resend },
        { "please resend the card key", RequestKind.Resend },
        { "鞋子开胶了，才穿了两次，申请换货", RequestKind.Exchange },
        { "这12个麻烦给我换新的寄过来", RequestKind.Exchange },
        { "I'd like a replacement", RequestKind.Exchange },
        { "质量不满意，要申请退货", RequestKind.ReturnGoods },
        { "充值金额¥99.00，状态一直是处理中，请尽快入账", RequestKind.Credit },
        { "实在发不了就给我取消吧", RequestKind.Cancel },
        { "please cancel the order", RequestKind.Cancel },
        { "杯子到手碎了3个，有开箱照片，怎么赔", RequestKind.Compensation },
        { "说好24小时内回电，到现在都没人打给我", RequestKind.Callback },
        { "please call me back", RequestKind.Callback },
        { "转人工", RequestKind.HumanAgent },
        { "I want to talk to a human", RequestKind.HumanAgent },
        { "客服你好，订单号202405100001，麻烦查一下", RequestKind.Investigate },
        { "can you look into it", RequestKind.Investigate },
        { "麻烦平台帮我催一下", RequestKind.Expedite },
        { "我账号被封了，为什么？", RequestKind.Explain },
        { "账号被冻结了怎么解冻", RequestKind.Unblock },
        { "我这个号肯定是被盗了，请尽快帮我冻结", RequestKind.Freeze },
        { "账号被标记“刷任务”，还扣了信用分，我要申诉", RequestKind.Appeal },
        { "公司报销需要发票，麻烦开一下发票", RequestKind.Invoice },
        { "有没有人管管这个发刷单的账号，我都举报三次了还在发", RequestKind.TakeAction },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Of_Message_NamesWhatTheCustomerWants(string text, RequestKind kind)
    {
        var brief = IntakeBrief.Of(text, Now, Shanghai);

        brief.Requests.Select(r => r.Kind).ShouldContain(kind);
    }

    [Theory]
    [InlineData("我不要退款，只要补发", RequestKind.Refund, RequestKind.Resend)]
    [InlineData("I don't want a refund, just resend it", RequestKind.Refund, RequestKind.Resend)]
    [InlineData("订单页面显示已取消，但钱已扣，请退款", RequestKind.Cancel, RequestKind.Refund)]
    [InlineData("为什么我的¥356.00一直冻结中，不能提", RequestKind.Freeze, RequestKind.Explain)]
    public void Of_DeclinedOrDescriptiveWord_IsNotARequest(string text, RequestKind notRequested, RequestKind requested)
    {
        var kinds = IntakeBrief.Of(text, Now, Shanghai).Requests.Select(r => r.Kind).ToList();

        kinds.ShouldNotContain(notRequested);
        kinds.ShouldContain(requested);
    }

    [Theory]
    [InlineData("我早上11点多收到一条验证码短信")]
    [InlineData("账号没有被冻结，只是看不到余额")]
    public void Of_WordsThatOnlyLookLikeAProblem_AreNoAnomaly(string text)
    {
        IntakeBrief.Of(text, Now, Shanghai).Anomalies.Select(a => a.Kind).ShouldNotContain(k => k == AnomalyKind.WrongAmount || k == AnomalyKind.AccountBlocked);
    }

    [Fact]
    public void Of_SettlementComplaint_TakesItApartIntoFactsAnomalyAndRequest()
    {
        const string text = "你好，订单202406020318的结算一直显示“待发放”，已经三天了，结算金额¥158，6月8号做的，麻烦尽快打款";

        var brief = IntakeBrief.Of(text, Now, Shanghai);

        brief.Facts.Select(f => (f.Kind, f.Value)).ShouldBe([
            (FactKind.OrderNumber, "202406020318"), (FactKind.Amount, "158.00"), (FactKind.Date, "2026-06-08")]);
        brief.Anomalies.Select(a => a.Kind).ShouldContain(AnomalyKind.Delayed);
        brief.Requests.Select(r => r.Kind).ShouldContain(RequestKind.Expedite);
        brief.Summary.Length.ShouldBeLessThanOrEqualTo(BriefSummary.MaxChinese);
    }

    [Fact]
    public void Of_EnglishComplaint_TakesItApartIntoFactsAnomalyAndRequest()
    {
        const string text = "Hi, I ordered a phone case (order #A12-3345) on June 3rd and paid 129 yuan, but the parcel still hasn't arrived. "
            + "The tracking page has said \"in transit\" for ten days. Please resend it or give me a refund.";

        var brief = IntakeBrief.Of(text, Now, Shanghai);

        brief.Facts.Select(f => (f.Kind, f.Value)).ShouldBe([
            (FactKind.OrderNumber, "A12-3345"), (FactKind.Date, "2026-06-03"), (FactKind.Amount, "129.00")]);
        brief.Anomalies.Select(a => a.Kind).ShouldContain(AnomalyKind.NotReceived);
        brief.Requests.Select(r => r.Kind).ShouldBe([RequestKind.Resend, RequestKind.Refund]);
        brief.Summary.ShouldContain("hasn't arrived");
        brief.Summary.Length.ShouldBeLessThanOrEqualTo(BriefSummary.MaxEnglish);
    }

    public static TheoryData<string> LongMessages() =>
    [
        "你好，我是开小超市的，上周三在你们平台秒杀了50箱矿泉水，订单号WS202405220193，当时页面写的是72小时内发货，现在已经过去6天了还是显示待发货，问商家也不回。周末店里要用，麻烦平台帮我催一下，实在发不了就给我取消吧。",
        "我昨天晚上11点多收到一条验证码短信，没在意，今天早上打开APP发现登不上了，提示密码错误，用手机号找回也不行，说手机号已经换绑了。我这个号肯定是被盗了，请尽快帮我冻结，我可以提供身份证和注册时的信息证明是本人。",
        "麻烦开一张增值税专用发票，公司名称和税号我已经在开票信息里填好了，订单是4月份的三笔：DD240403117、DD240411852、DD240426009，合计12680元。财务月底要入账，开好后发到我邮箱就行，谢谢！",
        "收到的100个保温杯里面有12个盖子拧不紧，一倒就漏水，我拍了视频，这12个麻烦给我换新的寄过来",
        "在平台上接了商场促销兼职，说好日结150元，做了三天只给了300元，说是迟到扣钱，但我没有迟到😡😡😡",
        "客服你好，我5月10日15:30用微信支付充了¥200，到现在余额都没显示，订单号202405100001，麻烦查一下",
        "这是一段没有任何标点符号的很长很长的投诉内容我已经等了很久很久了商家一直不理我平台也不管我真的非常生气希望有人能处理一下",
        "I was charged twice for the same order yesterday at 3 pm, 300 yuan each time. I don't want a new order, I just want my money back. Please call me back on 138 0013 8000.",
        "Hello there, I have been waiting for more than two weeks for the replacement headphones that your colleague promised on the phone and nobody has replied to any of my emails since then",
    ];

    [Theory]
    [MemberData(nameof(LongMessages))]
    public void Of_LongMessage_SummaryStaysWithinTheBoundForItsLanguage(string text)
    {
        var summary = IntakeBrief.Of(text, Now, Shanghai).Summary;

        summary.ShouldNotBeNullOrWhiteSpace();
        summary.Length.ShouldBeLessThanOrEqualTo(BriefSummary.LimitFor(text));
    }

    [Theory]
    [InlineData("客服你好，退款说3-5个工作日，现在都一周了😭😭", "退款说3-5个工作日，现在都一周了")]
    [InlineData("在吗？？昨天的钱没到！！", "昨天的钱没到")]
    [InlineData("Hi, my order never arrived. Thanks", "my order never arrived")]
    public void Of_ShortMessage_IsItsOwnSummaryWithoutGreetingsAndEmoji(string text, string summary)
    {
        IntakeBrief.Of(text, Now, Shanghai).Summary.ShouldBe(summary);
    }

    [Fact]
    public void Of_LongComplaint_SummaryKeepsTheProblemAndTheRequest()
    {
        const string text = "我昨天晚上11点多收到一条验证码短信，没在意，今天早上打开APP发现登不上了，提示密码错误，用手机号找回也不行，说手机号已经换绑了。我这个号肯定是被盗了，请尽快帮我冻结，我可以提供身份证和注册时的信息证明是本人。";

        var summary = IntakeBrief.Of(text, Now, Shanghai).Summary;

        summary.ShouldContain("被盗");
        summary.ShouldContain("冻结");
    }

    [Fact]
    public void Of_OnlyGreetings_HasAnEmptySummary()
    {
        IntakeBrief.Of("你好，在吗？谢谢", Now, Shanghai).Summary.ShouldBe("");
    }

    [Theory]
    [InlineData("退款一直没到账", true)]
    [InlineData("order 订单没收到", true)]
    [InlineData("my order 202406 has not arrived", false)]
    public void IsChinese_MixedText_GoesByWhichScriptCarriesTheMessage(string text, bool chinese)
    {
        BriefSummary.IsChinese(text).ShouldBe(chinese);
    }
}
