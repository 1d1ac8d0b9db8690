using System.Text.Json;

namespace Kefu.Server.Tests.FollowUps;

/// <summary>Admins set follow-up rules; a matching event creates a call-back task that agents list and close once.</summary>
public sealed class FollowUpTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CompensationRule_CreatesATask_ListedByDueTime_ClosedOnce(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        using var agent = await ws.SignedInAsync(ws.Agent);
        var put = await admin.PutAsJsonAsync("/api/v1/admin/quality", new
        {
            reopenWindowHours = 168, csatLinkDelayHours = 24, averageHandleMinutes = 8,
            followUpRules = new[] { new { trigger = "compensationOffered", dueWithinHours = 4, note = "补偿后回访" } },
        });
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        (await (await admin.GetAsync("/api/v1/admin/quality")).JsonAsync()).GetProperty("followUpRules")[0].GetProperty("note").GetString().ShouldBe("补偿后回访");

        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/compensations", new { kind = "coupon", amount = 10m, reason = "延误" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var tasks = await WaitForTasksAsync(admin, number);
        var task = tasks.Single(t => t.GetProperty("ticketNumber").GetInt64() == number);
        task.GetProperty("trigger").GetString().ShouldBe("compensationOffered");
        task.GetProperty("ruleNote").GetString().ShouldBe("补偿后回访");
        task.GetProperty("dueAt").GetDateTimeOffset().ShouldBeGreaterThan(task.GetProperty("createdAt").GetDateTimeOffset());
        var id = task.GetProperty("id").GetGuid();

        var done = await admin.PostAsJsonAsync($"/api/v1/follow-ups/{id}/done", new { outcome = "已电话回访，客户满意" });
        done.StatusCode.ShouldBe(HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
        (await done.JsonAsync()).GetProperty("status").GetString().ShouldBe("done");
        await (await admin.PostAsJsonAsync($"/api/v1/follow-ups/{id}/cancel", new { outcome = "重复" })).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await (await admin.GetAsync("/api/v1/follow-ups?status=done")).JsonAsync()).EnumerateArray()
            .ShouldContain(t => t.GetProperty("id").GetGuid() == id && t.GetProperty("outcome").GetString() == "已电话回访，客户满意");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task QualitySettings_BadRulesOrNotAdmin_AreRefusedAndChangeNothing(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var admin = await ws.SignedInAsync(ws.Admin);
        using var agent = await ws.SignedInAsync(ws.Agent);

        await (await admin.PutAsJsonAsync("/api/v1/admin/quality", new
        {
            reopenWindowHours = -1, csatLinkDelayHours = 24, averageHandleMinutes = 8,
            followUpRules = new[] { new { trigger = "lowRating", maxRating = 5, dueWithinHours = 4 } },
        })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await agent.PutAsJsonAsync("/api/v1/admin/quality", new { reopenWindowHours = 1, csatLinkDelayHours = 1, averageHandleMinutes = 1, followUpRules = Array.Empty<object>() }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await (await agent.GetAsync("/api/v1/follow-ups?status=maybe")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var unchanged = await (await admin.GetAsync("/api/v1/admin/quality")).JsonAsync();
        unchanged.GetProperty("reopenWindowHours").GetDouble().ShouldBe(168);
        unchanged.GetProperty("followUpRules").GetArrayLength().ShouldBe(0);
    }

    private static async Task<List<JsonElement>> WaitForTasksAsync(HttpClient client, long number)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var tasks = (await (await client.GetAsync("/api/v1/follow-ups")).JsonAsync()).EnumerateArray().ToList();
            if (tasks.Any(t => t.GetProperty("ticketNumber").GetInt64() == number) || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                return tasks;
            }

            await Task.Delay(100);
        }
    }
}
