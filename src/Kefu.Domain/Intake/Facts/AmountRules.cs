using System.Globalization;
using System.Text.RegularExpressions;

namespace Kefu.Domain.Intake.Facts;

/// <summary>
/// Money: a number with a currency sign or word (¥1,299.00, 1299元, 12.5块, RMB 300, 300 yuan, 一百二十元, 3块2, 5毛),
/// 万 amounts (3万, 1.5万), or a bare number straight after words that only money follows (扣了1000, 余额还是15.6,
/// paid 300). A number followed by a counting word (3件, 3 items, 5%, 2026年) is never money.
/// </summary>
internal static partial class AmountRules
{
    private const string Cny = "CNY";

    public static void Find(string text, List<Candidate> candidates)
    {
        foreach (Match match in Prefixed().Matches(text))
        {
            if (Arabic(match.Groups["num"].Value, match.Groups["mag"].Value) is { } amount)
            {
                Add(candidates, Rank.MarkedAmount, match, amount, CurrencyOf(match.Groups["cur"].Value));
            }
        }

        foreach (Match match in Suffixed().Matches(text))
        {
            if (Suffixed(match, text) is { } amount)
            {
                Add(candidates, Rank.MarkedAmount, match, amount, CurrencyOf(match.Groups["cur"].Value));
            }
        }

        foreach (Match match in Jiao().Matches(text))
        {
            if (ChineseNumerals.Digit(match.Groups["jiao"].Value[0]) is { } jiao)
            {
                Add(candidates, Rank.MarkedAmount, match, jiao / 10m, Cny);
            }
        }

        foreach (Match match in TenThousands().Matches(text))
        {
            if (Arabic(match.Groups["num"].Value, "万") is { } amount)
            {
                Add(candidates, Rank.MarkedAmount, match, amount, Cny);
            }
        }

        foreach (Match match in InMoneyContext().Matches(text))
        {
            var number = match.Groups["number"];
            var amount = match.Groups["num"].Success
                ? Arabic(match.Groups["num"].Value, match.Groups["mag"].Value)
                : HasUnit(match.Groups["zh"].ValueSpan) ? ChineseNumerals.Parse(match.Groups["zh"].ValueSpan) : null;

            // "余额还是0" tells the agent nothing a balance of zero would not; a bare 三 after 付款 is a count of days more often than money.
            if (amount is { } value && value > 0)
            {
                var fact = new ExtractedFact(FactKind.Amount, Format(value), number.Index, number.Length) { Amount = value, Currency = Cny };
                candidates.Add(new Candidate(number.Index, number.Length, Rank.ContextAmount, fact));
            }
        }
    }

    private static bool HasUnit(ReadOnlySpan<char> numeral) => numeral.IndexOfAny("十百千万亿") >= 0;

    private static void Add(List<Candidate> candidates, Rank rank, Match match, decimal amount, string currency)
    {
        var fact = new ExtractedFact(FactKind.Amount, Format(amount), match.Index, match.Length) { Amount = amount, Currency = currency };
        candidates.Add(Candidate.For(rank, fact));
    }

