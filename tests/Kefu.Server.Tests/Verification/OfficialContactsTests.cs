using System.Text.Json;

namespace Kefu.Server.Tests.Verification;

/// <summary>Against fake customer service: official channels and the code on every reply can be checked by anyone.</summary>
public sealed class OfficialContactsTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task OfficialChannels_AreRecognisedInAnyWriting_AndOthersAreNot(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        await (await admin.PutAsJsonAsync("/api/v1/admin/official-channels", new { channels = new object[] { new { kind = "phone", value = "打电话" } } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "channels[0].value");
        var put = await admin.PutAsJsonAsync("/api/v1/admin/official-channels", new
        {
            channels = new object[]
            {
                new { kind = "phone", value = "+86 138-0013-8000", label = "官方客服热线" },
                new { kind = "email", value = "Support@Shop.cn" },
                new { kind = "web", value = "https://www.shop.cn/help" },
                new { kind = "weChat", value = "shop_kefu" },
            },
        });
        put.StatusCode.ShouldBe(HttpStatusCode.NoContent, await put.Content.ReadAsStringAsync());

        using var anyone = ws.App.CreateClient();
        var slug = ws.Workspace.Slug;
        var phone = await (await anyone.GetAsync($"/api/v1/verify/channels?workspace={slug}&kind=phone&value=13800138000")).JsonAsync();
        phone.GetProperty("official").GetBoolean().ShouldBeTrue();
        phone.GetProperty("label").GetString().ShouldBe("官方客服热线");
        (await (await anyone.GetAsync($"/api/v1/verify/channels?workspace={slug}&kind=email&value=support%40shop.cn")).JsonAsync()).GetProperty("official").GetBoolean().ShouldBeTrue();
        (await (await anyone.GetAsync($"/api/v1/verify/channels?workspace={slug}&kind=web&value=shop.cn")).JsonAsync()).GetProperty("official").GetBoolean().ShouldBeTrue();
        (await (await anyone.GetAsync($"/api/v1/verify/channels?workspace={slug}&kind=web&value=shop-cn.help.top")).JsonAsync()).GetProperty("official").GetBoolean().ShouldBeFalse();
        (await (await anyone.GetAsync($"/api/v1/verify/channels?workspace={slug}&kind=phone&value=13900000000")).JsonAsync()).GetProperty("official").GetBoolean().ShouldBeFalse();
        await (await anyone.GetAsync($"/api/v1/verify/channels?workspace={slug}&kind=fax&value=1")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "kind");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task EveryAgentReply_CarriesACode_ThatAnyoneCanCheck(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();
        using var agent = await ws.SignedInAsync(ws.Agent);
        var reply = await (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = "您好，退款已处理。" })).JsonAsync();
        var code = reply.GetProperty("verificationCode").GetString()!;
        code.Length.ShouldBe(8);
        var note = await (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/notes", new { body = "内部备注" })).JsonAsync();
        note.GetProperty("verificationCode").ValueKind.ShouldBe(JsonValueKind.Null, "notes are never shown to customers");

        var customerView = await (await platform.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        customerView.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("verificationCode").ValueKind == JsonValueKind.String ? m.GetProperty("verificationCode").GetString() : null)
            .ShouldContain(code);

        using var anyone = ws.App.CreateClient();
        var typed = code.ToLowerInvariant().Insert(4, "-");
        var answer = await (await anyone.GetAsync($"/api/v1/verify/messages/{typed}?workspace={ws.Workspace.Slug}")).JsonAsync();
        answer.GetProperty("official").GetBoolean().ShouldBeTrue();
        answer.GetProperty("agentNumber").GetString().ShouldBe(ws.Agent.AgentNumber);
        answer.TryGetProperty("body", out _).ShouldBeFalse("the check never reveals the message");

        var forged = code[0] == '2' ? "3" + code[1..] : "2" + code[1..];
        (await (await anyone.GetAsync($"/api/v1/verify/messages/{forged}?workspace={ws.Workspace.Slug}")).JsonAsync()).GetProperty("official").GetBoolean().ShouldBeFalse();
        await (await anyone.GetAsync($"/api/v1/verify/messages/UU?workspace={ws.Workspace.Slug}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "code");
    }
}
