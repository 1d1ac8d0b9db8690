using Kefu.Domain.Intake.Facts;

using static Kefu.Domain.Tests.Intake.Facts.Extraction;

namespace Kefu.Domain.Tests.Intake.Facts;

public sealed class IdentifierExtractionTests
{
    public static TheoryData<string, FactKind, string> Labelled() => new()
    {
        { "订单号：2026061012345，一直没发货", FactKind.OrderNumber, "2026061012345" },
        { "订单号:2026061012345", FactKind.OrderNumber, "2026061012345" },
        { "订单号是 FS20261118-0032 麻烦查下", FactKind.OrderNumber, "FS20261118-0032" },
        { "订单202405100001申请退款三天了，一直显示审核中", FactKind.OrderNumber, "202405100001" },
        { "订单123458899已签收，质量不满意", FactKind.OrderNumber, "123458899" },
        { "订单编号 XH20261105-7781", FactKind.OrderNumber, "XH20261105-7781" },
        { "丢件了谁负责？订单号WS8827615，货值2300多", FactKind.OrderNumber, "WS8827615" },
        { "我的退款单号TK20240511008，麻烦查一下进度", FactKind.OrderNumber, "TK20240511008" },
        { "订单号１３８００１３８０００", FactKind.OrderNumber, "１３８００１３８０００" },
        { "訂單號：MS20261120-1190", FactKind.OrderNumber, "MS20261120-1190" },
        { "order #A12-3345 never arrived", FactKind.OrderNumber, "A12-3345" },
        { "Order number: 88341234", FactKind.OrderNumber, "88341234" },
        { "my order no. 2026061012345 is wrong", FactKind.OrderNumber, "2026061012345" },
        { "order ID is 7731-2291", FactKind.OrderNumber, "7731-2291" },
        { "快递单号 SF1409223871 显示签收", FactKind.TrackingNumber, "SF1409223871" },
        { "11月12日寄回，顺丰单号SF1409223871，商家显示已签收", FactKind.TrackingNumber, "SF1409223871" },
        { "单号 SF1234567890", FactKind.TrackingNumber, "SF1234567890" },
        { "我已经把退货寄回了，单号773100526618，麻烦查收一下", FactKind.TrackingNumber, "773100526618" },
        { "物流单号：YT1234567890123", FactKind.TrackingNumber, "YT1234567890123" },
        { "tracking number JT5012345678901 has not moved", FactKind.TrackingNumber, "JT5012345678901" },
        { "流水号TX20240615883，银行那边没收到", FactKind.TransactionNumber, "TX20240615883" },
        { "交易号2024051022001234567890", FactKind.TransactionNumber, "2024051022001234567890" },
        { "交易单号4200001234202405100001，余额至今未到账", FactKind.TransactionNumber, "4200001234202405100001" },
        { "transaction id: 4200001234202405100001", FactKind.TransactionNumber, "4200001234202405100001" },
        { "任务号8831的佣金显示已完成但余额没变", FactKind.TaskNumber, "8831" },
        { "任务号 7720 显示“审核失败-信息不一致”", FactKind.TaskNumber, "7720" },
        { "申诉！任务202406110045被误判", FactKind.TaskNumber, "202406110045" },
        { "派单员说今天结，任务号20240612-0457", FactKind.TaskNumber, "20240612-0457" },
        { "请核查职位编号J20240601778，发布者疑似诈骗", FactKind.JobPostingNumber, "J20240601778" },
        { "职位ID 88317 审核中48小时了", FactKind.JobPostingNumber, "88317" },
        { "岗位ID 20240605112 被下架了", FactKind.JobPostingNumber, "20240605112" },
        { "工单10023 还没人处理", FactKind.TicketNumber, "10023" },
        { "工单号：10023", FactKind.TicketNumber, "10023" },
        { "工单号T20240611-3392，提交一周了", FactKind.TicketNumber, "T20240611-3392" },
        { "about ticket 10023 please", FactKind.TicketNumber, "10023" },
        { "Ticket #10023 is still open", FactKind.TicketNumber, "10023" },
        { "any news on #10023?", FactKind.TicketNumber, "10023" },
    };

    [Theory]
    [MemberData(nameof(Labelled))]
    public void Extract_ReferenceNumber_ReadsKindAndHighlightsTheNumber(string text, FactKind kind, string highlighted)
    {
        var fact = Single(text, kind, highlighted);

        fact.Value.ShouldBe(highlighted.Normalize(System.Text.NormalizationForm.FormKC));
    }

    public static TheoryData<string, FactKind, string> Shapes() => new()
    {
        { "FS20261115-5521 这单快递显示签收但我没收到", FactKind.OrderNumber, "FS20261115-5521" },
        { "PF20240315008721，付款三天了还显示待发货", FactKind.OrderNumber, "PF20240315008721" },
        { "DD240403117 这单发票开错了", FactKind.OrderNumber, "DD240403117" },
        { "2026061012345 这个单还没到", FactKind.OrderNumber, "2026061012345" },
        { "包裹 SF1409223871 三天没动", FactKind.TrackingNumber, "SF1409223871" },
        { "EMS EA123456789CN 卡在海关", FactKind.TrackingNumber, "EA123456789CN" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Extract_UnlabelledNumberWithAnUnmistakableShape_ReadsItByShape(string text, FactKind kind, string highlighted)
    {
        Single(text, kind, highlighted).Value.ShouldBe(highlighted);
    }

    [Fact]
    public void Extract_LabelledList_ReadsEveryItem()
    {
        const string text = "订单号：DD240403117、DD240411852、DD240426009，合计12680元";

        Of(text, FactKind.OrderNumber).Select(f => f.Value).ShouldBe(["DD240403117", "DD240411852", "DD240426009"]);
    }

    [Fact]
    public void Extract_PhoneNumberAfterOrderLabel_IsTheOrderNumberNotAPhone()
    {
        const string text = "订单号13800138000";

        Single(text, FactKind.OrderNumber, "13800138000");
        Of(text, FactKind.Phone).ShouldBeEmpty();
    }

    public static TheoryData<string> NotReferences() =>
    [
        "我的手机号13800138000",
        "你好，订单尾号6632的货发到哪了",
        "兼职费还没收到，订单尾号0093",
        "帮我查一下充值，尾号8876的银行卡扣了1000",
        "订单2件都没到",
        "订单是4月份的三笔",
        "order 3 items please",
        "身份证110101199003074514",
        "银行卡号6222021234567890128被扣款了",
        "6222021234567890128 这张卡扣了钱",
        "验证码 883412 是不是泄露了",
        "卡密：ABCD-1234-EFGH-5678",
        "工号1083的客服说话阴阳怪气的",
        "税号91310000MA1FL4CQ3X填错了",
        "联系电话135****7702",
        "付钱的时候页面报错 error 500",
        "上传的录屏说格式不对不通过，我用的就是mp4啊",
        "都说T+1到账，这都T+5了",
    ];

    [Theory]
    [MemberData(nameof(NotReferences))]
    public void Extract_TextWithoutAReferenceNumber_FindsNone(string text)
    {
        Read(text).Where(f => f.Kind is FactKind.OrderNumber or FactKind.TrackingNumber or FactKind.TransactionNumber
            or FactKind.TaskNumber or FactKind.JobPostingNumber or FactKind.TicketNumber).ShouldBeEmpty();
    }

    [Fact]
    public void Extract_MaskedPhone_IsNeitherPhoneNorAnything()
    {
        Read("招聘人电话185****0932，现在打不通了").ShouldBeEmpty();
    }
}
