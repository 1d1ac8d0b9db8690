using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Intake;

/// <summary>The intake assistant asks the customer for exactly the facts the category needs, before an agent sees the ticket.</summary>
public sealed class IntakeAssistantTests
{
    private static readonly Dictionary<string, string> AssistantOn = new() { ["Intake:Assistant:Enabled"] = "true" };

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task MissingFacts_AreAskedFor_AndTheAnswerBringsTheTicketBack(Provider provider)
    {
        await using var app = await KefuApp.StartAsync(provider, settings: AssistantOn);
        var ws = await app.CreateWorkspaceAsync();
        using var customer = ws.Integration();
        customer.DefaultRequestHeaders.Add("Kefu-Customer", "u-1001");

        var incomplete = await customer.CreateTicketAsync(Api.NewTicket(subject: "退款一直没有到账"));
        var complete = await customer.CreateTicketAsync(Api.NewTicket(externalId: "u-1001", subject: "退款 299 元还没到账"));

        var view = await WaitAsync(customer, incomplete, v => v.GetProperty("status").GetString() == "needsInfo");
        view.GetProperty("status").GetString().ShouldBe("needsInfo");
        var asked = view.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("author").GetProperty("kind").GetString() == "bot");
        asked.GetProperty("body").GetString()!.ShouldContain("请补充");
        var needs = view.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "intake.needs_info");
        needs.GetProperty("data").GetProperty("missing").EnumerateArray().Select(m => m.GetString()).ShouldContain("Amount");

        (await customer.PostAsJsonAsync($"/api/v1/tickets/{incomplete}/messages", new { body = "退款金额是 299 元" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await (await customer.GetAsync($"/api/v1/tickets/{incomplete}")).JsonAsync()).GetProperty("status").GetString().ShouldBe("open");

        await using var db = app.Db();
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(15);
        while (await db.Tickets.AsNoTracking().AnyAsync(t => t.WorkspaceId == ws.Workspace.Id && t.Number == complete && t.IntakeCheckedAt == null)
            && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(200);
        }

        var completeView = await (await customer.GetAsync($"/api/v1/tickets/{complete}")).JsonAsync();
        completeView.GetProperty("status").GetString().ShouldBe("new", "nothing was missing, so nothing was asked");
        completeView.GetProperty("messages").EnumerateArray().ShouldNotContain(m => m.GetProperty("author").GetProperty("kind").GetString() == "bot");
        (await db.Tickets.AsNoTracking().Where(t => t.WorkspaceId == ws.Workspace.Id && t.Number == complete).Select(t => t.IntakeCheckedAt).SingleAsync())
            .ShouldNotBeNull("every ticket is checked once");
    }

    private static async Task<JsonElement> WaitAsync(HttpClient client, long number, Func<JsonElement, bool> done)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(15);
        while (true)
        {
            var view = await (await client.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
            if (done(view) || TimeProvider.System.GetUtcNow() > deadline)
            {
                return view;
            }

            await Task.Delay(200);
        }
    }
}
