using Kefu.Server.Features.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Kefu.Server.Tests.Email;

/// <summary>One server per provider for an email test class, with the background poller off so each test polls when it means to.</summary>
public sealed class EmailApps : IAsyncDisposable
{
    private readonly Dictionary<Provider, Task<KefuApp>> _apps = [];
    private readonly Lock _gate = new();

    public Task<KefuApp> GetAsync(Provider provider)
    {
        lock (_gate)
        {
            if (!_apps.TryGetValue(provider, out var app))
            {
                app = KefuApp.StartAsync(provider, settings: new Dictionary<string, string> { ["Email:Poll:Enabled"] = "false" });
                _apps[provider] = app;
            }

            return app;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps.Values.Where(a => a.IsCompletedSuccessfully))
        {
            await (await app).DisposeAsync();
        }
    }
}

/// <summary>A workspace with a support mailbox on the test mail servers, and a customer mailbox beside it.</summary>
public sealed record MailDesk(TestWorkspace Workspace, HttpClient Admin, Guid ChannelId, string Support, string Customer, string InboundSecret)
{
    public static async Task<MailDesk> CreateAsync(KefuApp app, MailServers mail)
    {
        var ws = await app.CreateWorkspaceAsync();
        var admin = await ws.SignedInAsync(ws.Admin);
        var support = mail.NewMailbox("support");
        var created = await admin.PostAsJsonAsync("/api/v1/admin/channels/email", new
        {
            fromAddress = support, fromName = "鲜果客服",
            imapHost = "127.0.0.1", imapPort = mail.ImapPort, imapSecurity = "none", imapUser = support[..support.IndexOf('@', StringComparison.Ordinal)], imapPassword = MailServers.Password,
            smtpHost = "127.0.0.1", smtpPort = mail.SmtpPort, smtpSecurity = "none",
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var json = await created.JsonAsync();
        return new MailDesk(ws, admin, json.GetProperty("channel").GetProperty("id").GetGuid(), support, mail.NewMailbox("customer"), json.GetProperty("inboundSecret").GetString()!);
    }

    public KefuApp App => Workspace.App;

    public Task<int> PollAsync() => App.Services.GetRequiredService<EmailPoller>().PollAsync(ChannelId, CancellationToken.None);

    public MimeMessage CustomerMail(string subject, string text, string? from = null)
    {
        var message = new MimeMessage { Subject = subject, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("customer.test") };
        message.From.Add(new MailboxAddress("陈晓明", from ?? Customer));
        message.To.Add(MailboxAddress.Parse(Support));
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    public async Task<Kefu.Domain.Tickets.Ticket[]> TicketsAsync()
    {
        await using var db = App.Db();
        return await db.Tickets.AsNoTracking().Where(t => t.WorkspaceId == Workspace.Workspace.Id).OrderBy(t => t.Number).ToArrayAsync();
    }

    public async Task<Kefu.Domain.Tickets.Message[]> MessagesAsync(long number)
    {
        await using var db = App.Db();
        var ticketId = await db.Tickets.Where(t => t.WorkspaceId == Workspace.Workspace.Id && t.Number == number).Select(t => t.Id).SingleAsync();
        return [.. (await db.Messages.AsNoTracking().Where(m => m.TicketId == ticketId).ToListAsync()).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)];
    }
}
