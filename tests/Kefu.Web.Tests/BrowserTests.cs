using System.Globalization;
using System.Text.Json;

namespace Kefu.Web.Tests;

/// <summary>
/// What a person does in the browser, end to end against the real server: an agent works a ticket
/// while the customer watches it in the portal, an admin sets up a team and an SLA policy that then
/// applies, a supervisor reassigns from the wall.
/// </summary>
public sealed partial class BrowserTests(WebServer server) : IClassFixture<WebServer>
{
    private static readonly BrowserNewContextOptions Desktop = new() { ViewportSize = new() { Width = 1440, Height = 900 }, Locale = "zh-CN" };

    [Fact]
    public async Task AgentWorksTicket_CustomerInPortal_SeesEachStep()
    {
        var browser = server.RequireBrowser();
        var customerId = "u-web-" + Guid.NewGuid().ToString("N")[..8];
        using (var admin = await server.SignedInAsync("1001"))
        {
            var macro = await admin.PostAsJsonAsync("/api/v1/admin/macros", new
            {
                title = "退款加急-" + customerId,
                body = "{{customer.name}}您好，我是工号 {{agent.number}} 的客服，已为您的订单 {{ticket.order}} 加急处理退款。",
            });
            macro.StatusCode.ShouldBe(HttpStatusCode.Created, await macro.Content.ReadAsStringAsync());
        }

        var number = await CreateTicketAsync(customerId, "周子涵", "退货寄回十天了还没退款", "refund");

        await using var agentContext = await browser.NewContextAsync(Desktop);
        await using var customerContext = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 420, Height = 900 }, Locale = "zh-CN" });
        var agent = await agentContext.NewPageAsync();
        var customer = await customerContext.NewPageAsync();

        await customer.GotoAsync(server.PortalLink(customerId, TimeSpan.FromHours(1)));
        await Expect(customer.GetByRole(AriaRole.Heading, new() { Name = "我的工单" })).ToBeVisibleAsync();
        new Uri(customer.Url).Query.ShouldNotContain("s=", customMessage: "the signature leaves the address bar");
        await customer.GetByRole(AriaRole.Link, new() { NameRegex = new($"#{number}") }).ClickAsync();
        await ExpectStepAsync(customer, "已受理");
        await Screens.SaveAsync(customer, "portal-received");

        await SignInAsync(agent, "1003");
        await agent.GetByRole(AriaRole.Link, new() { NameRegex = new("^未分配") }).ClickAsync();
        await agent.Locator($"li.row[data-number='{number}'] a").ClickAsync();
        await Expect(agent.Locator("#ticket-title")).ToContainTextAsync("退货寄回十天了还没退款");
        await agent.Locator("#take").ClickAsync();
        await Expect(agent.Locator(".ticket-head .facts")).ToContainTextAsync("李娜 (1003)");
        await ReloadTicketAsync(customer, number);
        await ExpectStepAsync(customer, "处理中");

        await agent.Locator("#macro").SelectOptionAsync(new SelectOptionValue { Label = "退款加急-" + customerId });
        var reply = await agent.Locator("#composer-text").InputValueAsync();
        reply.ShouldBe("周子涵您好，我是工号 1003 的客服，已为您的订单 FS20261118-0032 加急处理退款。");
        await agent.Locator("#send").ClickAsync();
        await Expect(agent.Locator(".timeline .message.agent")).ToContainTextAsync("加急处理退款");
        await ReloadTicketAsync(customer, number);
        await Expect(customer.Locator(".timeline .message.agent")).ToContainTextAsync("工号 1003");

        await agent.Locator("#promise-hours").FillAsync("4");
        await agent.Locator("#promise-note").FillAsync("财务今天审核");
        await agent.Locator("#promise-submit").ClickAsync();
        await Expect(agent.Locator(".sla-facts")).ToContainTextAsync("承诺");
        await ReloadTicketAsync(customer, number);
        await Expect(customer.Locator("#promised")).ToContainTextAsync("客服承诺在");

        await customer.Locator("#nudge").ClickAsync();
        await Expect(customer.Locator("#toast")).ToContainTextAsync("已催促");
        await customer.Locator("#add-info").FillAsync("补充：退货快递单号 SF1409223871，商家已签收。<b>不是标记</b>");
        await customer.Locator("#send-info").ClickAsync();
        await Expect(customer.Locator(".timeline .message.customer").Last).ToContainTextAsync("<b>不是标记</b>");
        await Screens.SaveAsync(customer, "portal-ticket");

        await agent.ReloadAsync();
        await Expect(agent.Locator(".timeline .message.customer").Last).ToContainTextAsync("SF1409223871");
        (await agent.Locator(".timeline b").CountAsync()).ShouldBe(0, "customer text is shown as text, never as markup");
        await Expect(agent.Locator(".timeline")).ToContainTextAsync("客户催单");
        await Screens.SaveAsync(agent, "workbench-ticket");

        await agent.Locator("#solve").ClickAsync();
        await Expect(agent.Locator("#ticket-status")).ToHaveTextAsync("已解决");
        await ReloadTicketAsync(customer, number);
        await ExpectStepAsync(customer, "已解决");
        await customer.GetByLabel("非常满意").CheckAsync();
        await customer.Locator("#csat-comment").FillAsync("退款已到账，谢谢");
        await customer.Locator("#csat-submit").ClickAsync();
        await Expect(customer.Locator("#csat-result")).ToContainTextAsync("感谢您的评价");

        await customer.Locator("#agent-check").FillAsync("1003");
        await customer.Locator("#agent-check").PressAsync("Enter");
        await Expect(customer.Locator("#agent-check-result")).ToContainTextAsync("是");
        await Expect(customer.Locator("#agent-check-result")).ToContainTextAsync("官方客服");
        await customer.Locator("#agent-check").FillAsync("8888");
        await customer.Locator("#agent-check").PressAsync("Enter");
        await Expect(customer.Locator("#agent-check-result")).ToContainTextAsync("不是");
        await Screens.SaveAsync(customer, "portal-solved");
    }

    [Fact]
    public async Task AdminCreatesTeamAndSlaPolicy_NewTicket_GetsThePolicy()
    {
        var browser = server.RequireBrowser();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await using var context = await browser.NewContextAsync(Desktop);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "1001");

        await page.GetByRole(AriaRole.Link, new() { Name = "管理" }).ClickAsync();
        await page.Locator("#team-name").FillAsync("夜班组-" + suffix);
        await page.Locator("#team-members").FillAsync("1004, 1008");
        await page.Locator("#create-team").ClickAsync();
        await Expect(page.Locator($"tr[data-team='夜班组-{suffix}']")).ToBeVisibleAsync();
        await Screens.SaveAsync(page, "admin-teams");

        await page.GetByRole(AriaRole.Link, new() { Name = "SLA 策略" }).ClickAsync();
        var policy = "商家入驻30分钟首响-" + suffix;
        await page.Locator("#policy-name").FillAsync(policy);
        await page.Locator("#policy-position").FillAsync("1");
        await page.Locator("#policy-categories").FillAsync("merchant");
        await page.Locator("#policy-first").FillAsync("30");
        await page.Locator("#policy-resolution").FillAsync("1440");
        await page.Locator("#create-policy").ClickAsync();
        await Expect(page.Locator($"tr[data-policy='{policy}']")).ToBeVisibleAsync();
        await Screens.SaveAsync(page, "admin-sla");

        using (var admin = await server.SignedInAsync("1001"))
        {
            var teams = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/teams");
            teams.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "夜班组-" + suffix)
                .GetProperty("memberAgentNumbers").EnumerateArray().Select(n => n.GetString()).ShouldBe(["1004", "1008"]);
        }

        var number = await CreateTicketAsync("u-web-m-" + suffix, "吴思远", "想开通水果批发店铺，需要什么资质", "merchant");
        await page.GotoAsync($"{server.BaseAddress}app/tickets/{number}");
        await Expect(page.Locator(".sla-facts")).ToContainTextAsync(policy);
        await Expect(page.Locator(".clock").First).ToContainTextAsync("首次响应");

        await page.GotoAsync($"{server.BaseAddress}app/admin/macros");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "编辑快捷回复" })).ToBeVisibleAsync();
        await Screens.SaveAsync(page, "admin-macros");
    }

    [Fact]
    public async Task Supervisor_ReassignsNudgedTicket_FromTheWall()
    {
        var browser = server.RequireBrowser();
        var customerId = "u-web-w-" + Guid.NewGuid().ToString("N")[..6];
        var number = await CreateTicketAsync(customerId, "郑晓雨", "话费充值两天未到账", "card");
        using (var platform = server.Platform())
        {
            using var nudge = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tickets/{number}/nudge") { Content = JsonContent.Create(new { message = "怎么还没处理" }) };
            nudge.Headers.Add("Kefu-Customer", customerId);
            (await platform.SendAsync(nudge)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await using var context = await browser.NewContextAsync(Desktop);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "1002");
        await page.GetByRole(AriaRole.Link, new() { Name = "监控墙" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "客户催单" })).ToBeVisibleAsync();
        var picker = page.Locator($"select.reassign[data-number='{number}']");
        await Expect(picker).ToBeVisibleAsync();
        await Screens.SaveAsync(page, "wall");
        await picker.SelectOptionAsync("1006");
        await Expect(page.Locator("#toast")).ToContainTextAsync($"#{number}");

        using var supervisor = await server.SignedInAsync("1002");
        var ticket = await supervisor.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{number}");
        ticket.GetProperty("assignee").GetProperty("agentNumber").GetString().ShouldBe("1006");
    }

    [Fact]
    public async Task Workbench_KeyboardAndLanguage_WorkWithoutMouse()
    {
        var browser = server.RequireBrowser();
        await using var context = await browser.NewContextAsync(Desktop);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "1004");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new("^我的组") }).ClickAsync();
        await Expect(page.Locator("li.row").First).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("j");
        await Expect(page.Locator("article.ticket[aria-busy='false']")).ToBeVisibleAsync();
        var first = page.Url;
        await page.Keyboard.PressAsync("j");
        await Expect(page).Not.ToHaveURLAsync(first);

        // The URL changes before the next ticket's pane has replaced the old one; a key pressed in between would
        // focus a composer that is about to go away.
        var next = new Uri(page.Url).Segments[^1];
        await Expect(page.Locator("article.ticket[aria-busy='false'] #ticket-title .num")).ToHaveTextAsync("#" + next);
        await page.Keyboard.PressAsync("n");
        await Expect(page.Locator("#composer-text")).ToBeFocusedAsync();
        await Expect(page.Locator("#send")).ToHaveTextAsync("添加备注");
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("?");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("键盘快捷键");
        await Screens.SaveAsync(page, "workbench-shortcuts");
        await page.Keyboard.PressAsync("Escape");

        await page.Locator("#language").SelectOptionAsync("en");
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new("^My team") })).ToBeVisibleAsync();
        await Screens.SaveAsync(page, "workbench-en");
        await page.Locator("#language").SelectOptionAsync("zh-CN");
    }

    /// <summary>Ticket view interactive on demo data: navigation start → timeline rendered, measured by the page itself.</summary>
    [Fact]
    public async Task TicketView_OnDemoData_RendersTimelineQuickly()
    {
        var browser = server.RequireBrowser();
        await using var context = await browser.NewContextAsync(Desktop);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "1003");
        using var agent = await server.SignedInAsync("1003");
        var numbers = (await agent.GetFromJsonAsync<JsonElement>("/api/v1/tickets?pageSize=20")).GetProperty("items").EnumerateArray()
            .Select(t => t.GetProperty("number").GetInt64()).ToList();
        numbers.Count.ShouldBe(20);

        await page.GotoAsync($"{server.BaseAddress}app/tickets/{numbers[0]}");
        await Expect(page.Locator("article.ticket[aria-busy='false']")).ToBeVisibleAsync();
        var fullLoads = new List<double>();
        var inApp = new List<double>();
        foreach (var number in numbers)
        {
            await page.GotoAsync($"{server.BaseAddress}app/tickets/{number}");
            fullLoads.Add(await RenderedAsync(page, number, "mark"));
        }

        foreach (var number in numbers)
        {
            await page.EvaluateAsync("n => { history.pushState(null, '', '/app/tickets/' + n); dispatchEvent(new PopStateEvent('popstate')); }", number);
            inApp.Add(await RenderedAsync(page, number, "measure"));
        }

        var figures = new { fullLoadMs = Summary(fullLoads), inAppSwitchMs = Summary(inApp), tickets = numbers.Count };
        Screens.Record("ticket-view-timing", figures);
        TestContext.Current.TestOutputHelper?.WriteLine(JsonSerializer.Serialize(figures));
        Percentile(fullLoads, 0.5).ShouldBeLessThan(1500, "a gross regression, not the 300 ms target: that is recorded in docs/benchmarks.md");
    }

    private static async Task<double> RenderedAsync(IPage page, long number, string kind)
    {
        var name = $"kefu:ticket-rendered:{number}";

        // Polled with evaluate: WaitForFunction compiles a string in the page, which the UI's CSP forbids.
        for (var tries = 0; await page.EvaluateAsync<int>("([n, k]) => performance.getEntriesByName(n, k).length", new object[] { name, kind }) == 0; tries++)
        {
            tries.ShouldBeLessThan(500, $"ticket {number} never rendered");
            await Task.Delay(10);
        }

        var value = await page.EvaluateAsync<double>(
            "([n, k]) => { const e = performance.getEntriesByName(n, k); return k === 'mark' ? e[e.length - 1].startTime : e[e.length - 1].duration; }",
            new object[] { name, kind });
        await page.EvaluateAsync("() => { performance.clearMarks(); performance.clearMeasures(); }");
        return value;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p * (sorted.Count - 1)))];
    }

    private static object Summary(List<double> values) => new
    {
        p50 = Math.Round(Percentile(values, 0.5), 1),
        p95 = Math.Round(Percentile(values, 0.95), 1),
        max = Math.Round(values.Max(), 1),
    };

    private async Task<long> CreateTicketAsync(string externalId, string name, string subject, string category)
    {
        using var platform = server.Platform();
        var response = await platform.PostAsJsonAsync("/api/v1/tickets", new
        {
            customer = new { externalId, name, phone = "13900139000" },
            subject,
            description = subject + "，请尽快处理。",
            category,
            orderNumber = "FS20261118-0032",
            occurredAt = "2026-11-12T10:30:00+08:00",
            desiredOutcome = "尽快处理",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt64();
    }

    private async Task SignInAsync(IPage page, string agentNumber)
    {
        await page.GotoAsync($"{server.BaseAddress}app");
        await page.Locator("input[name=workspace]").FillAsync(WebServer.Workspace);
        await page.Locator("input[name=login]").FillAsync(agentNumber);
        await page.Locator("input[name=password]").FillAsync(WebServer.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.Locator(".topbar .who")).ToContainTextAsync(agentNumber);
    }

    private async Task ReloadTicketAsync(IPage customer, long number)
    {
        await customer.GotoAsync(string.Create(CultureInfo.InvariantCulture, $"{server.BaseAddress}portal?ticket={number}"));
        await Expect(customer.Locator("[aria-busy='false']")).ToBeVisibleAsync();
    }

    private static Task ExpectStepAsync(IPage customer, string step) =>
        Expect(customer.Locator(".progress li[aria-current='step']")).ToHaveTextAsync(step);

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);
}
