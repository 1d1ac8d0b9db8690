using System.Text.RegularExpressions;

namespace Kefu.Domain.Intake.Facts;

/// <summary>What went wrong, in the few kinds an agent sorts complaints into (异常).</summary>
public enum AnomalyKind
{
    /// <summary>Money, goods, a code or a message that should have arrived and has not (未到账, 没收到, not received).</summary>
    NotReceived,
    ChargedTwice,

    /// <summary>Less (or more) than agreed: 少了, 只到了一半, 多扣, overcharged.</summary>
    WrongAmount,
    Delayed,
    Damaged,
    WrongItem,
    InvalidCode,
    PaymentFailed,
    AccountBlocked,
    AccountCompromised,
    Rejected,
    Fraud,
    NoResponse,
}

/// <summary>What the customer wants done (诉求).</summary>
public enum RequestKind
{
    Refund,

    /// <summary>Send it again: 补发, resend.</summary>
    Resend,
    Exchange,
    ReturnGoods,
    Credit,
    Cancel,
    Compensation,
    Callback,
    HumanAgent,
    Investigate,
    Expedite,
    Explain,
    Unblock,
    Freeze,
    Appeal,
    Invoice,
    TakeAction,
}

public sealed record Anomaly(AnomalyKind Kind, string Phrase, int Start, int Length);

public sealed record CustomerRequest(RequestKind Kind, string Phrase, int Start, int Length);

/// <summary>
/// Keyword tables for 异常 and 诉求. Longer, more specific phrases are listed before the short ones they contain, and a
/// phrase already claimed is not read again, so "扣了两次" is a double charge and not also a bare "扣".
/// </summary>
internal static partial class IssueCues
{
    private static readonly (AnomalyKind Kind, string Pattern)[] AnomalyTable =
    [
        (AnomalyKind.ChargedTwice, @"(?:扣|付|收|支付|扣款|扣费)了?(?:我)?(?:两|2|二)(?:次|笔|遍)(?:钱|款|费)?|重复(?:扣款|扣费|扣钱|支付|收费|付款)|多扣了?(?:一笔|一次)?|charged\s+(?:me\s+)?(?:twice|two\s+times|double)|double[\s-]charged|duplicate\s+(?:charge|payment)s?|paid\s+twice"),
        (AnomalyKind.AccountCompromised, @"被盗|盗号|盗用|异地登录|不是我(?:本人)?(?:操作|发)的?|被(?:别人|人)改了|(?:account|i)\s+(?:was|got|has\s+been)\s+hacked|hacked|unauthori[sz]ed\s+(?:login|access|charge)"),
        (AnomalyKind.Fraud, @"被骗了?|骗子|骗局|诈骗|骗人|骗纸|刷单|scam(?:med)?|fraud"),
        (AnomalyKind.InvalidCode, @"卡密(?:无效|错误|不对|已被使用|已使用|不存在|用不了)|(?:提示|显示|说)?(?:卡密|卡号)?(?:已被使用|已使用|不存在|无效)|兑换不了|充值不了|对不上|code\s+(?:is\s+)?(?:invalid|not\s+working|doesn'?t\s+work|already\s+(?:used|redeemed))|invalid\s+code"),
        (AnomalyKind.AccountBlocked, @"被封(?:号|了)?|封号|封禁|(?:被)?冻结了|被冻结|已冻结|被限制|限制登录|登(?:录|陆)?不上|登不进|进不去|无法登录|已注销|(?:account\s+(?:is\s+|was\s+|got\s+)?)?(?:locked|blocked|suspended|banned|frozen)|can'?t\s+log\s*in|cannot\s+log\s*in|unable\s+to\s+log\s*in"),
        (AnomalyKind.PaymentFailed, @"(?:支付|付款|下单|提交|充值|扫码)\S{0,4}?失败|商户异常|系统繁忙|付不了|没法付|付不出去|报错|页面错误|error\s*\d{3}|\b404\b|payment\s+(?:failed|declined)|can'?t\s+pay"),
        (AnomalyKind.Rejected, @"审核不通过|审核不过|没过审|过不了|拒绝了?|被拒|不通过|没通过|被驳回|驳回|误判|乱判|判定(?:为)?违规|判(?:我)?违规|判定为|审核失败|显示失败|rejected|declined|denied"),
        (AnomalyKind.Damaged, @"烂了?|坏了|破了|碎了|漏(?:水|液)|划痕|开胶|掉色|变形|发霉|过期|质量(?:问题|不好|差)|damaged|broken|defective|cracked|leak(?:s|ing|ed)?|rotten"),
        (AnomalyKind.WrongItem, @"发错了?|错发|型号(?:不对|错了)|面值不对|不是我(?:要|买|下单)的|wrong\s+(?:item|size|colou?r|product|card)"),
        (AnomalyKind.WrongAmount, @"少了|只到了|只到账|只退了|只给了|只算|只按|金额(?:不对|不一样|不一致)|余额不对|少发了?|少算|少给|(?<![点\d个])多收|多算|克扣|扣钱|wrong\s+amount|overcharged|short\s+by|only\s+(?:received|got|refunded)"),
        (AnomalyKind.NotReceived, @"(?:未|没|没有|还没|还没有|一直没|都没)(?:到账|入账|到帐|收到|到|发货|出货|发|结|结算|打款|退回|退款|显示|加|变|进余额|动静|生成)|不到账|收不到|没看到钱|余额(?:还是|都没|没)|(?:钱|退款|工资|货|卡密|订单)呢|没进余额|not\s+(?:been\s+)?(?:received|arrived|credited|delivered|refunded|paid)|(?:haven'?t|hasn'?t|didn'?t|never)\s+(?:received|arrived|got|get|been\s+(?:credited|paid|refunded|delivered))|never\s+(?:came|showed\s+up)|missing"),
        (AnomalyKind.Delayed, @"处理中|审核中|待发货|待打款|待发放|待处理|一直显示|拖了|拖欠|延迟|超时|还在派送|运输中|卡在|缺货|好久|很久|几天了|一周了|半个月了|都\S{1,3}天了|still\s+(?:pending|processing|waiting|in\s+transit)|delayed|late|overdue|taking\s+(?:so\s+|too\s+)?long"),
        (AnomalyKind.NoResponse, @"没人(?:回|理|联系|打|管)|没有(?:任何)?人(?:回|理|联系|打)|不回(?:消息|复)?|联系不上|打不通|打不进|忙音|没人接|没回复|no\s+(?:one|body)\s+(?:replied|answered|called|responded)|no\s+(?:reply|response|answer)|nobody\s+(?:replied|called|answered)"),
    ];