    private static string Format(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static decimal? Suffixed(Match match, string text)
    {
        decimal? whole = match.Groups["num"].Success
            ? Arabic(match.Groups["num"].Value, match.Groups["mag"].Value)
            : ChineseNumerals.Parse(match.Groups["zh"].ValueSpan);
        if (whole is not { } yuan)
        {
            return null;
        }

        var unit = match.Groups["cur"].Value;
        if (unit == "块" && !match.Groups["jiao"].Success && yuan < 10 && IsCountedThing(text, match.Index + match.Length))
        {
            // 一块手表, 两块蛋糕: 块 also counts pieces.
            return null;
        }

        if (match.Groups["jiao"].Success && ChineseNumerals.Digit(match.Groups["jiao"].Value[0]) is { } jiao)
        {
            yuan += jiao / 10m;
            if (match.Groups["fen"].Success && ChineseNumerals.Digit(match.Groups["fen"].Value[0]) is { } fen)
            {
                yuan += fen / 100m;
            }
        }

        return yuan;
    }

    private static bool IsCountedThing(string text, int after) =>
        after < text.Length && text[after] >= '\u4e00' && text[after] <= '\u9fff' && !"钱多左右的就都了也还给呢吧啊呀吗啦哦而只".Contains(text[after], StringComparison.Ordinal);

    private static decimal? Arabic(string number, string magnitude)
    {
        if (!decimal.TryParse(number.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        return magnitude.ToUpperInvariant() switch
        {
            "" => value,
            "万" or "W" => value * 10_000m,
            "千" or "K" => value * 1_000m,
            "百" => value * 100m,
            _ => null,
        };
    }

    private static string CurrencyOf(string marker) => marker.ToUpperInvariant() switch
    {
        "$" or "US$" or "USD" or "DOLLAR" or "DOLLARS" or "BUCKS" => "USD",
        "€" or "EUR" or "EURO" or "EUROS" => "EUR",
        _ => Cny,
    };

    private const string Number = @"(?<num>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)";

    private const string NumberStart = @"(?<![\d.,A-Za-z+\-/:#*])";

    private const string Magnitude = @"(?:\s?(?<mag>万|千|[kKwW](?![A-Za-z])))?";

    private const string Zh = "(?<zh>[零〇一二两三四五六七八九十百千万亿]+)";

    /// <summary>What follows a number that counts things rather than money.</summary>
    private const string NotCounting = @"(?!\s*(?:[件个单张箱次天日号月年岁人位名瓶斤条份笔关级星倍%点时分秒周期楼层克台部双套盒袋包家届场轮期页字行步米度折成]|公里|小时|分钟|items?\b|pcs\b|pieces?\b|times?\b|days?\b|hours?\b|minutes?\b|weeks?\b|months?\b|years?\b|orders?\b|people\b|x\b))";

    [GeneratedRegex(@"(?<cur>¥|RMB|CNY|人民币|US\$|\$|USD|€|EUR)\s?" + Number + Magnitude + @"(?:\s?(?:元|块钱|块|yuan\b))?(?![\d.])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Prefixed();

    [GeneratedRegex(
        "(?:" + NumberStart + Number + Magnitude + "|(?<![零〇一二两三四五六七八九十百千万亿几多])" + Zh + @")\s?"
        + @"(?<cur>元|块钱|块|圆|yuan\b|rmb\b|cny\b|kuai\b|dollars?\b|usd\b|bucks\b|euros?\b)"
        + @"(?:(?<jiao>[1-9一二两三四五六七八九])\s?(?:毛|角)(?:(?<fen>[1-9一二三四五六七八九])分?)?|(?<=块)(?<jiao>[1-9一二两三四五六七八九])(?![\d\u4e00-\u9fff]))?钱?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Suffixed();

    [GeneratedRegex(@"(?<![\d.零〇一二两三四五六七八九十百千万元块])(?<jiao>[1-9一二两三四五六七八九])\s?(?:毛|角)钱?", RegexOptions.CultureInvariant)]
    private static partial Regex Jiao();

    [GeneratedRegex(NumberStart + @"(?<num>\d+(?:\.\d{1,2})?)万(?![元块\d])" + NotCounting + @"(?!多?[人件个次字步粉])", RegexOptions.CultureInvariant)]
    private static partial Regex TenThousands();

    [GeneratedRegex(
        @"(?:充值?(?:了|的)?|冲了?|付了|支付了?|付款|扣了|扣款|扣费|多扣了?|退了|退回|退款|只退了?|转了|转账|花了|余额(?:还是|只有|变成了?|显示|剩)?|金额(?:是|为)?|合计|共计|总共|一共|面值|货值|押金|赔偿?|工资|佣金|提现|日结|日薪|月薪|底薪|时薪|赚了?|收了|少了|交了|保底|奖励?|奖金|补贴|报酬|薪资|薪水|只给了?|只到了|到账了?|价格|售价|原价|一笔"
        + @"|\bpaid\b|\bcharged\b|\brefund(?:ed)?(?:\s+of)?|\bamount(?:\s+of)?|\btotal(?:\s+of)?|\bbalance(?:\s+(?:is|of))?|\bcosts?\b|\bprice\b|\bfee\b)"
        + @"\s*[:]?\s*(?:是|为|了|共|只有|才|就|有|还是|变成了?)?\s*"
        + "(?<number>" + NumberStart + Number + Magnitude + "|" + Zh + @")(?![\d.,\-~/]|\s?[元块圆毛角]|\s?(?:yuan|rmb|dollars?)\b)" + NotCounting,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InMoneyContext();
}
