using Kefu.Domain.Customers;
using Kefu.Domain.Email;
using Kefu.Domain.Tickets;
using Kefu.Server.Features.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Kefu.Server.Tests.Email;

/// <summary>The email channel end to end against real exim (SMTP) and dovecot (IMAP) on loopback, on both databases.</summary>
public sealed class EmailChannelTests(EmailApps apps, MailServers mail) : IClassFixture<EmailApps>, IClassFixture<MailServers>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    private async Task<MailDesk> DeskAsync(Provider provider)
    {
        mail.RequireRunning();
        return await MailDesk.CreateAsync(await apps.GetAsync(provider), mail);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task MailIn_FromANewSender_OpensAnEmailTicketWithoutQuotedHistoryAndKeepsTheAttachment(Provider provider)
    {
        var desk = await DeskAsync(provider);
        var first = desk.CustomerMail("Fwd: 退款一直没有到账", "");
        var body = new BodyBuilder
        {
            TextBody = "11月12日申请的退款还没到账。\n\n在 2026年11月12日周四 10:30，商家 <shop@example.test> 写道：\n> 已退款，请查收。",
        };
        body.Attachments.Add("截图.png", Png, new ContentType("image", "png"));
        first.Body = body.ToMessageBody();
        await mail.SendAsync(first);
        await mail.WaitForDeliveryAsync(desk.Support, 1);

        (await desk.PollAsync()).ShouldBe(1);

        var ticket = (await desk.TicketsAsync()).ShouldHaveSingleItem();
        ticket.Channel.ShouldBe(Channel.Email);
        ticket.Subject.ShouldBe("退款一直没有到账");
        var message = (await desk.MessagesAsync(ticket.Number)).ShouldHaveSingleItem();
        message.Body.ShouldBe("11月12日申请的退款还没到账。");
        message.ExternalId.ShouldBe("email:" + first.MessageId);
        await using var db = desk.App.Db();
        var attachment = await db.Attachments.AsNoTracking().SingleAsync(a => a.TicketId == ticket.Id);
        (attachment.MessageId, attachment.FileName, attachment.ContentType, attachment.Size).ShouldBe((message.Id, "截图.png", "image/png", Png.Length));
        var download = await desk.Workspace.Integration().GetAsync($"/api/v1/tickets/{ticket.Number}/attachments/{attachment.Id}");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
        var customer = await db.Customers.AsNoTracking().Include(c => c.Identities).SingleAsync(c => c.Id == ticket.CustomerId);
        customer.Name.ShouldBe("陈晓明");
        customer.Identities.ShouldContain(i => i.Kind == IdentityKind.Email && i.Handle == desk.Customer);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task AgentReply_SentOverSmtp_ArrivesThreadedAndTheCustomersAnswersReturnToTheTicket(Provider provider)
    {
        var desk = await DeskAsync(provider);
        var first = desk.CustomerMail("订单没有发货", "我的订单 FS20261118-0032 一周了还没有发货。");
        await mail.SendAsync(first);
        await mail.WaitForDeliveryAsync(desk.Support, 1);
        await desk.PollAsync();
        var number = (await desk.TicketsAsync()).ShouldHaveSingleItem().Number;

        using var agent = await desk.Workspace.SignedInAsync(desk.Workspace.Admin);
        var reply = await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "您好，已催促商家 <b>今天</b> 发货。" });
        reply.StatusCode.ShouldBe(HttpStatusCode.Created, await reply.Content.ReadAsStringAsync());
        var replyId = (await reply.JsonAsync()).GetProperty("id").GetGuid();

        // Nobody sends it by hand: the reply's outbox row, written with it, is mailed once it has committed.

        var received = (await mail.ReadAsync(desk.Customer, 1)).ShouldHaveSingleItem();
        received.MessageId.ShouldBe(MailIds.ForMessage(replyId, MailServers.Domain));
        received.InReplyTo.ShouldBe(first.MessageId);
        received.References.ShouldContain(first.MessageId);
        received.Subject.ShouldBe($"Re: 订单没有发货 [#{number}]");
        received.From.Mailboxes.Single().Address.ShouldBe(desk.Support);
        received.Headers.Contains("Auto-Submitted").ShouldBeFalse();
        received.TextBody!.ShouldContain("您好，已催促商家 <b>今天</b> 发货。");
        received.TextBody!.ShouldContain("管理员（工号 9001）");
        received.HtmlBody!.ShouldContain("&lt;b&gt;今天&lt;/b&gt;");
        received.HtmlBody!.ShouldNotContain("<b>今天");

        var byReference = desk.CustomerMail("Re: 订单没有发货", "还是没有物流信息。\n\n> 您好，已催促商家今天发货。");
        byReference.InReplyTo = received.MessageId;
        byReference.References.Add(received.MessageId!);
        var bySubject = desk.CustomerMail($"补充 [#{number}]", "商家电话也打不通。");
        var stranger = desk.CustomerMail($"Re: [#{number}]", "我也想看看这个工单。", from: mail.NewMailbox("stranger"));
        foreach (var next in new[] { byReference, bySubject, stranger })
        {
            await mail.SendAsync(next);
        }

        await mail.WaitForDeliveryAsync(desk.Support, 4);
        (await desk.PollAsync()).ShouldBe(3);

        var messages = await desk.MessagesAsync(number);
        messages.Select(m => m.Body).ShouldBe(["我的订单 FS20261118-0032 一周了还没有发货。", "您好，已催促商家 <b>今天</b> 发货。", "还是没有物流信息。", "商家电话也打不通。"]);
        var tickets = await desk.TicketsAsync();
        tickets.Length.ShouldBe(2, "a stranger naming the ticket number opens a ticket of their own");
        (await desk.MessagesAsync(tickets[1].Number)).ShouldHaveSingleItem().Body.ShouldBe("我也想看看这个工单。");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task TicketFromThePlatform_ContinuesByEmail_OnTheSameTicketAndCustomer(Provider provider)
    {
        var desk = await DeskAsync(provider);
        using var platform = desk.Workspace.Integration();
        var number = await platform.CreateTicketAsync(Api.NewTicket(extra: new
        {
            customer = new { externalId = "u-mail-1", name = "陈晓明", email = desk.Customer.ToUpperInvariant() },
            subject = "退款一直没有到账",
            description = "11月12日申请的退款还没到账。",
        }));
        using var agent = await desk.Workspace.SignedInAsync(desk.Workspace.Admin);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "请提供付款截图。" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var reply = (await mail.ReadAsync(desk.Customer, 1)).ShouldHaveSingleItem();

        var answer = desk.CustomerMail("Re: " + reply.Subject, "截图见附件。");
        answer.InReplyTo = reply.MessageId;
        await mail.SendAsync(answer);
        await mail.WaitForDeliveryAsync(desk.Support, 1);
        await desk.PollAsync();

        (await desk.TicketsAsync()).ShouldHaveSingleItem().Number.ShouldBe(number);
        (await desk.MessagesAsync(number)).Select(m => m.Body).ShouldBe(["11月12日申请的退款还没到账。", "请提供付款截图。", "截图见附件。"]);
        await using var db = desk.App.Db();
        (await db.Customers.CountAsync(c => c.WorkspaceId == desk.Workspace.Workspace.Id)).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Refetch_AfterTheLastUidIsForgotten_StoresNothingTwice(Provider provider)
    {
        var desk = await DeskAsync(provider);
        await mail.SendAsync(desk.CustomerMail("发票", "请开具发票。"));
        await mail.SendAsync(desk.CustomerMail("发票 2", "抬头写公司。"));
        await mail.WaitForDeliveryAsync(desk.Support, 2);
        (await desk.PollAsync()).ShouldBe(2);
        (await desk.PollAsync()).ShouldBe(0, "the last UID is remembered");

        await using (var db = desk.App.Db())
        {
            await db.EmailChannels.Where(c => c.Id == desk.ChannelId).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSeenUid, 0));
        }

        (await desk.PollAsync()).ShouldBe(2, "both mails are fetched again");
        (await desk.TicketsAsync()).Length.ShouldBe(2);
        await using var check = desk.App.Db();
        (await check.Messages.CountAsync(m => m.WorkspaceId == desk.Workspace.Workspace.Id)).ShouldBe(2);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task AutoReplyAndBounce_AreNotStoredOrAnswered_AndTheBounceMarksTheAddress(Provider provider)
    {
        var desk = await DeskAsync(provider);
        var outOfOffice = desk.CustomerMail("自动回复：您的工单", "我正在休假，11月20日回来。");
        outOfOffice.Headers.Add("Auto-Submitted", "auto-replied");
        var bounce = new MimeMessage { Subject = "Undelivered Mail Returned to Sender", MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("mx.test") };
        bounce.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@mx.test"));
        bounce.To.Add(MailboxAddress.Parse(desk.Support));
        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = "Your message could not be delivered." },
            new MessageDeliveryStatus(),
        };
        var status = (MessageDeliveryStatus)report[1];
        status.StatusGroups.Add(new HeaderList { { "Reporting-MTA", "dns; mx.test" } });
        status.StatusGroups.Add(new HeaderList { { "Final-Recipient", "rfc822; " + desk.Customer }, { "Action", "failed" }, { "Status", "5.1.1" } });
        bounce.Body = report;
        await mail.SendAsync(outOfOffice);
        await mail.SendAsync(bounce);
        await mail.WaitForDeliveryAsync(desk.Support, 2);

        (await desk.PollAsync()).ShouldBe(2);

        (await desk.TicketsAsync()).ShouldBeEmpty();
        await using var db = desk.App.Db();
        var bouncing = await db.BouncingAddresses.AsNoTracking().SingleAsync(b => b.WorkspaceId == desk.Workspace.Workspace.Id);
        bouncing.Address.ShouldBe(desk.Customer);
        (await mail.ReadAsync(desk.Customer, 1, TimeSpan.FromSeconds(2))).ShouldBeEmpty("nothing answers an automatic mail");

        // A reply on a ticket of the bouncing address is not mailed.
        await mail.SendAsync(desk.CustomerMail("还在吗", "请回复。"));
        await mail.WaitForDeliveryAsync(desk.Support, 3);
        await desk.PollAsync();
        var number = (await desk.TicketsAsync()).ShouldHaveSingleItem().Number;
        using var agent = await desk.Workspace.SignedInAsync(desk.Workspace.Admin);
        var replyId = (await (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "在的。" })).JsonAsync()).GetProperty("id").GetGuid();
        (await desk.App.Services.GetRequiredService<EmailReplies>().LoadReplyAsync(replyId, CancellationToken.None)).ShouldBeNull();
        (await mail.ReadAsync(desk.Customer, 1, TimeSpan.FromSeconds(3))).ShouldBeEmpty("the outbox sends nothing to a bouncing address");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task OversizeOrForbiddenAttachment_RefusesTheWholeMail_AndSendsAnAutomaticNotice(Provider provider)
    {
        var desk = await DeskAsync(provider);
        var oversize = desk.CustomerMail("大文件", "");
        var big = new BodyBuilder { TextBody = "视频证据见附件。" };
        big.Attachments.Add("证据.png", [.. Png, .. new byte[Attachment.MaxBytes]], new ContentType("image", "png"));
        oversize.Body = big.ToMessageBody();
        var forbidden = desk.CustomerMail("程序", "");
        var exe = new BodyBuilder { TextBody = "请运行这个。" };
        exe.Attachments.Add("tool.exe", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00], new ContentType("application", "octet-stream"));
        forbidden.Body = exe.ToMessageBody();
        await mail.SendAsync(oversize);
        await mail.SendAsync(forbidden);
        await mail.WaitForDeliveryAsync(desk.Support, 2);

        (await desk.PollAsync()).ShouldBe(2);

        (await desk.TicketsAsync()).ShouldBeEmpty();
        await using var db = desk.App.Db();
        (await db.Customers.CountAsync(c => c.WorkspaceId == desk.Workspace.Workspace.Id)).ShouldBe(0);
        (await db.Attachments.CountAsync(a => a.WorkspaceId == desk.Workspace.Workspace.Id)).ShouldBe(0);
        var notices = await mail.ReadAsync(desk.Customer, 2);
        notices.Count.ShouldBe(2);
        notices.ShouldAllBe(n => n.Headers["Auto-Submitted"] == "auto-replied");
        notices.Select(n => n.InReplyTo).ShouldBe([oversize.MessageId, forbidden.MessageId], ignoreOrder: true);
    }
}
