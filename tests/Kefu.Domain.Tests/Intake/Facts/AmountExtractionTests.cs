using Kefu.Domain.Intake.Facts;

using static Kefu.Domain.Tests.Intake.Facts.Extraction;

namespace Kefu.Domain.Tests.Intake.Facts;

public sealed class AmountExtractionTests
{
    public static TheoryData<string, string, string> Amounts() => new()
    {
        { "昨天付了¥1,299.00还没发货", "1299.00", "¥1,299.00" },
        { "充值金额￥99.00，状态一直是处理中", "99.00", "￥99.00" },
        { "重复扣费，两笔¥99", "99.00", "¥99" },
        { "麻烦把我的¥199原路退回", "199.00", "¥199" },
        { "支付页面显示应付¥0.00，没法付", "0.00", "¥0.00" },
        { "电脑1299元，还没到", "1299.00", "1299元" },
        { "每次都是256元，订单只有一个", "256.00", "256元" },
        { "合计12680元", "12680.00", "12680元" },
        { "12.5块也要退", "12.50", "12.5块" },
        { "充了200块钱，余额没变", "200.00", "200块钱" },
        { "迟到5分钟扣50块", "50.00", "50块" },
        { "RMB 300 was charged", "300.00", "RMB 300" },
        { "rmb300 已经扣了", "300.00", "rmb300" },
        { "人民币500元", "500.00", "人民币500元" },
        { "I paid 300 yuan for it", "300.00", "300 yuan" },
        { "refunded only 120 RMB", "120.00", "120 RMB" },
        { "一百二十元还没退", "120.00", "一百二十元" },
        { "两千块就这么没了", "2000.00", "两千块" },
        { "押金三千五百元", "3500.00", "三千五百元" },
        { "一百零五元", "105.00", "一百零五元" },
        { "十块钱的东西", "10.00", "十块钱" },
        { "余额还是3块2", "3.20", "3块2" },
        { "只退了3块5毛", "3.50", "3块5毛" },
        { "一块五", "1.50", "一块五" },
        { "找零少了五毛钱", "0.50", "五毛钱" },
        { "三元五角", "3.50", "三元五角" },
        { "说好月薪3万", "30000.00", "3万" },
        { "被骗了1.5万", "15000.00", "1.5万" },
        { "兩千塊", "2000.00", "兩千塊" },
        { "充值１００元", "100.00", "１００元" },
        { "尾号8876的银行卡扣了1000，余额没加", "1000.00", "1000" },
        { "我冲了100为什么没到", "100.00", "100" },
        { "余额还是15.6", "15.60", "15.6" },
        { "扣费记录里有一笔19.9的自动续费", "19.90", "19.9" },
        { "一单才赚50", "50.00", "50" },
        { "实际底薪只有80", "80.00", "80" },
        { "余额莫名少了500", "500.00", "500" },
        { "押金共600，入职当天就找不到人了", "600.00", "600" },
        { "对方在平台发招聘 让我转了1200", "1200.00", "1200" },
        { "I was charged 49.90 twice", "49.90", "49.90" },
        { "balance is 15.6 after top-up", "15.60", "15.6" },
    };

    [Theory]
    [MemberData(nameof(Amounts))]
    public void Extract_Amount_NormalisesToYuan(string text, string value, string highlighted)
    {
        var fact = Single(text, FactKind.Amount, highlighted);

        fact.Value.ShouldBe(value);
        fact.Amount.ShouldBe(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        fact.Currency.ShouldBe("CNY");
    }

    [Theory]
    [InlineData("I was charged $25.99 twice", "25.99", "USD")]
    [InlineData("paid 20 dollars", "20.00", "USD")]
    [InlineData("charged €15 extra", "15.00", "EUR")]
    public void Extract_ForeignCurrency_KeepsTheCurrencyItWasGivenIn(string text, string value, string currency)
    {
        var fact = Of(text, FactKind.Amount).ShouldHaveSingleItem();

        fact.Value.ShouldBe(value);
        fact.Currency.ShouldBe(currency);
    }

    [Fact]
    public void Extract_PaidAndRefunded_FindsBothAmountsInOrder()
    {
        Of("退款金额不对，我付了300块只退了250", FactKind.Amount).Select(f => f.Amount).ShouldBe([300m, 250m]);
    }

    public static TheoryData<string> NotAmounts() =>
    [
        "2026",
        "2026年的账单",
        "我买了3 items",
        "paid for 3 items",
        "库存显示100件，一秒就没了",
        "每天限购3单，我今天才抢了1单",
        "招10个人，今天只来了3个",
        "试玩任务要求玩到第5关",
        "我是小规模纳税人，能开3%的专票吗",
        "超时按1.5倍算",
        "都说T+1到账",
        "退款说3-5个工作日",
        "工时差了3个小时",
        "一块手表坏了",
        "余额还是0",
        "几十元的事",
        "提现申请提交48小时了",
        "付款三天了还显示待发货",
        "3万人在抢",
        "收到的货少了两箱",
    ];

    [Theory]
    [MemberData(nameof(NotAmounts))]
    public void Extract_NumberThatCountsThings_IsNotAnAmount(string text)
    {
        Of(text, FactKind.Amount).ShouldBeEmpty();
    }
}