    private static readonly (RequestKind Kind, string Pattern)[] RequestTable =
    [
        (RequestKind.HumanAgent, @"转人工|人工客服|找人工|真人客服|human\s+agent|real\s+person|talk\s+to\s+(?:a\s+)?(?:human|person|agent)"),
        (RequestKind.Callback, @"回电话?|打电话给我|给我打电话|联系我|call\s+(?:me\s+)?back|call\s+me|phone\s+me"),
        (RequestKind.ReturnGoods, @"退货|退回去|寄回|return\s+(?:it|the\s+item|the\s+goods|this)"),
        (RequestKind.Refund, @"退款|退钱|退差价|退还|原路退|退回|把钱退|退给我|钱退|refund|money\s+back|reimburse"),
        (RequestKind.Resend, @"补发|重新发|重发|再发一|补寄|resend|send\s+(?:it\s+)?again|re-?ship"),
        (RequestKind.Exchange, @"换货|换新|换一[张个件]|换个|调换|更换|exchange|replace(?:ment)?"),
        (RequestKind.Credit, @"(?:请|尽快|赶紧|麻烦)\S{0,6}?入账|尽快到账|到账或|补上|补到|把钱(?:打|发|给)|(?:钱|工资|工钱|佣金|款)什么时候(?:打|发|到|结)|什么时候(?:到账|发工资|结算)|结算给我|credit\s+(?:it|my\s+account)|pay\s+me"),
        (RequestKind.Cancel, @"(?<![已被自动])取消(?:订单)?|cancel"),
        (RequestKind.Compensation, @"赔偿|补偿|怎么赔|赔钱|compensat(?:e|ion)"),
        (RequestKind.Unblock, @"解封|解冻|解绑|找回|恢复(?:账号|登录)|能正常登录|unblock|unlock|unfreeze|restore\s+my\s+account|recover\s+my\s+account"),
        (RequestKind.Freeze, @"(?:帮我|先|请|马上|赶紧|尽快|申请)冻结|冻结(?:我的)?(?:账号|账户)(?![了中的])|封掉|freeze\s+my\s+account"),
        (RequestKind.Appeal, @"申诉|复核|复查|重新审核|appeal|review\s+(?:it\s+)?again"),
        (RequestKind.Invoice, @"开(?:具|一张|张|一下|个)?(?:电子|增值税|专用|普通)*发票|开票|invoice"),
        (RequestKind.TakeAction, @"举报|处理(?:该|这个)?商家|核实并处理|封了他|report\s+(?:this|the)"),
        (RequestKind.Investigate, @"查一下|查查|帮我查|核实|核查|查清|查收|看一下|看看|跟进|look\s+into|check\s+(?:on\s+)?(?:this|it|my)|investigate|find\s+out"),
        (RequestKind.Expedite, @"尽快|赶紧|催一下|加急|快点|急急急|asap|as\s+soon\s+as\s+possible|hurry|expedite|urgent"),
        (RequestKind.Explain, @"为什么|为啥|什么原因|给个说法|给我个说法|解释|怎么回事|咋回事|what\s+happened|why"),
    ];

