using Kefu.Domain.Bot;
using Kefu.Domain.Knowledge;
using Kefu.Domain.Tickets;

namespace Kefu.Server.Features.Demo;

/// <summary>
/// The demo workspace's knowledge base: the questions its customers ask most (settlement delay, refunds, 卡密 not
/// received, frozen accounts ...) as FAQ entries in Chinese and English, a few help articles, one internal agent note
/// and one draft, and the FAQ bot switched on.
/// </summary>
public static class DemoKnowledge
{
    private sealed record Seed(KnowledgeKind Kind, string Locale, string Category, string Title, string[] Phrasings, string Body,
        KnowledgeVisibility Visibility = KnowledgeVisibility.Public, KnowledgeStatus Status = KnowledgeStatus.Published);

    private const string Zh = KnowledgeLocales.Chinese;
    private const string En = KnowledgeLocales.English;

    private static readonly Seed[] Entries =
    [
        new(KnowledgeKind.Faq, Zh, "job", "兼职工资什么时候结算？",
            ["兼职的钱怎么还没到账", "日结工资没发", "做完任务多久能拿到钱", "结算延迟了怎么办", "佣金一直显示待结算", "工资拖了好几天还没打过来"],
            "兼职工资由发布方在任务验收后结算：日结岗位在验收后 24 小时内到账，周结岗位在每周二统一结算。可以在“我的-收入明细”查看每笔任务的结算状态。\n\n如果显示“已验收”超过 48 小时仍未到账，请把任务编号和工作日期发给我们，我们会催发布方处理；平台对逾期结算的商家会先行垫付。"),
        new(KnowledgeKind.Faq, Zh, "job", "任务审核不通过怎么申诉？",
            ["任务被驳回了", "说我作弊判定无效", "审核没过能申诉吗", "任务被判违规怎么办"],
            "在“我的任务”里打开被驳回的任务，点“申诉”，上传能证明完成情况的截图或录屏。申诉会在 3 个工作日内由平台复核，结果会通过站内信通知您。每个任务可申诉一次。"),
        new(KnowledgeKind.Faq, Zh, "job", "招聘方让先交钱正常吗？",
            ["兼职要先交培训费", "让我交押金才能上岗", "要交保证金是不是骗子", "入职要买工作服的钱"],
            "不正常。平台禁止任何岗位以培训费、押金、保证金、服装费等名义向求职者收费。请不要付款，并在岗位页面点“举报”，或把对方的聊天记录发给我们，我们会核实并下架该岗位。"),
        new(KnowledgeKind.Faq, Zh, "refund", "申请退款后多久到账？",
            ["退款什么时候到", "退款一直在处理中", "退款还没到账", "钱什么时候退回来", "退货后多久退款"],
            "商家同意退款后，款项原路退回：微信、支付宝余额通常即时到账，银行卡 1-3 个工作日，信用卡最长 7 个工作日。\n\n如果商家 48 小时内没有处理您的退款申请，系统会自动同意。超过以上时间仍未到账，请提供订单号，我们帮您查询退款流水。"),
        new(KnowledgeKind.Faq, Zh, "refund", "收到的商品有质量问题怎么退换？",
            ["水果烂了怎么赔", "收到的东西坏了", "商品有破损可以退吗", "质量问题退货运费谁出"],
            "签收后 48 小时内，在订单页点“申请售后”，选择“质量问题”，上传商品和外包装照片。生鲜类商品支持按坏果比例部分退款；质量问题的退货运费由商家承担。"),
        new(KnowledgeKind.Faq, Zh, "card", "购买的卡密没收到怎么办？",
            ["卡密没发货", "买了卡密没收到", "付款了没有卡密", "点卡没给我发卡号", "卡密一直不显示"],
            "卡密一般在付款后 5 分钟内自动发放，可以在“订单详情-查看卡密”里找到，同时会发短信到下单手机号。\n\n如果超过 30 分钟仍未显示，可能是库存补货中，系统会在补货后自动发放；超过 2 小时未发放会自动全额退款。"),
        new(KnowledgeKind.Faq, Zh, "card", "卡密提示已被使用或无效怎么办？",
            ["卡密用不了", "充值提示卡密错误", "卡密已被使用", "卡号密码无效"],
            "请先核对卡号和密码是否输错（注意区分 0 和 O、1 和 l）。确认无误仍提示已使用，请保留充值失败的截图，在订单页点“卡密问题反馈”，商家会在 24 小时内核实并补发新卡密或退款。"),
        new(KnowledgeKind.Faq, Zh, "payment", "话费充值一直没到账怎么办？",
            ["充值了没到账", "话费充值中好久了", "充了流量没到", "充值显示成功但没收到"],
            "话费充值高峰期最长需要 24 小时到账，运营商维护期间可能更久。充值失败的订单会在 24 小时内自动原路退款。超过 24 小时既没到账也没退款，请提供订单号和充值手机号。"),
        new(KnowledgeKind.Faq, Zh, "payment", "被重复扣款了怎么办？",
            ["扣了两次钱", "付了两次款", "重复支付怎么退", "一个订单扣款两次"],
            "重复支付的款项会在 1-3 个工作日内自动退回原支付账户，无需申请。您可以在支付账单里看到一笔“退款”。如果 3 个工作日后仍未退回，请提供两笔扣款的截图。"),
        new(KnowledgeKind.Faq, Zh, "account", "账号被冻结了怎么解冻？",
            ["账号被封了", "账户冻结怎么办", "为什么我的号被冻结", "登录提示账户已冻结", "账户被限制使用"],
            "账号冻结通常是因为异地登录、频繁异常操作或被举报。打开 App 登录页，点“账号申诉”，完成人脸识别实名验证后，系统会在 24 小时内审核解冻。账户里的余额在冻结期间不会受影响。"),
        new(KnowledgeKind.Faq, Zh, "account", "收不到短信验证码怎么办？",
            ["验证码收不到", "登录没有验证码", "短信验证码一直不来", "换手机号了收不到验证码"],
            "请检查手机是否开启了短信拦截，或在拦截记录里查找。每个手机号每天最多获取 10 次验证码，超过后请第二天再试。如果绑定的手机号已经停用，请在登录页点“手机号已停用”走人工审核换绑。"),
        new(KnowledgeKind.Faq, Zh, "other", "怎么开发票？",
            ["在哪里申请发票", "需要开增值税发票", "公司报销要发票", "发票怎么开"],
            "订单完成后，在“订单详情-申请开票”里填写抬头和税号，电子发票会在 3 个工作日内发到您的邮箱。需要增值税专用发票的企业用户，请在开票时选择“专票”并上传一般纳税人证明。"),
        new(KnowledgeKind.Faq, En, "job", "When will my part-time pay be settled?",
            ["my job payment has not arrived", "daily pay not received", "settlement is late", "commission still pending", "when do I get paid for the task"],
            "Pay is settled by the employer after the task is accepted: daily jobs within 24 hours of acceptance, weekly jobs every Tuesday. You can see each task's status under Me > Earnings.\n\nIf a task shows Accepted for more than 48 hours without payment, send us the task number and the work date; the platform advances overdue pay."),
        new(KnowledgeKind.Faq, En, "refund", "How long does a refund take?",
            ["refund not received", "where is my refund", "refund still processing", "when will I get my money back"],
            "Once the seller agrees, the money goes back the way you paid: WeChat and Alipay balances at once, bank cards within 1-3 working days, credit cards within 7.\n\nA refund request the seller leaves unanswered for 48 hours is approved automatically."),
        new(KnowledgeKind.Faq, En, "card", "I paid but did not receive my card key",
            ["card key not delivered", "no gift card code after payment", "where is my card code", "card key missing"],
            "Card keys are usually delivered within 5 minutes of payment under Order details > View card key, and by SMS to the ordering phone.\n\nIf nothing shows after 30 minutes the item is being restocked and will be delivered automatically; after 2 hours without delivery the order is refunded in full."),
        new(KnowledgeKind.Faq, En, "account", "My account is frozen. How do I unfreeze it?",
            ["account locked", "account banned", "my account was suspended", "cannot log in account frozen"],
            "Accounts are frozen after unusual sign-ins or reports. On the sign-in page tap Appeal, complete the face verification, and the account is reviewed within 24 hours. Your balance is safe while the account is frozen."),
        new(KnowledgeKind.Faq, En, "payment", "I was charged twice for one order",
            ["double charge", "charged two times", "duplicate payment refund", "paid twice"],
            "A duplicate payment is refunded to the original account within 1-3 working days without any request. If it has not come back after 3 working days, send us screenshots of both charges."),
        new(KnowledgeKind.Faq, En, "account", "I don't receive the SMS login code",
            ["no verification code", "sms code not arriving", "cannot get login code"],
            "Check whether your phone blocks messages from unknown senders. Each number can request 10 codes a day. If the bound number is no longer in use, tap \"Number no longer in use\" on the sign-in page to rebind it after review."),
        new(KnowledgeKind.Article, Zh, "refund", "退款规则说明",
            [],
            "本平台支持七天无理由退货（生鲜、虚拟商品除外）。\n\n退款方式：原路退回。退款时效：微信、支付宝即时；银行卡 1-3 个工作日；信用卡最长 7 个工作日。\n\n商家 48 小时内未处理的退款申请将自动同意。"),
        new(KnowledgeKind.Article, Zh, "job", "求职者防骗指南",
            [],
            "正规岗位不会以任何名义收取费用。遇到要求交培训费、押金、保证金，或者要求添加私人微信、到站外刷单的，请立即举报。\n\n平台对所有岗位的结算进行担保：在平台内完成并验收的任务，发布方逾期未结算时由平台先行垫付。"),
        new(KnowledgeKind.Article, En, "refund", "Refund policy",
            [],
            "Most goods can be returned within seven days without giving a reason (fresh produce and virtual goods excepted).\n\nRefunds go back the way you paid: WeChat and Alipay at once, bank cards within 1-3 working days, credit cards within 7."),
        new(KnowledgeKind.Article, Zh, "job", "【内部】结算逾期垫付流程",
            [],
            "客户反映结算逾期超过 48 小时：1. 在商家后台核对任务验收时间；2. 联系发布方，24 小时内未结算的发起垫付工单；3. 垫付金额不超过 500 元可由一线直接申请，超过需主管审批。",
            KnowledgeVisibility.Internal),
        new(KnowledgeKind.Faq, Zh, "merchant", "商家入驻需要哪些资质？",
            ["开店要什么证件", "怎么申请开店"],
            "（草稿）个体户需营业执照和经营者身份证；企业需营业执照、法人身份证和对公账户。审核时间正在与招商团队确认。",
            KnowledgeVisibility.Public, KnowledgeStatus.Draft),
    ];

    public static IEnumerable<KnowledgeEntry> For(Guid workspaceId, IReadOnlyDictionary<string, Category> categories, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(categories);
        return Entries.Select(e => KnowledgeEntry.Create(
            Guid.CreateVersion7(now), workspaceId, e.Kind,
            new KnowledgeContent(e.Locale, categories.TryGetValue(e.Category, out var c) ? c.Id : null, e.Title, e.Phrasings, e.Body, e.Status, e.Visibility), now));
    }

    public static BotSettings Bot(Guid workspaceId, DateTimeOffset now) => new() { WorkspaceId = workspaceId, Enabled = true, UpdatedAt = now };
}
