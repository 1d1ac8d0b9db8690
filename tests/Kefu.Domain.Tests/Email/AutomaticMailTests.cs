using Kefu.Domain.Email;

namespace Kefu.Domain.Tests.Email;

public sealed class AutomaticMailTests
{
    private static MailFacts Mail(string subject = "订单问题", string from = "chen@example.com", string contentType = "text/plain", string? reportType = null, params (string Name, string Value)[] headers) =>
        new(from, subject, [.. headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))], contentType, reportType);

    [Fact]
    public void Judge_OrdinaryMail_IsFromAPerson()
    {
        AutomaticMail.Judge(Mail(headers: ("Auto-Submitted", "no"))).Origin.ShouldBe(MailOrigin.Person);
    }

    [Theory]
    [InlineData("Auto-Submitted", "auto-replied")]
    [InlineData("auto-submitted", "auto-generated")]
    [InlineData("X-Autoreply", "yes")]
    [InlineData("X-Autorespond", "vacation")]
    [InlineData("Precedence", "bulk")]
    [InlineData("Precedence", "junk")]
    [InlineData("Precedence", "list")]
    [InlineData("X-Auto-Response-Suppress", "All")]
    [InlineData("X-Auto-Response-Suppress", "DR, OOF, AutoReply")]
    [InlineData("List-Id", "<news.shop.test>")]
    public void Judge_AutomaticHeader_IsAnAutoReply(string name, string value)
    {
        AutomaticMail.Judge(Mail(headers: (name, value))).Origin.ShouldBe(MailOrigin.AutoReply);
    }

    [Theory]
    [InlineData("自动回复：订单问题")]
    [InlineData("自动答复: 退款")]
    [InlineData("Automatic reply: refund")]
    [InlineData("Auto: refund")]
    [InlineData("Out of Office: back on Monday")]
    [InlineData("AutoReply: refund")]
    public void Judge_OutOfOfficeSubject_IsAnAutoReply(string subject)
    {
        AutomaticMail.Judge(Mail(subject)).Origin.ShouldBe(MailOrigin.AutoReply);
    }

    [Fact]
    public void Judge_SubjectMentioningAutoReplyLater_IsFromAPerson()
    {
        AutomaticMail.Judge(Mail("为什么我收到了自动回复？")).Origin.ShouldBe(MailOrigin.Person);
    }

    [Fact]
    public void Judge_DeliveryStatusReport_IsABounce()
    {
        AutomaticMail.Judge(Mail("Undelivered Mail", contentType: "multipart/report", reportType: "delivery-status")).Origin.ShouldBe(MailOrigin.Bounce);
    }

    [Theory]
    [InlineData("MAILER-DAEMON@mx.shop.test")]
    [InlineData("postmaster@qq.com")]
    public void Judge_FromMailerDaemon_IsABounce(string from)
    {
        AutomaticMail.Judge(Mail("系统退信", from)).Origin.ShouldBe(MailOrigin.Bounce);
    }

    [Fact]
    public void Judge_EmptyReturnPathWithBounceSubject_IsABounce()
    {
        AutomaticMail.Judge(Mail("Mail delivery failed: returning message to sender", "robot@mx.test", headers: ("Return-Path", "<>"))).Origin.ShouldBe(MailOrigin.Bounce);
    }

    [Fact]
    public void FailedRecipients_DsnWithFailedAndDelayed_NamesOnlyTheFailed()
    {
        var report = """
            Reporting-MTA: dns; mx.shop.test
            Arrival-Date: Thu, 12 Nov 2026 10:30:00 +0800

            Final-Recipient: rfc822; Gone@Example.com
            Action: failed
            Status: 5.1.1

            Final-Recipient: rfc822;slow@example.com
            Action: delayed
            Status: 4.4.1
            """;

        DeliveryStatus.FailedRecipients(report).ShouldBe(["gone@example.com"]);
    }
}
