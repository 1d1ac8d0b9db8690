using Kefu.Domain.Email;

namespace Kefu.Domain.Tests.Email;

public sealed class QuotedHistoryTests
{
    [Theory]
    [InlineData("退款还没到账，请帮忙查一下。\n\n在 2026年11月12日周四 10:30，客服 <kefu@shop.test> 写道：\n> 您好，已为您提交退款。\n> 请耐心等待。")]
    [InlineData("退款还没到账，请帮忙查一下。\n\nOn Thu, Nov 12, 2026 at 10:30 AM Kefu <kefu@shop.test> wrote:\n> We have refunded you.")]
    [InlineData("退款还没到账，请帮忙查一下。\n\nOn Thu, Nov 12, 2026 at 10:30 AM Kefu Support Team of the Shop\n<kefu@shop.test> wrote:\n> We have refunded you.")]
    [InlineData("退款还没到账，请帮忙查一下。\n\n-----Original Message-----\nFrom: Kefu <kefu@shop.test>\nSent: Thursday, November 12, 2026 10:30 AM\nSubject: RE: 退款")]
    [InlineData("退款还没到账，请帮忙查一下。\n\n------------------ 原始邮件 ------------------\n发件人: \"客服\"<kefu@shop.test>;\n发送时间: 2026年11月12日(星期四) 上午10:30\n收件人: \"我\"<me@qq.com>;\n主题: 退款")]
    [InlineData("退款还没到账，请帮忙查一下。\n\n发件人：客服 <kefu@shop.test>\n发送时间：2026年11月12日 10:30\n收件人：me@outlook.com\n主题：回复：退款")]
    [InlineData("退款还没到账，请帮忙查一下。\n\n在 2026-11-12 10:30:00，\"客服\" <kefu@163.com> 写道：\n>您好")]
    [InlineData("退款还没到账，请帮忙查一下。\r\n\r\n> 您好，已为您提交退款。\r\n> 请耐心等待。\r\n")]
    public void Strip_ReplyAboveHistory_KeepsOnlyTheNewText(string mail)
    {
        QuotedHistory.Strip(mail).ShouldBe("退款还没到账，请帮忙查一下。");
    }

    [Fact]
    public void Strip_InlineAnswersBetweenQuotes_KeepsQuotesForContext()
    {
        var mail = "> 订单号是多少？\n订单号 FS20261118-0032\n> 什么时候付的款？\n11月12日";

        QuotedHistory.Strip(mail).ShouldBe(mail);
    }

    [Fact]
    public void Strip_MailWithoutHistory_IsUnchanged()
    {
        QuotedHistory.Strip("  你好，\n我的订单还没发货。\n谢谢  ").ShouldBe("你好，\n我的订单还没发货。\n谢谢");
    }

    [Fact]
    public void Strip_NothingButAForward_KeepsTheText()
    {
        var mail = "-----Original Message-----\nFrom: someone@example.com\nSubject: 订单问题\n\n请看下面的订单。";

        QuotedHistory.Strip(mail).ShouldBe(mail);
    }

    [Fact]
    public void Strip_FromInTheCustomersOwnText_IsNotMistakenForHeaders()
    {
        var mail = "From: 北京 发货太慢了\n我等了一周。";

        QuotedHistory.Strip(mail).ShouldBe(mail);
    }
}
