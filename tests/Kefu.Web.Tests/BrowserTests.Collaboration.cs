using System.Globalization;

namespace Kefu.Web.Tests;

/// <summary>Live updates over the hub, notes that mention a colleague, attachments and sub-tasks, in the browser.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public async Task Workbench_NewTicketAndCustomerMessage_AppearWithoutReload()
    {
        var browser = server.RequireBrowser();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var subject = $"实时-{tag} 快递显示签收但没收到";
        await using var context = await browser.NewContextAsync(Desktop);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "1003");
        await page.GotoAsync($"{server.BaseAddress}app?view=unassigned&q={Uri.EscapeDataString($"实时-{tag}")}");
        await ExpectLiveAsync(page);
        await Expect(page.Locator("li.empty")).ToBeVisibleAsync();

        // Connected, the lists poll once a minute: only the hub can bring these within the assertion's 5 s.
        var number = await CreateTicketAsync("u-live-" + tag, "孙丽", subject, "refund");
        var row = page.Locator($"li.row[data-number='{number}']");
        await Expect(row).ToBeVisibleAsync();
        await row.Locator("a").ClickAsync();
        await Expect(page.Locator("article.ticket[aria-busy='false'] #ticket-title")).ToContainTextAsync(subject);
        await page.Locator("#composer-text").FillAsync("草稿不能丢");

        using (var platform = server.Platform())
        {
            (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = $"快递单号 YT{tag}，麻烦查一下" }))
                .StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        await Expect(page.Locator(".timeline .message.customer").Last).ToContainTextAsync($"YT{tag}");
        await Expect(page.Locator("#composer-text")).ToHaveValueAsync("草稿不能丢");
    }

    [Fact]
    public async Task InternalNote_WithMentionAndFile_ReachesColleagueLive()
    {
        var browser = server.RequireBrowser();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var number = await CreateTicketAsync("u-note-" + tag, "钱多多", $"备注-{tag} 退款金额不对", "refund");
        await using var colleagueContext = await browser.NewContextAsync(Desktop);
        var colleague = await colleagueContext.NewPageAsync();
        await SignInAsync(colleague, "1004");
        await ExpectLiveAsync(colleague);
        var countBefore = await colleague.Locator("#notices .count").IsHiddenAsync() ? 0 : int.Parse(await colleague.Locator("#notices .count").InnerTextAsync(), CultureInfo.InvariantCulture);

        await using var context = await browser.NewContextAsync(Desktop);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "1003");
        await page.GotoAsync($"{server.BaseAddress}app/tickets/{number}");
        await Expect(page.Locator("article.ticket[aria-busy='false']")).ToBeVisibleAsync();
        await Expect(page.Locator("#composer-mode")).ToContainTextAsync("客户会看到");
        await page.Locator("#tab-note").ClickAsync();
        await Expect(page.Locator("#composer-mode")).ToContainTextAsync("客户看不到");
        await page.Locator("#composer-text").FillAsync("退款金额和流水对不上，请核对");
        await page.Locator("#mention").SelectOptionAsync("1004");
        await Expect(page.Locator("#composer-text")).ToHaveValueAsync("退款金额和流水对不上，请核对 @1004 ");
        await page.Locator("#composer-files").SetInputFilesAsync(new FilePayload
        {
            Name = "退款流水.txt", MimeType = "text/plain", Buffer = System.Text.Encoding.UTF8.GetBytes("2026-11-20 退款 128.00 元"),
        });
        await Expect(page.Locator(".pending-files")).ToContainTextAsync("退款流水.txt");
        await Screens.SaveAsync(page, "workbench-note");
        await page.Locator("#send").ClickAsync();
        var note = page.Locator(".timeline .message.note").Last;
        await Expect(note).ToContainTextAsync("@1004");
        await Expect(note.GetByRole(AriaRole.Link, new() { Name = "退款流水.txt" })).ToBeVisibleAsync();
        await Expect(page.Locator(".pending-files li")).ToHaveCountAsync(0);

        await Expect(colleague.Locator("#notices .count")).ToHaveTextAsync((countBefore + 1).ToString(CultureInfo.InvariantCulture));
        await colleague.Locator("#notices").ClickAsync();
        var dialog = colleague.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("李娜 (1003) 在内部备注中提到了你");
        await Screens.SaveAsync(colleague, "workbench-notifications");
        await dialog.GetByRole(AriaRole.Link, new() { Name = $"#{number}" }).First.ClickAsync();
        await Expect(colleague.Locator("article.ticket[aria-busy='false'] #ticket-title")).ToContainTextAsync($"备注-{tag}");
    }

    [Fact]
    public async Task SubTask_Open_KeepsTicketFromBeingSolved()
    {
        var browser = server.RequireBrowser();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var number = await CreateTicketAsync("u-sub-" + tag, "冯晨", $"子任务-{tag} 重复扣款", "refund");
        await using var context = await browser.NewContextAsync(Desktop);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "1003");
        await page.GotoAsync($"{server.BaseAddress}app/tickets/{number}");
        await page.Locator("#take").ClickAsync();
        await Expect(page.Locator("#solve")).ToBeEnabledAsync();

        await page.Locator("#subtask-title").FillAsync("财务核对重复扣款");
        await page.Locator("#subtask-owner").SelectOptionAsync("1006");
        await page.Locator("#subtask-hours").FillAsync("4");
        await page.Locator("#subtask-add").ClickAsync();
        var task = page.Locator("li.subtask[data-subtask='财务核对重复扣款']");
        await Expect(task).ToContainTextAsync("陈静 (1006)");
        await Expect(page.Locator("#solve")).ToBeDisabledAsync();
        await Expect(page.Locator(".timeline")).ToContainTextAsync("分派子任务");
        await Screens.SaveAsync(page, "workbench-subtasks");

        await task.GetByRole(AriaRole.Checkbox).CheckAsync();
        await Expect(page.Locator("#subtasks-title")).ToHaveTextAsync("子任务（未完成 0 / 共 1）");
        await page.Locator("#solve").ClickAsync();
        await Expect(page.Locator("#ticket-status")).ToHaveTextAsync("已解决");
    }

    [Fact]
    public async Task Supervisor_DragsTicketOntoAgent_ReassignsIt()
    {
        var browser = server.RequireBrowser();
        var customerId = "u-drag-" + Guid.NewGuid().ToString("N")[..6];
        var number = await CreateTicketAsync(customerId, "蒋文", "优惠券没有到账", "card");
        using (var platform = server.Platform())
        {
            using var nudge = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tickets/{number}/nudge") { Content = JsonContent.Create(new { message = "快点" }) };
            nudge.Headers.Add("Kefu-Customer", customerId);
            (await platform.SendAsync(nudge)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await using var context = await browser.NewContextAsync(Desktop);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "1002");
        await page.GotoAsync($"{server.BaseAddress}app/wall");
        var ticket = page.Locator($"a.drag-ticket[data-number='{number}']").First;
        await Expect(ticket).ToBeVisibleAsync();
        await ticket.DragToAsync(page.Locator("tr[data-agent='1007']"));
        await Expect(page.Locator("#toast")).ToContainTextAsync($"#{number}");

        using var supervisor = await server.SignedInAsync("1002");
        var view = await supervisor.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/tickets/{number}");
        view.GetProperty("assignee").GetProperty("agentNumber").GetString().ShouldBe("1007");
    }

    [Fact]
    public async Task NightView_ShowsOwnTickets()
    {
        var browser = server.RequireBrowser();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var number = await CreateTicketAsync("u-night-" + tag, "韩雪", $"夜班-{tag} 半夜被扣款", "refund");
        using (var agent = await server.SignedInAsync("1008"))
        {
            (await agent.PostAsync($"/api/v1/tickets/{number}/take", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await using var context = await browser.NewContextAsync(Desktop);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "1008");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new("^夜班") }).ClickAsync();
        await Expect(page.Locator($"li.row[data-number='{number}']")).ToBeVisibleAsync();
        await Screens.SaveAsync(page, "workbench-night");
    }

    [Fact]
    public async Task SavedView_SharedByOneAgent_OpensForAnother()
    {
        var browser = server.RequireBrowser();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var number = await CreateTicketAsync("u-saved-" + tag, "曹阳", $"视图-{tag} 发票抬头错了", "refund");
        await using var context = await browser.NewContextAsync(Desktop);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "1005");
        await page.GotoAsync($"{server.BaseAddress}app?view=unassigned&q={Uri.EscapeDataString($"视图-{tag}")}");
        await Expect(page.Locator($"li.row[data-number='{number}']")).ToBeVisibleAsync();
        await page.Locator("#save-view").ClickAsync();
        await page.Locator("#saved-name").FillAsync($"发票-{tag}");
        await page.Locator("#saved-shared").CheckAsync();
        await page.Locator("#saved-submit").ClickAsync();
        await Expect(page.Locator("#toast")).ToContainTextAsync($"发票-{tag}");

        await using var otherContext = await browser.NewContextAsync(Desktop);
        var other = await otherContext.NewPageAsync();
        await SignInAsync(other, "1007");
        var option = other.Locator("#saved-view option", new() { HasTextString = $"发票-{tag}" });
        await Expect(option).ToHaveTextAsync($"发票-{tag} · 刘洋 (共享)");
        await other.Locator("#saved-view").SelectOptionAsync(new SelectOptionValue { Label = $"发票-{tag} · 刘洋 (共享)" });
        await Expect(other).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("view=unassigned"));
        await Expect(other.Locator($"li.row[data-number='{number}']")).ToBeVisibleAsync();
        await Expect(other.Locator("li.row")).ToHaveCountAsync(1);
        await Screens.SaveAsync(other, "workbench-saved-views");
    }

    private static Task ExpectLiveAsync(IPage page) => Expect(page.Locator("html")).ToHaveAttributeAsync("data-live", "hub");
}
