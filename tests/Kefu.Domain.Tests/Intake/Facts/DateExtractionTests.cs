using Kefu.Domain.Intake.Facts;

using static Kefu.Domain.Tests.Intake.Facts.Extraction;

namespace Kefu.Domain.Tests.Intake.Facts;

/// <summary>Now is Wednesday 17 June 2026, 14:00 in Shanghai (see <see cref="Extraction"/>).</summary>
public sealed class DateExtractionTests
{
    public static TheoryData<string, string, string> Days() => new()
    {
        { "我6月10日下的单", "2026-06-10", "6月10日" },
        { "6月10号买的", "2026-06-10", "6月10号" },
        { "六月十日付的款", "2026-06-10", "六月十日" },
        { "3月8号秒杀的那单到现在还没动静", "2026-03-08", "3月8号" },
        { "6月17日那天", "2026-06-17", "6月17日" },
        { "6月18日的订单", "2025-06-18", "6月18日" },
        { "12月25日买的", "2025-12-25", "12月25日" },
        { "2月29日充的", "2024-02-29", "2月29日" },
        { "24年5月10日的账单", "2024-05-10", "24年5月10日" },
        { "2026年6月10日下单", "2026-06-10", "2026年6月10日" },
        { "2026/6/10 付款", "2026-06-10", "2026/6/10" },
        { "2026-06-10 申请的退款", "2026-06-10", "2026-06-10" },
        { "2026.6.10那天", "2026-06-10", "2026.6.10" },
        { "昨天那笔充值呢", "2026-06-16", "昨天" },
        { "昨天下午提交的", "2026-06-16", "昨天下午" },
        { "昨晚充的钱呢？？？", "2026-06-16", "昨晚" },
        { "前天就寄回去了", "2026-06-15", "前天" },
        { "大前天下的单", "2026-06-14", "大前天" },
        { "今天早上打开APP发现登不上了", "2026-06-17", "今天早上" },
        { "上周五做的传单兼职", "2026-06-12", "上周五" },
        { "上星期五", "2026-06-12", "上星期五" },
        { "上上周六去做的活动执行", "2026-06-06", "上上周六" },
        { "上周三在你们平台秒杀了50箱矿泉水", "2026-06-10", "上周三" },
        { "我周五做完的到现在没动静", "2026-06-12", "周五" },
        { "周三那天付的", "2026-06-17", "周三" },
        { "这周一说的", "2026-06-15", "这周一" },
        { "礼拜天寄的", "2026-06-14", "礼拜天" },
        { "我10号下的单", "2026-06-10", "10号" },
        { "20号付的钱", "2026-05-20", "20号" },
        { "上个月10号的工资", "2026-05-10", "上个月10号" },
        { "3天前申请的提现", "2026-06-14", "3天前" },
        { "两天前付的款", "2026-06-15", "两天前" },
        { "一周前就说要处理", "2026-06-10", "一周前" },
        { "June 10 order", "2026-06-10", "June 10" },
        { "on June 10th I paid", "2026-06-10", "June 10th" },
        { "10 June 2026 was the day", "2026-06-10", "10 June 2026" },
        { "the 3rd of June", "2026-06-03", "3rd of June" },
        { "since Dec 25", "2025-12-25", "Dec 25" },
        { "yesterday the app crashed", "2026-06-16", "yesterday" },
        { "the day before yesterday", "2026-06-15", "the day before yesterday" },
        { "last Friday my card was charged", "2026-06-12", "last Friday" },
        { "last Wednesday", "2026-06-10", "last Wednesday" },
        { "on Monday I wrote", "2026-06-15", "on Monday" },
        { "2 days ago", "2026-06-15", "2 days ago" },
        { "a week ago", "2026-06-10", "a week ago" },
    };

