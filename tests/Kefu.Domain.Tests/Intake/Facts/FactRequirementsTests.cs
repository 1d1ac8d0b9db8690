using Kefu.Domain.Intake;
using Kefu.Domain.Intake.Facts;
using Kefu.Domain.Tickets;

using static Kefu.Domain.Tests.Intake.Facts.Extraction;

namespace Kefu.Domain.Tests.Intake.Facts;

public sealed class FactRequirementsTests
{
    private static readonly StructuredFields NoFields = new();

    /// <summary>Category, the customer's message, and the fact kinds still to ask for (the first kind of each unmet requirement).</summary>
    public static TheoryData<string, string, FactKind[]> Messages() => new()
    {
        { "settlement_delay", "在吗，我上周五做的传单兼职，工资到现在还没到账", [FactKind.OrderNumber, FactKind.Amount] },
        { "settlement_delay", "麻烦核实下订单202406020318，结算金额¥158，一直待打款", [FactKind.Date] },
        { "settlement_delay", "搬家兼职的工钱什么时候打给我，任务号5529，6月8号做的，150元", [] },
        { "settlement_delay", "奶茶店兼职 6月1号到6月5号 五天工资500元 至今未结", [FactKind.OrderNumber] },
        { "refund", "退款都半个月了还没收到", [FactKind.OrderNumber, FactKind.Amount] },
        { "refund", "订单202405100001申请退款三天了，¥49.9", [] },
        { "refund", "交易号2024051022001234567890，退我99元", [] },
        { "refund_request", "我5月10日申请的退款，¥49.9，到现在还没退回微信", [FactKind.OrderNumber] },
        { "card", "昨天那单卡密还没补发吗", [FactKind.OrderNumber] },
        { "card", "订单号202405120088的卡密没到账", [FactKind.Date] },
        { "card_key_invalid", "你好，5月10日15:30购买的卡密一直没有发货，订单号XH20261120-8802", [] },
        { "account", "账号被盗了，绑定手机被改了", [FactKind.Phone] },
        { "account", "账号被盗了，我的手机号是13800138000", [] },
        { "account_security", "Locked out, call me at +86 139 1234 5678", [] },
        { "delivery", "快递显示签收但我没收到", [FactKind.OrderNumber] },
        { "delivery", "快递单号 SF1409223871 显示签收但我没收到", [] },
        { "logistics_aftersales", "订单号PF20240315008721，付款三天了还显示待发货", [] },
        { "payment", "重复扣款两次，每次都是256元", [FactKind.OrderNumber, FactKind.Date] },
        { "order_payment_issue", "5月10日15:30付了300块，订单没生成，交易号2024051022001234567890", [] },
        { "recharge_missing", "充了200块钱，系统显示余额还是3块2", [FactKind.OrderNumber, FactKind.Date] },
        { "task_rejected", "申诉！任务202406110045被误判", [] },
        { "task_rejected", "被判作弊后奖励也被收回了，我不服", [FactKind.TaskNumber] },
        { "invoice_billing", "公司报销需要发票，麻烦开一下", [FactKind.OrderNumber] },
        { "merchant", "申请开通店铺需要哪些资质", [] },
        { "complaint", "客服态度很差，问题一直拖", [] },
        { "unknown-category", "退款都半个月了还没收到", [] },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Missing_DefaultTable_AsksForExactlyWhatTheMessageLacks(string category, string message, FactKind[] missing)
    {
        FactRequirements.Default.Missing(category, Read(message), NoFields).Select(r => r.Kind).ShouldBe(missing);
    }

    [Fact]
    public void Missing_StructuredOrderNumberAndTime_CountAsPresent()
    {
        var fields = new StructuredFields(OrderNumber: "XH20261120-8802", OccurredAt: Now.AddDays(-1));

        FactRequirements.Default.Missing("card", Read("话费充值一直未到账"), fields).ShouldBeEmpty();
        FactRequirements.Default.Missing("payment", Read("重复扣款两次"), fields).Select(r => r.Kind).ShouldBe([FactKind.Amount]);
    }

    [Fact]
    public void Missing_CustomerPhoneOnTheIntake_MeetsTheAccountRequirement()
    {
        var intake = new CheckedIntake("u-1", "李雷", null, "13800138000", "账号被盗", "账号被盗了", "account", null, null, null, null, Channel.Web);

        FactRequirements.Default.Missing("account", Read(intake.Description), StructuredFields.From(intake)).ShouldBeEmpty();
    }

    [Fact]
    public void Missing_BlankStructuredFields_DoNotCount()
    {
        var blank = new StructuredFields(OrderNumber: "  ", Phone: "");

        FactRequirements.Default.Missing("account", [], blank).Select(r => r.Kind).ShouldBe([FactKind.Phone]);
        FactRequirements.Default.Missing("card", [], blank).Select(r => r.Kind).ShouldBe([FactKind.OrderNumber, FactKind.Date]);
    }

    [Fact]
    public void Missing_AlternativeKind_MeetsTheRequirementButAnUnrelatedOneDoesNot()
    {
        RequiredFact[] requirements = [new(FactKind.OrderNumber, [FactKind.TrackingNumber])];

        FactRequirements.Missing(requirements, Read("顺丰单号SF1409223871"), NoFields).ShouldBeEmpty();
        FactRequirements.Missing(requirements, Read("流水号TX20240615883"), NoFields).ShouldHaveSingleItem().AlsoAccepted.ShouldBe([FactKind.TrackingNumber]);
    }

    [Fact]
    public void Default_EveryDemoCategory_HasAnEntry()
    {
        string[] demoCategories = ["refund", "order", "delivery", "account", "payment", "job", "card", "merchant", "complaint", "other"];

        demoCategories.ShouldBeSubsetOf(FactRequirements.Default.Categories);
    }

    [Fact]
    public void Default_SettlementDelay_NeedsOrderDateAndAmount()
    {
        FactRequirements.Default.For("settlement_delay").Select(r => r.Kind).ShouldBe([FactKind.OrderNumber, FactKind.Date, FactKind.Amount]);
        FactRequirements.Default.For("SETTLEMENT_DELAY").Count.ShouldBe(3);
        FactRequirements.Default.For(null).ShouldBeEmpty();
    }

    [Fact]
    public void FromConfiguration_KindNamesWithAlternatives_BuildsTheTable()
    {
        var table = FactRequirements.FromConfiguration(new Dictionary<string, string[]>
        {
            ["vip"] = ["orderNumber | TransactionNumber", "Phone"],
            ["none"] = [],
        });

        table.For("vip").ShouldBe([new RequiredFact(FactKind.OrderNumber, [FactKind.TransactionNumber]), new RequiredFact(FactKind.Phone)]);
        table.For("none").ShouldBeEmpty();
        table.For("refund").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("OrderNo")]
    [InlineData("3")]
    [InlineData("")]
    [InlineData(" | ")]
    public void Parse_UnknownKind_Throws(string text)
    {
        Should.Throw<FormatException>(() => RequiredFact.Parse(text));
    }
}
