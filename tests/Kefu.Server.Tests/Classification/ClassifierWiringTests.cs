using System.Text.Json;

namespace Kefu.Server.Tests.Classification;

/// <summary>The classifier in the product: taught by admins and corrections, versioned with the data, used at intake.</summary>
public sealed class ClassifierWiringTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private static readonly object[] Examples =
    [
        new { text = "申请退款一周了还没到账", label = "refund" },
        new { text = "退款什么时候原路返回", label = "refund" },
        new { text = "商品有质量问题我要退货退款", label = "refund" },
        new { text = "退款被商家拒绝了怎么办", label = "refund" },
        new { text = "refund has not arrived yet", label = "refund" },
        new { text = "I want my money back for this order", label = "refund" },
        new { text = "账号被盗了登录不上", label = "account" },
        new { text = "收不到登录验证码", label = "account" },
        new { text = "密码忘记了怎么找回账号", label = "account" },
        new { text = "账户被冻结无法登录", label = "account" },
        new { text = "someone hacked my account", label = "account" },
        new { text = "I cannot log in to my account", label = "account" },
    ];

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Examples_TrainAVersionedModel_ThatCategorisesIntake_AndCorrectionsRetrainIt(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        (await (await admin.GetAsync("/api/v1/admin/classifier")).JsonAsync()).GetProperty("version").ValueKind.ShouldBe(JsonValueKind.Null);
        (await admin.PostAsync("/api/v1/admin/classifier/retrain", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict, "nothing to learn from yet");

        var added = await admin.PostAsJsonAsync("/api/v1/admin/classifier/examples", new { examples = Examples });
        added.StatusCode.ShouldBe(HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        var trained = await admin.PostAsync("/api/v1/admin/classifier/retrain", null);
        trained.StatusCode.ShouldBe(HttpStatusCode.OK, await trained.Content.ReadAsStringAsync());
        (await trained.JsonAsync()).GetProperty("version").GetInt32().ShouldBe(1);

        var status = await (await admin.GetAsync("/api/v1/admin/classifier")).JsonAsync();
        status.GetProperty("version").GetInt32().ShouldBe(1);
        status.GetProperty("examples").GetInt32().ShouldBe(Examples.Length);
        status.GetProperty("stale").GetBoolean().ShouldBeFalse();

        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync(Api.NewTicket(category: null, subject: "我的退款还没有到账"));
        var view = await (await admin.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        view.GetProperty("category").GetString().ShouldBe("refund");
        var classified = view.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "ticket.classified").GetProperty("data");
        classified.GetProperty("model").GetInt32().ShouldBe(1);
        classified.GetProperty("used").GetBoolean().ShouldBeTrue();

        var corrected = await admin.PostAsJsonAsync($"/api/v1/tickets/{number}/category", new { category = "account" });
        corrected.StatusCode.ShouldBe(HttpStatusCode.OK, await corrected.Content.ReadAsStringAsync());
        (await corrected.JsonAsync()).GetProperty("category").GetString().ShouldBe("account");
        (await (await admin.GetAsync("/api/v1/admin/classifier")).JsonAsync()).GetProperty("stale").GetBoolean().ShouldBeTrue("a correction is new training data");
        // The background retraining may get there first; either way a newer version serves.
        (await (await admin.PostAsync("/api/v1/admin/classifier/retrain", null)).JsonAsync()).GetProperty("version").GetInt32().ShouldBeGreaterThan(1);
        (await (await admin.GetAsync("/api/v1/admin/classifier")).JsonAsync()).GetProperty("examples").GetInt32().ShouldBe(Examples.Length + 1);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task BadExamplesAndCategories_AreRejected_AndChangeNothing(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        await (await admin.PostAsJsonAsync("/api/v1/admin/classifier/examples", new { examples = new[] { new { text = "退款", label = "nope" } } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "examples[0].label");
        await (await admin.PostAsJsonAsync("/api/v1/admin/classifier/examples", new { examples = new[] { new { text = "", label = "refund" } } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "examples[0].text");
        (await (await admin.GetAsync("/api/v1/admin/classifier")).JsonAsync()).GetProperty("examples").GetInt32().ShouldBe(0);

        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();
        await (await admin.PostAsJsonAsync($"/api/v1/tickets/{number}/category", new { category = "retired" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "category");
        using var agent = await ws.SignedInAsync(ws.Agent);
        (await agent.PostAsJsonAsync("/api/v1/admin/classifier/examples", new { examples = Examples })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