    private static readonly (AnomalyKind Kind, Regex Pattern)[] Anomalies =
        [.. AnomalyTable.Select(a => (a.Kind, new Regex(a.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)))];

    private static readonly (RequestKind Kind, Regex Pattern)[] Requests =
        [.. RequestTable.Select(r => (r.Kind, new Regex(r.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)))];

    public static IReadOnlyList<Anomaly> FindAnomalies(string text)
    {
        var folded = TextFolding.Fold(text);
        var claimed = new List<(int Start, int End)>();
        var found = new List<Anomaly>();
        foreach (var (kind, pattern) in Anomalies)
        {
            foreach (Match match in pattern.Matches(folded))
            {
                if (!IsWordInside(folded, match) && Claim(claimed, match) && !IsNegatedAnomaly(folded, match.Index))
                {
                    found.Add(new Anomaly(kind, text.Substring(match.Index, match.Length), match.Index, match.Length));
                }
            }
        }

        return [.. found.OrderBy(a => a.Start).DistinctBy(a => a.Kind)];
    }

    public static IReadOnlyList<CustomerRequest> FindRequests(string text)
    {
        var folded = TextFolding.Fold(text);
        var claimed = new List<(int Start, int End)>();
        var found = new List<CustomerRequest>();
        foreach (var (kind, pattern) in Requests)
        {
            foreach (Match match in pattern.Matches(folded))
            {
                if (!IsWordInside(folded, match) && Claim(claimed, match) && !IsDeclined(folded, match.Index))
                {
                    found.Add(new CustomerRequest(kind, text.Substring(match.Index, match.Length), match.Index, match.Length));
                }
            }
        }

        return [.. found.OrderBy(r => r.Start).DistinctBy(r => r.Kind)];
    }

    private static bool Claim(List<(int Start, int End)> claimed, Match match)
    {
        var end = match.Index + match.Length;
        if (match.Length == 0 || claimed.Exists(c => c.Start < end && match.Index < c.End))
        {
            return false;
        }

        claimed.Add((match.Index, end));
        return true;
    }

    /// <summary>English keywords match whole words only: "why" is not in "anyway", "late" is not in "translate".</summary>
    private static bool IsWordInside(string text, Match match) =>
        char.IsAsciiLetter(match.Value[0]) && match.Index > 0 && char.IsAsciiLetter(text[match.Index - 1])
        || char.IsAsciiLetter(match.Value[^1]) && match.Index + match.Length < text.Length && char.IsAsciiLetter(text[match.Index + match.Length]);

    /// <summary>"不要退款", "no need to resend": a request the customer turns down is not a request.</summary>
    private static bool IsDeclined(string text, int start) =>
        Declined().IsMatch(text.AsSpan(Math.Max(0, start - 20), Math.Min(20, start)));

    /// <summary>"没有被冻结", "not locked": the customer ruling a problem out.</summary>
    private static bool IsNegatedAnomaly(string text, int start) =>
        NegatedAnomaly().IsMatch(text.AsSpan(Math.Max(0, start - 8), Math.Min(8, start)));

    [GeneratedRegex(@"(?:不要|不想|不用|不需要|无需|别|不必|don'?t\s+want\s+(?:a\s+|to\s+)?|do\s+not\s+want\s+(?:a\s+|to\s+)?|no\s+need\s+(?:for\s+a\s+|to\s+)?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Declined();

    [GeneratedRegex(@"(?:没有|并没|并未|不是|isn'?t\s+|wasn'?t\s+|not\s+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegatedAnomaly();
}
