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

    private static Task ExpectLiveAsync(IPage page) => Expect(page.Locator("html")).ToHaveAttributeAsync("data-live", "hub");
}