    [Theory]
    [MemberData(nameof(Days))]
    public void Extract_Day_ResolvesToTheCalendarDay(string text, string value, string highlighted)
    {
        var fact = Single(text, FactKind.Date, highlighted);

        fact.Value.ShouldBe(value);
        fact.Precision.ShouldBe(DatePrecision.Day);
        fact.Date.ShouldBe(DateOnly.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        fact.Instant.ShouldBeNull();
    }

    /// <summary>Expected moments are written as Shanghai wall clock with the +08:00 offset, not computed by the code under test.</summary>
    public static TheoryData<string, DateTimeOffset, string> Moments() => new()
    {
        { "6月10号下午3点付的款", At(6, 10, 15, 0), "6月10号下午3点" },
        { "5月10日15:30用微信支付充了¥200", At(5, 10, 15, 30), "5月10日15:30" },
        { "昨天下午3点付了¥1,299.00", At(6, 16, 15, 0), "昨天下午3点" },
        { "昨天下午三点提交的提现", At(6, 16, 15, 0), "昨天下午三点" },
        { "昨天下午4点下的单", At(6, 16, 16, 0), "昨天下午4点" },
        { "我昨天晚上11点多收到一条验证码短信", At(6, 16, 23, 0), "昨天晚上11点多" },
        { "昨天晚上八点提交的任务", At(6, 16, 20, 0), "昨天晚上八点" },
        { "昨晚11点充的", At(6, 16, 23, 0), "昨晚11点" },
        { "昨天晚上12点提交的", At(6, 17, 0, 0), "昨天晚上12点" },
        { "前天凌晨2点被盗的", At(6, 15, 2, 0), "前天凌晨2点" },
        { "今天上午10:30付款", At(6, 17, 10, 30), "今天上午10:30" },
        { "今天上午10:05充值了¥49.9", At(6, 17, 10, 5), "今天上午10:05" },
        { "今天中午12点半", At(6, 17, 12, 30), "今天中午12点半" },
        { "前天下午两点一刻", At(6, 15, 14, 15), "前天下午两点一刻" },
        { "昨天3点提交的", At(6, 16, 15, 0), "昨天3点" },
        { "今天3点提交的", At(6, 17, 3, 0), "今天3点" },
        { "昨天 15时30分", At(6, 16, 15, 30), "昨天 15时30分" },
        { "上周五下午3点", At(6, 12, 15, 0), "上周五下午3点" },
        { "2026-06-10 15:30 付的款", At(6, 10, 15, 30), "2026-06-10 15:30" },
        { "2024-05-11 21:47，状态一直是处理中", new DateTimeOffset(2024, 5, 11, 21, 47, 0, TimeSpan.FromHours(8)), "2024-05-11 21:47" },
        { "2026-06-10T08:05:09", At(6, 10, 8, 5, 9), "2026-06-10T08:05:09" },
        { "2026/6/10 9:00", At(6, 10, 9, 0), "2026/6/10 9:00" },
        { "10 June 2026 3pm", At(6, 10, 15, 0), "10 June 2026 3pm" },
        { "June 10 at 15:30", At(6, 10, 15, 30), "June 10 at 15:30" },
        { "yesterday at 3 pm", At(6, 16, 15, 0), "yesterday at 3 pm" },
        { "yesterday at 9:45am", At(6, 16, 9, 45), "yesterday at 9:45am" },
        { "at 3pm yesterday", At(6, 16, 15, 0), "3pm yesterday" },
        { "3pm on June 10", At(6, 10, 15, 0), "3pm on June 10" },
        { "last Friday at 12am", At(6, 12, 0, 0), "last Friday at 12am" },
        { "yesterday afternoon at 4", At(6, 16, 16, 0), "yesterday afternoon at 4" },
        { "3小时前付的款", At(6, 17, 11, 0), "3小时前" },
        { "2 hours ago", At(6, 17, 12, 0), "2 hours ago" },
    };

    [Theory]
    [MemberData(nameof(Moments))]
    public void Extract_DayWithTimeOfDay_ResolvesToAUtcInstant(string text, DateTimeOffset expected, string highlighted)
    {
        var fact = Single(text, FactKind.Date, highlighted);

        fact.Precision.ShouldBe(DatePrecision.Time);
        fact.Instant.ShouldBe(expected);
        fact.Instant!.Value.Offset.ShouldBe(TimeSpan.Zero);
        fact.Value.ShouldBe(expected.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        fact.Date.ShouldBe(DateOnly.FromDateTime(expected.DateTime));
    }

    [Fact]
    public void Extract_RangeOfDays_FindsBothEnds()
    {
        Of("奶茶店兼职 6月1号到6月5号 五天工资500元 至今未结", FactKind.Date).Select(f => f.Value).ShouldBe(["2026-06-01", "2026-06-05"]);
    }

    [Fact]
    public void Extract_YesterdayJustAfterMidnightInShanghai_IsTheShanghaiYesterdayNotUtcs()
    {
        // 00:30 on 17 June in Shanghai is still 16 June in UTC.
        var now = new DateTimeOffset(2026, 6, 16, 16, 30, 0, TimeSpan.Zero);

        FactExtractor.Extract("昨天充的", now, Shanghai).ShouldHaveSingleItem().Value.ShouldBe("2026-06-16");
    }

    /// <summary>Berlin 2026: 02:00 CET becomes 03:00 CEST on Sunday 29 March; 03:00 CEST becomes 02:00 CET on Sunday 25 October.</summary>
    public static TheoryData<DateTimeOffset, string, DateTimeOffset> Berlin2026() => new()
    {
        { new(2026, 3, 30, 10, 0, 0, TimeSpan.FromHours(2)), "yesterday at 1:30 am", new(2026, 3, 29, 1, 30, 0, TimeSpan.FromHours(1)) },
        { new(2026, 3, 30, 10, 0, 0, TimeSpan.FromHours(2)), "yesterday at 3 pm", new(2026, 3, 29, 15, 0, 0, TimeSpan.FromHours(2)) },
        { new(2026, 3, 30, 10, 0, 0, TimeSpan.FromHours(2)), "the day before yesterday at 3 pm", new(2026, 3, 28, 15, 0, 0, TimeSpan.FromHours(1)) },
        { new(2026, 3, 30, 10, 0, 0, TimeSpan.FromHours(2)), "yesterday at 2:30 am", new(2026, 3, 29, 3, 30, 0, TimeSpan.FromHours(2)) },
        { new(2026, 3, 30, 10, 0, 0, TimeSpan.FromHours(2)), "昨天下午3点", new(2026, 3, 29, 15, 0, 0, TimeSpan.FromHours(2)) },
        { new(2026, 10, 26, 12, 0, 0, TimeSpan.FromHours(1)), "yesterday at 2:30 am", new(2026, 10, 25, 2, 30, 0, TimeSpan.FromHours(2)) },
        { new(2026, 10, 26, 12, 0, 0, TimeSpan.FromHours(1)), "yesterday at 4 pm", new(2026, 10, 25, 16, 0, 0, TimeSpan.FromHours(1)) },
        { new(2026, 10, 26, 12, 0, 0, TimeSpan.FromHours(1)), "last Friday 9am", new(2026, 10, 23, 9, 0, 0, TimeSpan.FromHours(2)) },
    };

    [Theory]
    [MemberData(nameof(Berlin2026))]
    public void Extract_RelativeTimeInBerlinAcrossDaylightSaving_UsesTheOffsetOfThatDay(DateTimeOffset now, string text, DateTimeOffset expected)
    {
        var fact = FactExtractor.Extract(text, now, Berlin).ShouldHaveSingleItem();

        fact.Instant.ShouldBe(expected);
    }

    [Fact]
    public void Extract_LastFridayOnAFriday_IsAWeekAgoButFridayAloneIsToday()
    {
        var friday = new DateTimeOffset(2026, 6, 12, 10, 0, 0, TimeSpan.FromHours(8));

        FactExtractor.Extract("last Friday", friday, Shanghai).ShouldHaveSingleItem().Value.ShouldBe("2026-06-05");
        FactExtractor.Extract("on Friday", friday, Shanghai).ShouldHaveSingleItem().Value.ShouldBe("2026-06-12");
        FactExtractor.Extract("周五", friday, Shanghai).ShouldHaveSingleItem().Value.ShouldBe("2026-06-12");
        FactExtractor.Extract("上周五", friday, Shanghai).ShouldHaveSingleItem().Value.ShouldBe("2026-06-05");
    }

    public static TheoryData<string> NotDates() =>
    [
        "15:30那场秒杀一开始就显示已抢完",
        "提交时间14:52，截止15:00",
        "每周三都会结算",
        "周结的工资这周怎么没发",
        "上周一直没到账",
        "一周一次",
        "13月40日",
        "2月30日",
        "3号楼的快递柜",
        "地铁1号线",
        "工号1083的客服",
        "你好 请问6月的工资几号发",
        "退款说3-5个工作日",
        "我一点进去就结束了",
        "March 3 items",
        "I may 10 times",
    ];

    [Theory]
    [MemberData(nameof(NotDates))]
    public void Extract_TextWithoutAResolvableDay_FindsNoDate(string text)
    {
        Of(text, FactKind.Date).ShouldBeEmpty();
    }

    [Fact]
    public void Extract_YiDianMeaningABit_IsNotOneOClock()
    {
        Single("今天一点都没到账", FactKind.Date, "今天").Precision.ShouldBe(DatePrecision.Day);
    }

    private static DateTimeOffset At(int month, int day, int hour, int minute, int second = 0) =>
        new(2026, month, day, hour, minute, second, TimeSpan.FromHours(8));
}
