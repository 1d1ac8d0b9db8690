using System.Text.RegularExpressions;

namespace Kefu.Domain.Intake.Facts;

/// <summary>
/// Order, tracking, transaction, task, posting and ticket numbers. A number is what the words before it say it is
/// (订单号, 流水号, tracking no.); without such words only unmistakable shapes count: a carrier's waybill (SF + digits),
/// letters then many digits (FS20261118-0032), twelve digits or more, or #10023 for a ticket.
/// </summary>
internal static partial class IdentifierRules
{
    private const int MinLength = 4;
    private const int MaxLength = 40;
    private const int MinDigits = 3;

    private static readonly (string Group, FactKind Kind)[] LabelGroups =
    [
        ("tracking", FactKind.TrackingNumber),
        ("transaction", FactKind.TransactionNumber),
        ("ticket", FactKind.TicketNumber),
        ("task", FactKind.TaskNumber),
        ("posting", FactKind.JobPostingNumber),
        ("order", FactKind.OrderNumber),
    ];

    public static void Find(string text, List<Candidate> candidates)
    {
        FindWithheld(text, candidates);
        FindLabelled(text, candidates);
        FindShapes(text, candidates);
    }

    private static void FindLabelled(string text, List<Candidate> candidates)
    {
        foreach (Match match in Labelled().Matches(text))
        {
            var value = match.Groups["value"];
            if (!IsIdentifier(value.ValueSpan))
            {
                continue;
            }

            var kind = LabelGroups.First(g => match.Groups[g.Group].Success).Kind;
            if (kind == FactKind.OrderNumber && match.Groups["bare"].Success && IsShipping(text, match.Index, value.Value))
            {
                kind = FactKind.TrackingNumber;
            }

            candidates.Add(new Candidate(match.Index, value.Index + value.Length - match.Index, Rank.Labelled, Identifier(kind, value)));

            // 订单号：DD240403117、DD240411852 — the label covers the whole list.
            var next = value.Index + value.Length;
            for (var more = ListContinuation().Match(text, next); more.Success && more.Index == next; more = ListContinuation().Match(text, next))
            {
                var item = more.Groups["value"];
                if (!IsIdentifier(item.ValueSpan))
                {
                    break;
                }

                candidates.Add(Candidate.For(Rank.Labelled, Identifier(kind, item)));
                next = item.Index + item.Length;
            }
        }
    }

    private static void FindShapes(string text, List<Candidate> candidates)
    {
        foreach (Match match in Waybill().Matches(text))
        {
            candidates.Add(Candidate.For(Rank.Shape, Identifier(FactKind.TrackingNumber, match)));
        }

        foreach (Match match in PrefixedNumber().Matches(text))
        {
            candidates.Add(Candidate.For(Rank.Shape, Identifier(FactKind.OrderNumber, match)));
        }

        foreach (Match match in LongNumber().Matches(text))
        {
            candidates.Add(Candidate.For(Rank.Shape, Identifier(FactKind.OrderNumber, match)));
        }

        foreach (Match match in HashTicket().Matches(text))
        {
            var number = match.Groups["value"];
            candidates.Add(new Candidate(match.Index, match.Length, Rank.Contact, Identifier(FactKind.TicketNumber, number)));
        }
    }

    /// <summary>Numbers a customer should not have sent and an agent must not be handed as an order: cards, ids, codes, masked or partial phones.</summary>
    private static void FindWithheld(string text, List<Candidate> candidates)
    {
        foreach (Match match in WithheldAfterLabel().Matches(text))
        {
            candidates.Add(new Candidate(match.Index, match.Length, Rank.Withheld, null));
        }

        foreach (Match match in MaskedNumber().Matches(text))
        {
            candidates.Add(new Candidate(match.Index, match.Length, Rank.Withheld, null));
        }

        foreach (Match match in LongDigitRun().Matches(text))
        {
            if (IsResidentIdentityNumber(match.ValueSpan) || IsBankCardNumber(match.ValueSpan))
            {
                candidates.Add(new Candidate(match.Index, match.Length, Rank.Withheld, null));
            }
        }
    }

    private static ExtractedFact Identifier(FactKind kind, Group value) => new(kind, value.Value, value.Index, value.Length);

    private static bool IsIdentifier(ReadOnlySpan<char> value)
    {
        if (value.Length is < MinLength or > MaxLength)
        {
            return false;
        }

        var digits = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
        }

