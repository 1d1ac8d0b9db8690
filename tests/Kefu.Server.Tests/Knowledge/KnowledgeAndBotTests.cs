using System.Text.Json;
using Kefu.Server.Tests.Chat;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Knowledge;

public sealed class KnowledgeAndBotTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private static readonly string[] ArticlePhrasings = ["x"];

    private static object Faq(string title, string[] phrasings, string body, string locale = "zh-CN", string status = "published", string visibility = "public") =>
        new { kind = "faq", locale, category = "refund", title, phrasings, body, status, visibility };

    private async Task<TestWorkspace> WithBotAsync(Provider provider, int unhelpfulLimit = 2)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        using var admin = await workspace.SignedInAsync(workspace.Admin);
        (await admin.PutAsJsonAsync("/api/v1/admin/bot", new { enabled = true, unhelpfulLimit })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.PostAsJsonAsync("/api/v1/admin/knowledge", Faq("申请退款后多久到账？", ["退款什么时候到", "退款一直在处理中", "退款还没到账"], "商家同意后原路退回，银行卡1-3个工作日到账。")))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.PostAsJsonAsync("/api/v1/admin/knowledge", Faq("购买的卡密没收到怎么办？", ["卡密没发货", "付款了没有卡密", "点卡没给我发卡号"], "卡密在付款后5分钟内发放，在订单详情里查看。")))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        return workspace;
    }

    private static async Task<List<JsonElement>> MessagesAsync(HttpClient client, long number) =>
        [.. (await (await client.GetAsync($"/api/v1/widget/tickets/{number}/messages")).JsonAsync()).EnumerateArray()];

    private static async Task<List<JsonElement>> AgentMessagesAsync(HttpClient agent, long number) =>
        [.. (await (await agent.GetAsync($"/api/v1/tickets/{number}")).JsonAsync()).GetProperty("messages").EnumerateArray()];

    private static async Task<JsonElement> BotStateAsync(HttpClient customer, long number) =>
        await (await customer.GetAsync($"/api/v1/widget/tickets/{number}/bot")).JsonAsync();

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Knowledge_AdminWritesAgentsRead_BadInputAndStaleVersionsRefused(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        using var admin = await workspace.SignedInAsync(workspace.Admin);
        using var agent = await workspace.SignedInAsync(workspace.Agent);

        (await agent.PostAsJsonAsync("/api/v1/admin/knowledge", Faq("问", [], "答"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await (await admin.PostAsJsonAsync("/api/v1/admin/knowledge", new { kind = "faq", locale = "fr", title = "", body = "答", status = "live" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "locale");
        await (await admin.PostAsJsonAsync("/api/v1/admin/knowledge", new { kind = "article", locale = "zh-CN", title = "退款规则", body = "正文", phrasings = ArticlePhrasings }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "phrasings");
        await (await admin.PostAsJsonAsync("/api/v1/admin/knowledge", new { kind = "faq", locale = "zh-CN", category = "nope", title = "问", body = "答" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "category");

        var created = await admin.PostAsJsonAsync("/api/v1/admin/knowledge", Faq("退款多久到账", ["退款什么时候到"], "1-3个工作日", status: "draft", visibility: "internal"));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var entry = await created.JsonAsync();
        var id = entry.GetProperty("id").GetGuid();
        entry.GetProperty("version").GetInt32().ShouldBe(1);
        entry.GetProperty("status").GetString().ShouldBe("draft");

        var listed = await (await agent.GetAsync("/api/v1/knowledge?kind=faq&status=draft&category=refund&locale=zh-CN")).JsonAsync();
        listed.EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ShouldBe([id]);
        (await (await agent.GetAsync("/api/v1/knowledge?status=published")).JsonAsync()).GetArrayLength().ShouldBe(0);
        await (await agent.GetAsync("/api/v1/knowledge?status=bogus")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "status");

        var updated = await admin.PutAsJsonAsync($"/api/v1/admin/knowledge/{id}", Faq("退款多久到账？", ["退款什么时候到"], "原路退回", status: "published"));
        updated.StatusCode.ShouldBe(HttpStatusCode.OK, await updated.Content.ReadAsStringAsync());
        (await updated.JsonAsync()).GetProperty("version").GetInt32().ShouldBe(2);
        await (await admin.PutAsJsonAsync($"/api/v1/admin/knowledge/{id}", new { kind = "faq", locale = "zh-CN", title = "旧", body = "旧", version = 1 }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);

        using var stranger = await (await apps.WorkspaceAsync(provider)).SignedInAsync(workspace.Admin);
        (await stranger.GetAsync($"/api/v1/knowledge/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await agent.DeleteAsync($"/api/v1/admin/knowledge/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.DeleteAsync($"/api/v1/admin/knowledge/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await agent.GetAsync($"/api/v1/knowledge/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Bot_ConfidentQuestion_AnswersAsBotAndHoldsTheTicket_HelpedSolvesItAsDeflected(Provider provider)
    {
        var workspace = await WithBotAsync(provider);
        var visitor = await workspace.VisitorAsync();
        using var customer = visitor.Client();
        var number = await visitor.OpenTicketAsync("付款了没有卡密，等了好久");

        var messages = await MessagesAsync(customer, number);
        var answer = messages.Last();
        answer.GetProperty("author").GetProperty("kind").GetString().ShouldBe("bot");
        answer.GetProperty("body").GetString()!.ShouldStartWith("卡密在付款后5分钟内发放");
        var state = await BotStateAsync(customer, number);
        state.GetProperty("state").GetString().ShouldBe("answering");
        state.GetProperty("openAnswerMessageId").GetGuid().ShouldBe(answer.GetProperty("id").GetGuid());
        (await (await customer.GetAsync($"/api/v1/widget/tickets/{number}")).JsonAsync()).GetProperty("queue").GetProperty("state").GetString().ShouldBe("bot");

        var voted = await customer.PostAsJsonAsync($"/api/v1/widget/tickets/{number}/bot/feedback", new { messageId = answer.GetProperty("id").GetGuid(), helped = true });
        voted.StatusCode.ShouldBe(HttpStatusCode.OK, await voted.Content.ReadAsStringAsync());
        (await voted.JsonAsync()).GetProperty("state").GetString().ShouldBe("deflected");
        (await (await customer.GetAsync($"/api/v1/widget/tickets/{number}")).JsonAsync()).GetProperty("status").GetString().ShouldBe("solved");

        using var admin = await workspace.SignedInAsync(workspace.Admin);
        var metrics = await (await admin.GetAsync("/api/v1/admin/bot/metrics")).JsonAsync();
        metrics.GetProperty("sessions").GetInt32().ShouldBe(1);
        metrics.GetProperty("deflected").GetInt32().ShouldBe(1);
        metrics.GetProperty("deflectionRate").GetDouble().ShouldBe(1.0);
        metrics.GetProperty("helpfulVotes").GetInt32().ShouldBe(1);
        metrics.GetProperty("handOffRate").GetDouble().ShouldBe(0.0);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Bot_UnhelpfulAnswersUpToTheLimit_HandsOffWithTranscriptAndFacts(Provider provider)
    {
        var workspace = await WithBotAsync(provider, unhelpfulLimit: 2);
        var visitor = await workspace.VisitorAsync();
        using var customer = visitor.Client();
        var number = await visitor.OpenTicketAsync("订单FS20261118-0032退款一直在处理中");

        for (var round = 1; round <= 2; round++)
        {
            var state = await BotStateAsync(customer, number);
            state.GetProperty("state").GetString().ShouldBe("answering", $"round {round}");
            var vote = await customer.PostAsJsonAsync($"/api/v1/widget/tickets/{number}/bot/feedback", new { messageId = state.GetProperty("openAnswerMessageId").GetGuid(), helped = false });
            vote.StatusCode.ShouldBe(HttpStatusCode.OK, await vote.Content.ReadAsStringAsync());
            if (round == 1)
            {
                (await customer.PostAsJsonAsync($"/api/v1/widget/tickets/{number}/messages", new { clientMessageId = "again-0001", body = "还有一单付款了没有卡密" }))
                    .StatusCode.ShouldBe(HttpStatusCode.Created);
            }
        }

        var final = await BotStateAsync(customer, number);
        final.GetProperty("state").GetString().ShouldBe("handedOff");
        final.GetProperty("handOffReason").GetString().ShouldBe("unhelpfulAnswers");
        (await (await customer.GetAsync($"/api/v1/widget/tickets/{number}")).JsonAsync()).GetProperty("queue").GetProperty("state").GetString().ShouldNotBe("bot");

        using var agent = await workspace.SignedInAsync(workspace.Agent);
        var note = (await AgentMessagesAsync(agent, number)).Single(m => m.GetProperty("visibility").GetString() == "internal");
        var text = note.GetProperty("body").GetString()!;
        text.ShouldContain("【机器人转人工】");
        text.ShouldContain("客户: 订单FS20261118-0032退款一直在处理中");
        text.ShouldContain("还有一单付款了没有卡密");
        text.ShouldContain("FS20261118-0032");
        (await MessagesAsync(customer, number)).ShouldNotContain(m => m.GetProperty("body").GetString()!.Contains("【机器人转人工】"));

        await using var db = workspace.App.Db();
        (await db.Tickets.SingleAsync(t => t.WorkspaceId == workspace.Workspace.Id && t.Number == number)).HeldByBot.ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Bot_CustomerAsksForHuman_HandsOffAtOnce_AndUnsureQuestionsGoStraightToPeople(Provider provider)
    {
        var workspace = await WithBotAsync(provider);
        var visitor = await workspace.VisitorAsync();
        using var customer = visitor.Client();
        var asked = await visitor.OpenTicketAsync("退款什么时候到");
        (await customer.PostAsJsonAsync($"/api/v1/widget/tickets/{asked}/messages", new { clientMessageId = "human-0001", body = "转人工" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var state = await BotStateAsync(customer, asked);
        state.GetProperty("state").GetString().ShouldBe("handedOff");
        state.GetProperty("handOffReason").GetString().ShouldBe("customerAsked");
        (await customer.PostAsync($"/api/v1/widget/tickets/{asked}/bot/handoff", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var unsure = await visitor.OpenTicketAsync("你们公司的营业执照在哪里可以看到");
        var reply = (await MessagesAsync(customer, unsure)).Last();
        reply.GetProperty("author").GetProperty("kind").GetString().ShouldBe("bot");
        reply.GetProperty("body").GetString()!.ShouldContain("人工客服");
        (await BotStateAsync(customer, unsure)).GetProperty("handOffReason").GetString().ShouldBe("noConfidentAnswer");

        var viaButton = await visitor.OpenTicketAsync("退款一直在处理中");
        var handed = await customer.PostAsync($"/api/v1/widget/tickets/{viaButton}/bot/handoff", null);
        handed.StatusCode.ShouldBe(HttpStatusCode.OK, await handed.Content.ReadAsStringAsync());
        (await handed.JsonAsync()).GetProperty("state").GetString().ShouldBe("handedOff");

        using var admin = await workspace.SignedInAsync(workspace.Admin);
        var metrics = await (await admin.GetAsync("/api/v1/admin/bot/metrics")).JsonAsync();
        metrics.GetProperty("sessions").GetInt32().ShouldBe(3);
        metrics.GetProperty("handedOff").GetInt32().ShouldBe(3);
        metrics.GetProperty("deflected").GetInt32().ShouldBe(0);
        metrics.GetProperty("unansweredQuestions").GetInt32().ShouldBe(1);
        var unanswered = await (await admin.GetAsync("/api/v1/admin/bot/unanswered")).JsonAsync();
        unanswered[0].GetProperty("example").GetString().ShouldBe("你们公司的营业执照在哪里可以看到");
        using var agent = await workspace.SignedInAsync(workspace.Agent);
        (await agent.GetAsync("/api/v1/admin/bot/metrics")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Bot_SwitchedOff_LeavesChatsToPeople(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        var visitor = await workspace.VisitorAsync();
        using var customer = visitor.Client();
        var number = await visitor.OpenTicketAsync("退款什么时候到");

        (await MessagesAsync(customer, number)).ShouldNotContain(m => m.GetProperty("author").GetProperty("kind").GetString() == "bot");
        (await BotStateAsync(customer, number)).GetProperty("state").GetString().ShouldBe("none");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task HelpCentre_ShowsPublishedPublicOnly_InTheAskedLanguage(Provider provider)
    {
        var workspace = await apps.WorkspaceAsync(provider);
        using var admin = await workspace.SignedInAsync(workspace.Admin);
        async Task<Guid> AddAsync(object body) => (await (await admin.PostAsJsonAsync("/api/v1/admin/knowledge", body)).JsonAsync()).GetProperty("id").GetGuid();
        var published = await AddAsync(new { kind = "article", locale = "zh-CN", category = "refund", title = "退款规则说明", body = "七天无理由退货。\n\n原路退回。", status = "published", visibility = "public" });
        var english = await AddAsync(new { kind = "article", locale = "en", title = "Refund policy", body = "Refunds go back the way you paid.", status = "published", visibility = "public" });
        var internalOnly = await AddAsync(new { kind = "article", locale = "zh-CN", title = "内部垫付流程", body = "仅限内部", status = "published", visibility = "internal" });
        var draft = await AddAsync(new { kind = "faq", locale = "zh-CN", title = "草稿退款问题", body = "草稿答案", status = "draft", visibility = "public" });
        using var anonymous = workspace.App.CreateClient();
        var slug = workspace.Workspace.Slug;

        var index = await anonymous.GetAsync($"/help?w={slug}");
        var html = await index.Content.ReadAsStringAsync();
        index.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        index.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        html.ShouldContain("退款规则说明");
        html.ShouldContain("帮助中心");
        html.ShouldNotContain("内部垫付流程");
        html.ShouldNotContain("草稿退款问题");
        html.ShouldNotContain("Refund policy");

        using var englishRequest = new HttpRequestMessage(HttpMethod.Get, $"/help?w={slug}");
        englishRequest.Headers.AcceptLanguage.ParseAdd("en-GB,en;q=0.9,zh;q=0.5");
        var englishHtml = await (await anonymous.SendAsync(englishRequest)).Content.ReadAsStringAsync();
        englishHtml.ShouldContain("Refund policy");
        englishHtml.ShouldContain("Help centre");

        var searched = await (await anonymous.GetAsync($"/help?w={slug}&q={Uri.EscapeDataString("怎么退款")}")).Content.ReadAsStringAsync();
        searched.ShouldContain("退款规则说明");
        (await (await anonymous.GetAsync($"/help?w={slug}&q={Uri.EscapeDataString("内部垫付")}")).Content.ReadAsStringAsync()).ShouldNotContain("内部垫付流程");

        var article = await anonymous.GetAsync($"/help/articles/{published}?w={slug}");
        (await article.Content.ReadAsStringAsync()).ShouldContain("原路退回");
        (await anonymous.GetAsync($"/help/articles/{english}?w={slug}&lang=en")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync($"/help/articles/{internalOnly}?w={slug}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetAsync($"/help/articles/{draft}?w={slug}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetAsync($"/help/articles/{published}?w=no-such-workspace")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
