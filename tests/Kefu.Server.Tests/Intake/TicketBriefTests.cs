using System.Text.Json;

using static Kefu.Server.Tests.Intake.Reading;

namespace Kefu.Server.Tests.Intake;

public sealed class TicketBriefTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private const string RefundWithoutOrder = "申请退款199元，一周了还没到账，请尽快处理";
    private const string FollowUp = "补充一下，订单号是 FS20261118-0032";

    private static object TicketWithoutOrderNumber(string externalId = "u-2001") => new
    {
        customer = new { externalId, name = "王芳" },
        subject = "退款没到账",
        description = RefundWithoutOrder,
        category = "refund",
    };

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Brief_FollowUpSuppliesTheOrderNumber_StopsAskingForItAndNamesTheMessage(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        using var agent = await ws.SignedInAsync(ws.Agent);
        var number = await platform.CreateTicketAsync(TicketWithoutOrderNumber());
        var ticket = await (await agent.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        var firstMessageId = ticket.GetProperty("messages")[0].GetProperty("id").GetGuid();

        var before = await BriefAsync(agent, number);

        before.GetProperty("number").GetInt64().ShouldBe(number);
        before.GetProperty("generatedAt").GetDateTimeOffset().ShouldBeGreaterThanOrEqualTo(ticket.GetProperty("createdAt").GetDateTimeOffset());
        before.GetProperty("category").GetString().ShouldBe("refund");
        var missing = before.GetProperty("missing").EnumerateArray().ShouldHaveSingleItem();
        missing.GetProperty("fact").GetString().ShouldBe("orderNumber");
        Kinds(missing, "alsoAccepted").ShouldBe(["transactionNumber"]);
        missing.GetProperty("question").GetString().ShouldBe("请提供您的订单号；如果付款后没有生成订单，请提供支付记录里的交易号（流水号）。");
        var amount = FactsOf(before, "amount").ShouldHaveSingleItem();
        amount.GetProperty("amount").GetDecimal().ShouldBe(199m);
        amount.GetProperty("span").GetProperty("messageId").GetGuid().ShouldBe(firstMessageId);
        ShouldPointAt(amount, "message", RefundWithoutOrder, "199元");
        Kinds(before, "anomalies").ShouldContain("notReceived");
        Kinds(before, "requests").ShouldContain("refund");
        var summary = before.GetProperty("summary").GetString()!;
        summary.ShouldNotBeEmpty();
        summary.Length.ShouldBeLessThanOrEqualTo(30);

        var followUp = await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = FollowUp });
        followUp.StatusCode.ShouldBe(HttpStatusCode.Created);
        var followUpId = (await followUp.JsonAsync()).GetProperty("id").GetGuid();

        var after = await BriefAsync(agent, number);

        after.GetProperty("missing").GetArrayLength().ShouldBe(0);
        after.GetProperty("complete").GetBoolean().ShouldBeTrue();
        var order = FactsOf(after, "orderNumber").ShouldHaveSingleItem();
        order.GetProperty("value").GetString().ShouldBe("FS20261118-0032");
        order.GetProperty("span").GetProperty("messageId").GetGuid().ShouldBe(followUpId);
        ShouldPointAt(order, "message", FollowUp, "FS20261118-0032");
        FactsOf(after, "amount").ShouldHaveSingleItem().GetProperty("span").GetProperty("messageId").GetGuid().ShouldBe(firstMessageId);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Brief_AgentsOwnWords_DoNotSupplyMissingFacts(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        using var agent = await ws.SignedInAsync(ws.Agent);
        var number = await platform.CreateTicketAsync(TicketWithoutOrderNumber());

        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/notes", new { body = "可能是订单号 FS20261118-0099" })).IsSuccessStatusCode.ShouldBeTrue();
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "请问是订单 FS20261118-0099 吗？" })).IsSuccessStatusCode.ShouldBeTrue();
        var brief = await BriefAsync(agent, number);

        FactsOf(brief, "orderNumber").ShouldBeEmpty();
        brief.GetProperty("missing")[0].GetProperty("fact").GetString().ShouldBe("orderNumber");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Brief_StructuredFieldsOfTheTicket_AreCountedAndQuestionsFollowAcceptLanguage(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        using var agent = await ws.SignedInAsync(ws.Agent);
        var number = await platform.CreateTicketAsync(Api.NewTicket());

        var brief = await BriefAsync(agent, number, "en-GB,en;q=0.9");

        brief.GetProperty("locale").GetString().ShouldBe("en");
        Kinds(brief, "knownFromFields").ShouldBe(["orderNumber", "date", "phone", "email"]);
        var missing = brief.GetProperty("missing").EnumerateArray().ShouldHaveSingleItem();
        missing.GetProperty("fact").GetString().ShouldBe("amount");
        missing.GetProperty("question").GetString().ShouldBe("How much is the refund you are asking for?");
        var date = FactsOf(brief, "date").ShouldHaveSingleItem();
        SpanText(date).ShouldBe("11月12日");
        date.GetProperty("date").GetString()!.ShouldEndWith("-11-12");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Brief_AnyoneButTheWorkspacesAgents_GetsNoBrief(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var other = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync(TicketWithoutOrderNumber("u-owner"));
        var url = $"/api/v1/tickets/{number}/brief";

        using var anonymous = ws.App.CreateClient();
        using var asCustomer = ws.Integration();
        asCustomer.DefaultRequestHeaders.Add("Kefu-Customer", "u-owner");
        using var otherAgent = await other.SignedInAsync(other.Admin);
        using var otherPlatform = other.Integration();
        using var agent = await ws.SignedInAsync(ws.Agent);

        (await anonymous.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await asCustomer.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await platform.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await otherPlatform.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var fromOtherWorkspace = await otherAgent.GetAsync(url);
        await fromOtherWorkspace.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await fromOtherWorkspace.Content.ReadAsStringAsync()).ShouldNotContain("199");
        await (await agent.GetAsync($"/api/v1/tickets/{number + 1}/brief")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await agent.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static Task<JsonElement> BriefAsync(HttpClient agent, long number, string? acceptLanguage = null) =>
        ReadAsync(agent, new HttpRequestMessage(HttpMethod.Get, $"/api/v1/tickets/{number}/brief"), acceptLanguage);
}
