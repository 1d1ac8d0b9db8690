using System.Net.Http.Headers;
using System.Text;
using Kefu.Domain.Tickets;
using Kefu.Server.Features.Email;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Email;

/// <summary>The inbound-MIME webhook a mail gateway calls, and the mailbox settings admins keep.</summary>
public sealed class EmailWebhookTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private static string RawMail(string messageId, string from = "buyer@customer.test", string subject = "退款问题") => $$"""
        From: =?UTF-8?B?{{Convert.ToBase64String(Encoding.UTF8.GetBytes("王芳"))}}?= <{{from}}>
        To: kefu@shop.test
        Subject: =?UTF-8?B?{{Convert.ToBase64String(Encoding.UTF8.GetBytes(subject))}}?=
        Message-ID: <{{messageId}}>
        MIME-Version: 1.0
        Content-Type: text/html; charset=utf-8

        <html><head><style>p{color:red}</style><script>alert(1)</script></head><body><p>退款还没到。</p><div>订单 <b>FS-1</b></div>
        <div class="gmail_quote">On Thu, Nov 12, 2026 at 10:30 AM Kefu &lt;kefu@shop.test&gt; wrote:<br><blockquote>旧的内容</blockquote></div></body></html>
        """.Replace("\n", "\r\n", StringComparison.Ordinal);

    private async Task<(TestWorkspace Workspace, HttpClient Admin, string Secret, Guid ChannelId)> MailboxAsync(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var admin = await ws.SignedInAsync(ws.Admin);
        var created = await admin.PostAsJsonAsync("/api/v1/admin/channels/email", new
        {
            fromAddress = "KeFu@Shop.test", imapHost = "imap.shop.test", imapUser = "kefu", imapPassword = "imap-password-不外传", smtpHost = "smtp.shop.test", smtpPassword = "smtp-password-不外传",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var json = await created.JsonAsync();
        return (ws, admin, json.GetProperty("inboundSecret").GetString()!, json.GetProperty("channel").GetProperty("id").GetGuid());
    }

    private static HttpRequestMessage Inbound(string body, string contentType = "message/rfc822", string? secret = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, EmailEndpoints.InboundPath) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (secret is not null)
        {
            request.Headers.Add(EmailEndpoints.SecretHeader, secret);
        }

        return request;
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Inbound_HtmlMailWithSecret_OpensOneTicketAndARetryStoresNothing(Provider provider)
    {
        var (ws, _, secret, _) = await MailboxAsync(provider);
        using var gateway = ws.App.CreateClient();
        var raw = RawMail("gw-1@customer.test");

        var first = await gateway.SendAsync(Inbound(raw, secret: secret));
        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        var answer = await first.JsonAsync();
        answer.GetProperty("outcome").GetString().ShouldBe("opened");
        var number = answer.GetProperty("ticketNumber").GetInt64();

        var retry = await gateway.SendAsync(Inbound(raw, secret: secret));
        (await retry.JsonAsync()).GetProperty("outcome").GetString().ShouldBe("duplicate");

        using var platform = ws.Integration();
        var byKey = await platform.SendAsync(Inbound(RawMail("gw-2@customer.test", subject: $"Re: 退款问题 [#{number}]")));
        (await byKey.JsonAsync()).GetProperty("outcome").GetString().ShouldBe("appended");

        await using var db = ws.App.Db();
        var ticket = await db.Tickets.AsNoTracking().SingleAsync(t => t.WorkspaceId == ws.Workspace.Id);
        ticket.Channel.ShouldBe(Channel.Email);
        var bodies = await db.Messages.AsNoTracking().Where(m => m.TicketId == ticket.Id).OrderBy(m => m.CreatedAt).Select(m => m.Body).ToListAsync();
        bodies.ShouldBe(["退款还没到。\n订单 FS-1", "退款还没到。\n订单 FS-1"]);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Inbound_BadAuthOrBadBody_IsRefusedWithProblemDetailsAndStoresNothing(Provider provider)
    {
        var (ws, _, secret, _) = await MailboxAsync(provider);
        var (_, _, otherSecret, _) = await MailboxAsync(provider);
        using var gateway = ws.App.CreateClient();

        await (await gateway.SendAsync(Inbound(RawMail("a@customer.test")))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await gateway.SendAsync(Inbound(RawMail("a@customer.test"), secret: "kfe_wrong"))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var basic = Inbound(RawMail("a@customer.test"));
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:not-the-secret")));
        await (await gateway.SendAsync(basic)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        await (await gateway.SendAsync(Inbound("this is not a mail at all", secret: secret))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await gateway.SendAsync(Inbound("Subject: no sender\r\n\r\nbody", secret: secret))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await gateway.SendAsync(Inbound(RawMail("a@customer.test"), "application/json", secret))).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);

        var viaBasic = Inbound(RawMail("b@customer.test"));
        viaBasic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + otherSecret)));
        (await gateway.SendAsync(viaBasic)).StatusCode.ShouldBe(HttpStatusCode.OK, "another workspace's secret opens a ticket there, not here");

        await using var db = ws.App.Db();
        (await db.Tickets.CountAsync(t => t.WorkspaceId == ws.Workspace.Id)).ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Mailbox_Settings_NeverShowPasswordsAndKeepThemUnlessChanged(Provider provider)
    {
        var (ws, admin, _, id) = await MailboxAsync(provider);

        var read = await admin.GetStringAsync($"/api/v1/admin/channels/email/{id}");
        read.ShouldNotContain("不外传");
        read.ShouldContain("\"hasPassword\":true");
        read.ShouldContain("\"fromAddress\":\"kefu@shop.test\"");

        var update = await admin.PutAsJsonAsync($"/api/v1/admin/channels/email/{id}", new { fromAddress = "kefu@shop.test", fromName = "客服", imapHost = "imap.shop.test", imapUser = "kefu", smtpHost = "smtp.shop.test", smtpPassword = "" });
        update.StatusCode.ShouldBe(HttpStatusCode.OK, await update.Content.ReadAsStringAsync());
        var updated = await update.JsonAsync();
        updated.GetProperty("imap").GetProperty("hasPassword").GetBoolean().ShouldBeTrue("a password left out stays");
        updated.GetProperty("smtp").GetProperty("hasPassword").GetBoolean().ShouldBeFalse("an empty password is removed");

        var list = await admin.GetStringAsync("/api/v1/admin/channels/email");
        list.ShouldNotContain("不外传");
        await (await admin.PostAsJsonAsync("/api/v1/admin/channels/email", new { fromAddress = "not an address", imapPort = 70000 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "fromAddress");

        using var agent = await ws.SignedInAsync(ws.Agent);
        (await agent.GetAsync("/api/v1/admin/channels/email")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