        return digits >= MinDigits;
    }

    /// <summary>A bare 单号 after words about sending a parcel ("退货寄回了，单号…") is the parcel's, not the order's.</summary>
    private static bool IsShipping(string text, int labelStart, string value)
    {
        if (Waybill().IsMatch(value))
        {
            return true;
        }

        var from = Math.Max(0, labelStart - 12);
        return ShippingCue().IsMatch(text.AsSpan(from, labelStart - from));
    }

    /// <summary>GB 11643: 17 digits (region, birth date, sequence) and an ISO 7064 MOD 11-2 check character.</summary>
    private static bool IsResidentIdentityNumber(ReadOnlySpan<char> value)
    {
        if (value.Length != 18)
        {
            return false;
        }

        ReadOnlySpan<int> weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (value[i] - '0') * weights[i];
        }

        var check = "10X98765432"[sum % 11];
        return char.ToUpperInvariant(value[17]) == check
            && DateOnly.TryParseExact(value.Slice(6, 8), "yyyyMMdd", out var birth)
            && birth.Year >= 1900;
    }

    /// <summary>16–19 digits from a card issuer's range (3–6) with a valid Luhn check digit.</summary>
    private static bool IsBankCardNumber(ReadOnlySpan<char> value)
    {
        if (value.Length is < 16 or > 19 || value[0] is < '3' or > '6' || value.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var digit = value[value.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }

    private const string Value = @"(?<value>[A-Za-z0-9](?:[A-Za-z0-9_]|-(?=[A-Za-z0-9]))*)(?![A-Za-z0-9_\-年月日号元块件个张箱次天点时分秒%万千])";

    [GeneratedRegex(
        @"(?<![A-Za-z])(?:"
        + @"(?<tracking>快递单号|物流单号|运单号|快递号|物流号|面单号|(?:顺丰|圆通|中通|申通|韵达|极兔|京东|邮政|德邦)(?:快递)?单号|tracking\s*(?:number|no\.?|num|id|#)?|waybill\s*(?:number|no\.?|#)?)"
        + @"|(?<transaction>交易流水号|交易单号|交易号|支付流水号|支付订单号|支付单号|付款单号|商户单号|转账单号|流水号|transaction\s*(?:id|number|no\.?|ref(?:erence)?|#)?|payment\s*(?:id|ref(?:erence)?|number|no\.?)|txn\s*(?:id|#)?)"
        + @"|(?<ticket>工单编号|工单号|工单|投诉单号|申诉单号|ticket\s*(?:number|no\.?|id|#)?|case\s*(?:number|no\.?|id|#))"
        + @"|(?<task>任务编号|任务号|任务id|任务|task\s*(?:number|no\.?|id|#)?)"
        + @"|(?<posting>职位编号|职位id|职位号|职位|岗位编号|岗位id|岗位号|岗位|job\s*(?:posting\s*)?(?:id|number|no\.?|#))"
        + @"|(?<order>订单编号|订单号码|订单号|订单id|订单|售后单号|退款单号|售后单|退款单|(?<bare>单号)|order\s*(?:number|no\.?|num|id|ref(?:erence)?|#)?)"
        + @")[\s:#=是为]*(?:is\s+)?#?" + Value,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Labelled();

    [GeneratedRegex(@"\G\s*(?:[、,，/&;；和及]|\band\b)\s*" + Value, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ListContinuation();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:SF\d{10,15}|(?:YT|JT|ZT|YD|STO|ZTO|YTO|DPK|JD[A-Z]{0,2})\d{10,15}|[A-Z]{2}\d{9}CN)(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Waybill();

    [GeneratedRegex(@"(?<![A-Za-z0-9\-])[A-Z]{1,4}\d{6,30}(?:-\d{1,10})?(?![A-Za-z0-9\-])", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixedNumber();

    [GeneratedRegex(@"(?<![\d.,¥$A-Za-z\-])\d{12,30}(?![\d.A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex LongNumber();

    [GeneratedRegex(@"(?<![\d.,A-Za-z\-])\d{16,19}(?![\d.])", RegexOptions.CultureInvariant)]
    private static partial Regex LongDigitRun();

    [GeneratedRegex(@"(?<![A-Za-z0-9_#&])#\s?(?<value>\d{4,10})(?![\d.])", RegexOptions.CultureInvariant)]
    private static partial Regex HashTicket();

    [GeneratedRegex(
        @"(?:尾号|末尾|后四位|后4位|银行卡号?|卡号|身份证号码?|证件号码?|qq号?|微信号|验证码|密码|卡密|工号|税号|信用代码)[\s:#是为]*[A-Za-z0-9*][A-Za-z0-9*\-]{2,40}(?![\w.]*@)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WithheldAfterLabel();

    [GeneratedRegex(@"(?<![\d*])\d{3,4}\*{3,}\d{3,4}(?![\d*])", RegexOptions.CultureInvariant)]
    private static partial Regex MaskedNumber();

    [GeneratedRegex(@"寄|快递|物流|顺丰|圆通|中通|申通|韵达|极兔|邮政|运单|包裹|parcel|ship", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShippingCue();
}
