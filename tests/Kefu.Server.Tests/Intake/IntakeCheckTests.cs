using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

using static Kefu.Server.Tests.Intake.Reading;

namespace Kefu.Server.Tests.Intake;

public sealed class IntakeCheckTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private const string Url = "/api/v1/intake/check";
    private const string RefundWithoutAmount = "订单号是 FS20261118-0032，申请退款一周了还没到账，麻烦尽快处理";

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Check_ChineseRefundWithoutAmount_FindsTheOrderAndAsksForTheRefundAmountInChinese(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();

        var response = await client.PostAsJsonAsync(Url, new { category = "refund", subject = "退款没到账", description = RefundWithoutAmount });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentLanguage.ShouldBe(["zh-CN"]);
        var check = await response.JsonAsync();
        check.GetProperty("locale").GetString().ShouldBe("zh-CN");
        check.GetProperty("category").GetString().ShouldBe("refund");
        var order = FactsOf(check, "orderNumber").ShouldHaveSingleItem();
        order.GetProperty("value").GetString().ShouldBe("FS20261118-0032");
        ShouldPointAt(order, "description", RefundWithoutAmount, "FS20261118-0032");
        var missing = check.GetProperty("missing").EnumerateArray().ShouldHaveSingleItem();
        missing.GetProperty("fact").GetString().ShouldBe("amount");
        missing.GetProperty("question").GetString().ShouldBe("请问您申请退款的金额是多少？");
        check.GetProperty("complete").GetBoolean().ShouldBeFalse();
        Kinds(check, "anomalies").ShouldContain("notReceived");
        Kinds(check, "requests").ShouldContain("refund");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Check_EnglishAskedForByHeaderOrLocale_AsksForTheRefundAmountInEnglish(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();
        var body = new { category = "refund", subject = "退款没到账", description = RefundWithoutAmount };

        var byHeader = await SendAsync(client, body, "fr-FR, en-US;q=0.8, zh-CN;q=0.5");
        var byLocale = await SendAsync(client, new { body.category, body.subject, body.description, locale = "en" }, "zh-CN");
        var chineseDespiteHeader = await SendAsync(client, new { body.category, body.subject, body.description, locale = "zh-CN" }, "en");

        foreach (var english in new[] { byHeader, byLocale })
        {
            english.GetProperty("locale").GetString().ShouldBe("en");
            english.GetProperty("missing")[0].GetProperty("question").GetString().ShouldBe("How much is the refund you are asking for?");
        }

        chineseDespiteHeader.GetProperty("missing")[0].GetProperty("question").GetString().ShouldBe("请问您申请退款的金额是多少？");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Check_EnglishMessageWithEverything_ReadsOrderAmountAndWorkspaceTimeAndAsksNothing(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();
        const string description = "I was charged twice for order #A12-3345: paid $59.90 on 2026-06-10 15:30. Please refund me.";

        var check = await SendAsync(client, new { category = "refund", subject = "Charged twice", description }, "en");

        FactsOf(check, "orderNumber").ShouldHaveSingleItem().GetProperty("value").GetString().ShouldBe("A12-3345");
        var amount = FactsOf(check, "amount").ShouldHaveSingleItem();
        amount.GetProperty("amount").GetDecimal().ShouldBe(59.90m);
        amount.GetProperty("currency").GetString().ShouldBe("USD");
        ShouldPointAt(amount, "description", description, "$59.90");
        var date = FactsOf(check, "date").ShouldHaveSingleItem();
        date.GetProperty("precision").GetString().ShouldBe("time");

        // 15:30 on the workspace's wall clock (Asia/Shanghai), not UTC's.
        date.GetProperty("instant").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 6, 10, 7, 30, 0, TimeSpan.Zero));
        foreach (var fact in check.GetProperty("facts").EnumerateArray())
        {
            ShouldPointAt(fact, "description", description, SpanText(fact));
        }

        Kinds(check, "anomalies").ShouldContain("chargedTwice");
        Kinds(check, "requests").ShouldContain("refund");
        check.GetProperty("missing").GetArrayLength().ShouldBe(0);
        check.GetProperty("complete").GetBoolean().ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Check_RelativeDay_CountsFromTheServerClockInTheWorkspaceZone(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);

        // 16:30 UTC on 17 June is already 00:30 on 18 June in Shanghai, so 昨天 is the 17th there and not the 16th.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 17, 16, 30, 0, TimeSpan.Zero));
        await using var server = ws.App.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", ws.IntegrationKey);

        var check = await SendAsync(client, new { category = "refund", description = "昨天下午3点付的款，退款还没到" }, null);

        var date = FactsOf(check, "date").ShouldHaveSingleItem();
        date.GetProperty("date").GetString().ShouldBe("2026-06-17");
        date.GetProperty("instant").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 6, 17, 7, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Check_FactsInSubjectAndDescription_SpansPointAtTheirOwnText(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();
        const string subject = "订单202405100001申请退款";
        const string description = "只退了¥120.50，少了一半，请核实";

        var check = await SendAsync(client, new { category = "refund", subject, description }, null);

        ShouldPointAt(FactsOf(check, "orderNumber").ShouldHaveSingleItem(), "subject", subject, "202405100001");
        var amount = FactsOf(check, "amount").ShouldHaveSingleItem();
        ShouldPointAt(amount, "description", description, "¥120.50");
        amount.GetProperty("value").GetString().ShouldBe("120.50");
        var anomaly = check.GetProperty("anomalies").EnumerateArray().First(a => a.GetProperty("kind").GetString() == "wrongAmount");
        ShouldPointAt(anomaly, "description", description, "只退了");
        check.GetProperty("complete").GetBoolean().ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Check_StructuredFieldsPresent_AreNotAskedFor(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();

        var refund = await SendAsync(client, new { category = "refund", description = "退款300元还没到账", orderNumber = "FS20261118-0032" }, null);
        var accountWithPhone = await SendAsync(client, new { category = "account", description = "账号被盗了，请帮我冻结", customer = new { phone = "13800138000" } }, null);
        var accountWithout = await SendAsync(client, new { category = "account", description = "账号被盗了，请帮我冻结", customer = new { email = "chen@example.com" } }, null);

        refund.GetProperty("missing").GetArrayLength().ShouldBe(0);
        Kinds(refund, "knownFromFields").ShouldBe(["orderNumber"]);
        accountWithPhone.GetProperty("missing").GetArrayLength().ShouldBe(0);
        Kinds(accountWithPhone, "knownFromFields").ShouldBe(["phone"]);
        var missing = accountWithout.GetProperty("missing").EnumerateArray().ShouldHaveSingleItem();
        missing.GetProperty("fact").GetString().ShouldBe("phone");
        missing.GetProperty("question").GetString().ShouldBe("请提供账号绑定的手机号。");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Check_NoCategory_ReadsTheTextAndAsksNothing(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();

        var check = await SendAsync(client, new { description = "订单号：2026061012345，一直没发货" }, null);

        check.GetProperty("category").ValueKind.ShouldBe(JsonValueKind.Null);
        FactsOf(check, "orderNumber").ShouldHaveSingleItem();
        check.GetProperty("missing").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Check_LongChineseMessage_SummaryFitsThirtyCharacters(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();
        const string description = "你好，我上周五在你们平台买了一张100元的话费充值卡，订单号是XH20261120-8802，充值的时候提示卡密已被使用，可是我是第一次用，麻烦帮我查一下，尽快补发一张新的卡密，谢谢";

        var check = await SendAsync(client, new { category = "refund", description }, null);

        var summary = check.GetProperty("summary").GetString()!;
        summary.ShouldNotBeEmpty();
        summary.Length.ShouldBeLessThanOrEqualTo(30);
        summary.ShouldContain("卡密");
    }

    public static TheoryData<Provider, string, string> InvalidBodies()
    {
        var cases = new (string Body, string Field)[]
        {
            ("""{"category":"refund","description":"没到账""", "$"),
            ("""[]""", "$"),
            ("""{"category":"refund"}""", "description"),
            ("""{"category":"refund","description":"   "}""", "description"),
            ("""{"category":"refund","description":123}""", "description"),
            ($$"""{"category":"refund","description":"{{new string('长', 10_001)}}"}""", "description"),
            ($$"""{"subject":"{{new string('长', 201)}}","description":"没到账"}""", "subject"),
            ("""{"category":"no-such-category","description":"没到账"}""", "category"),
            ("""{"category":"retired","description":"没到账"}""", "category"),
            ("""{"description":"没到账","occurredAt":"上周三"}""", "occurredAt"),
            ("""{"description":"没到账","occurredAt":"2099-01-01T00:00:00Z"}""", "occurredAt"),
            ("""{"description":"没到账","customer":{"email":"not-an-email"}}""", "customer.email"),
            ("""{"description":"没到账","customer":{"phone":"call me"}}""", "customer.phone"),
            ("""{"description":"没到账","locale":"fr"}""", "locale"),
        };
        return ProviderApps.OnEach(cases);
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Check_InvalidBody_Returns400NamingTheField(Provider provider, string body, string field)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();

        var response = await client.PostRawAsync(Url, body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Check_NotJson_Returns415(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var client = ws.Integration();

        var response = await client.PostRawAsync(Url, "description=没到账", "application/x-www-form-urlencoded");

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Check_WithoutIntegrationKey_IsRefused(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var anonymous = ws.App.CreateClient();
        using var agent = await ws.SignedInAsync(ws.Agent);
        var body = new { category = "refund", description = RefundWithoutAmount };

        (await anonymous.PostAsJsonAsync(Url, body)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await agent.PostAsJsonAsync(Url, body)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static Task<JsonElement> SendAsync(HttpClient client, object body, string? acceptLanguage) =>
        ReadAsync(client, new HttpRequestMessage(HttpMethod.Post, Url) { Content = JsonContent.Create(body) }, acceptLanguage);
}
