using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kefu.Server.Features.Receipts;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Receipts;

public sealed class ReceiptTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private const string Reply = "您好，我是客服9002，已为您催促商家，承诺3个工作日内原路退款。";

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Receipt_DownloadedByTheCustomer_VerifiesOnlineAndWithThePublishedKey(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var number = await WorkedTicketAsync(ws);

        var raw = await DownloadAsync(ws, number);
        var receipt = JsonDocument.Parse(raw).RootElement;
        var document = receipt.GetProperty("document");
        document.GetProperty("ticket").GetProperty("number").GetInt64().ShouldBe(number);
        document.GetProperty("ticket").GetProperty("category").GetProperty("code").GetString().ShouldBe("refund");
        document.GetProperty("contact").GetProperty("channel").GetString().ShouldBe("api");
        document.GetProperty("workspace").GetProperty("slug").GetString().ShouldBe(ws.Workspace.Slug);
        var reply = document.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("from").GetString() == "agent");
        reply.GetProperty("agentNumber").GetString().ShouldBe("9002");
        reply.GetProperty("body").GetString().ShouldBe(Reply);
        document.GetProperty("statusHistory").EnumerateArray().Select(s => s.GetProperty("to").GetString()).ShouldBe(["new", "open", "waitingOnCustomer"]);
        document.GetProperty("messages").EnumerateArray().ShouldNotContain(m => m.GetProperty("body").GetString()!.Contains("内部"));
        document.GetProperty("timeline").GetProperty("entries").GetInt32().ShouldBe(6, "created, assigned, status, reply, note, status");

        using var anonymous = ws.App.CreateClient();
        var answer = await VerifyAsync(anonymous, raw);
        answer.GetProperty("valid").GetBoolean().ShouldBeTrue(answer.ToString());
        answer.GetProperty("ticketNumber").GetInt64().ShouldBe(number);
        answer.GetProperty("timeline").GetProperty("state").GetString().ShouldBe("matches");

        // What a third party does offline: the published key, the exact bytes of "document", the signature.
        var key = await (await anonymous.GetAsync($"/api/v1/workspaces/{ws.Workspace.Slug}/receipt-key")).JsonAsync();
        key.GetProperty("keyId").GetString().ShouldBe(receipt.GetProperty("signature").GetProperty("keyId").GetString());
        key.GetProperty("jwk").GetProperty("crv").GetString().ShouldBe("P-256");
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(key.GetProperty("publicKeyPem").GetString());
        var signed = DocumentBytes(raw);
        var signature = Convert.FromBase64String(receipt.GetProperty("signature").GetProperty("value").GetString()!);
        ecdsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Receipt_AnyEdit_IsInvalid(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var number = await WorkedTicketAsync(ws);
        var text = Encoding.UTF8.GetString(await DownloadAsync(ws, number));
        var other = await apps.WorkspaceAsync(provider);
        using var anonymous = ws.App.CreateClient();
        var otherKeyId = (await (await anonymous.GetAsync($"/api/v1/workspaces/{other.Workspace.Slug}/receipt-key")).JsonAsync()).GetProperty("keyId").GetString()!;
        var keyId = JsonDocument.Parse(text).RootElement.GetProperty("signature").GetProperty("keyId").GetString()!;
        var signature = JsonDocument.Parse(text).RootElement.GetProperty("signature").GetProperty("value").GetString()!;
        var issuedAt = JsonDocument.Parse(text).RootElement.GetProperty("document").GetProperty("issuedAt").GetString()!;

        var edits = new Dictionary<string, string>
        {
            ["a character of a reply"] = text.Replace("3个工作日", "30个工作日", StringComparison.Ordinal),
            ["the time of issue"] = text.Replace(issuedAt, issuedAt.Replace("2", "1", StringComparison.Ordinal), StringComparison.Ordinal),
            ["the signature"] = text.Replace(signature, (signature[0] == 'M' ? "N" : "M") + signature[1..], StringComparison.Ordinal),
            ["the key id of the signature"] = text[..text.LastIndexOf(keyId, StringComparison.Ordinal)] + otherKeyId + text[(text.LastIndexOf(keyId, StringComparison.Ordinal) + keyId.Length)..],
            ["the key id inside the document"] = text.Replace($"\"keyId\":\"{keyId}\",", $"\"keyId\":\"{otherKeyId}\",", StringComparison.Ordinal),
            ["whitespace added to the document"] = text.Replace("{\"type\"", "{ \"type\"", StringComparison.Ordinal),
        };
        foreach (var (what, edited) in edits)
        {
            edited.ShouldNotBe(text, what);
            var answer = await VerifyAsync(anonymous, Encoding.UTF8.GetBytes(edited));
            answer.GetProperty("valid").GetBoolean().ShouldBeFalse($"{what}: {answer}");
            answer.GetProperty("reason").GetString().ShouldNotBeNullOrEmpty();
        }

        (await VerifyAsync(anonymous, Encoding.UTF8.GetBytes(text))).GetProperty("valid").GetBoolean().ShouldBeTrue("the unedited receipt still verifies");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Receipt_OtherCustomerAnonymousOrOtherWorkspace_GetsNoReceipt(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var stranger = await apps.WorkspaceAsync(provider);
        var number = await WorkedTicketAsync(ws);
        var url = $"/api/v1/tickets/{number}/receipt";

        using var anonymous = ws.App.CreateClient();
        (await anonymous.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var otherCustomer = ws.Integration();
        otherCustomer.DefaultRequestHeaders.Add("Kefu-Customer", "u-someone-else");
        await (await otherCustomer.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        using var otherKey = stranger.Integration();
        otherKey.DefaultRequestHeaders.Add("Kefu-Customer", "u-1001");
        await (await otherKey.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        using var otherAgent = await stranger.SignedInAsync(stranger.Admin);
        await (await otherAgent.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        using var ownAgent = await ws.SignedInAsync(ws.Agent);
        (await ownAgent.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK, "an agent of the workspace may fetch it for the customer");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Timeline_RowChangedInTheDatabase_IsDetected(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var number = await WorkedTicketAsync(ws);
        var clean = await WorkedTicketAsync(ws);
        var receipt = await DownloadAsync(ws, number);

        await using (var db = ws.App.Db())
        {
            var ticketId = await db.Tickets.Where(t => t.WorkspaceId == ws.Workspace.Id && t.Number == number).Select(t => t.Id).SingleAsync();
            var statusEntry = await db.AuditEvents.Where(e => e.TicketId == ticketId && e.Kind == "ticket.status_changed").OrderBy(e => e.Sequence).Select(e => e.Id).FirstAsync();
            (await db.Database.ExecuteSqlAsync($$"""UPDATE "AuditEvents" SET "Data" = '{"from":"new","to":"solved"}' WHERE "Id" = {{statusEntry}}""")).ShouldBe(1);
        }

        using var anonymous = ws.App.CreateClient();
        var answer = await VerifyAsync(anonymous, receipt);
        answer.GetProperty("valid").GetBoolean().ShouldBeTrue("the receipt itself is unchanged");
        answer.GetProperty("timeline").GetProperty("state").GetString().ShouldBe("changedSinceIssue");
        answer.GetProperty("timeline").GetProperty("detail").GetString()!.ShouldStartWith("timeline changed since issue: entry 3");

        using var platform = ws.Integration();
        await (await platform.GetAsync($"/api/v1/tickets/{number}/receipt")).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var report = new StringWriter();
        (await TimelineVerification.RunAsync(ws.App.Services, ws.Workspace.Slug, report, CancellationToken.None)).ShouldBe(TimelineVerification.ExitBroken);
        var lines = report.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Count(l => l.StartsWith("BROKEN", StringComparison.Ordinal)).ShouldBe(1, report.ToString());
        lines.ShouldContain(l => l.StartsWith($"BROKEN {ws.Workspace.Slug} #{number}: entry 3:", StringComparison.Ordinal), report.ToString());
        lines.ShouldNotContain(l => l.Contains($"#{clean}:", StringComparison.Ordinal));
        lines[^1].ShouldContain("Checked 2 tickets and 12 timeline entries: 1 broken");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Timeline_MessageEditedOrEntryDeletedInTheDatabase_IsDetected(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var edited = await WorkedTicketAsync(ws);
        var truncated = await WorkedTicketAsync(ws);

        await using (var db = ws.App.Db())
        {
            var ids = await db.Tickets.Where(t => t.WorkspaceId == ws.Workspace.Id).ToDictionaryAsync(t => t.Number, t => t.Id);
            var replyId = await db.Messages.Where(m => m.TicketId == ids[edited] && m.Body == Reply).Select(m => m.Id).SingleAsync();
            (await db.Messages.Where(m => m.Id == replyId).ExecuteUpdateAsync(m => m.SetProperty(x => x.Body, "您好，我们无法退款。"))).ShouldBe(1);
            var last = await db.AuditEvents.Where(e => e.TicketId == ids[truncated]).MaxAsync(e => e.Id);
            (await db.Database.ExecuteSqlAsync($"""DELETE FROM "AuditEvents" WHERE "Id" = {last}""")).ShouldBe(1);
        }

        await using var check = ws.App.Db();
        var results = await TimelineAudit.WalkAsync(check, ws.Workspace.Id, CancellationToken.None).ToDictionaryAsync(t => t.Number);
        results[edited].Check.Break.ShouldNotBeNull().Reason.ShouldBe("the message of entry 4 (message.agent_reply) was changed after it was written");
        results[truncated].Check.Break.ShouldNotBeNull().Reason.ShouldBe("the ticket records 6 timeline entries but 5 are stored");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Timeline_ManyConcurrentWritesToOneTicket_ChainsEveryEntryInOrder(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();
        using var agent = await ws.SignedInAsync(ws.Agent);

        var writes = await Task.WhenAll(Enumerable.Range(0, 80).Select(i => i % 2 == 0
            ? platform.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = $"补充说明 {i}" })
            : agent.PostAsJsonAsync($"/api/v1/tickets/{number}/notes", new { body = $"跟进记录 {i}" })));

        writes.ShouldAllBe(w => w.StatusCode == HttpStatusCode.Created);
        await using var db = ws.App.Db();
        var ticket = await db.Tickets.AsNoTracking().SingleAsync(t => t.WorkspaceId == ws.Workspace.Id && t.Number == number);
        var timeline = await TimelineAudit.CheckAsync(db, ticket, CancellationToken.None);
        timeline.Check.Break.ShouldBeNull();
        timeline.Entries.Count.ShouldBe(81);
        timeline.Entries.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, 81));
        ticket.TimelineLength.ShouldBe(81);
        ticket.TimelineHead.ShouldBe(timeline.Entries[^1].Hash);

        var receipt = await DownloadAsync(ws, number);
        using var anonymous = ws.App.CreateClient();
        (await VerifyAsync(anonymous, receipt)).GetProperty("timeline").GetProperty("state").GetString().ShouldBe("matches");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Verify_BadInput_AnswersProblemOrInvalid(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var anonymous = ws.App.CreateClient();

        await (await anonymous.PostRawAsync("/api/v1/receipts/verify", "{\"document\": {")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "$");
        await (await anonymous.PostRawAsync("/api/v1/receipts/verify", "receipt", "text/plain")).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        var notAReceipt = await VerifyAsync(anonymous, """{"document":{"type":"kefu.contact-receipt"},"document":{}}"""u8.ToArray());
        notAReceipt.GetProperty("valid").GetBoolean().ShouldBeFalse();
        notAReceipt.GetProperty("reason").GetString()!.ShouldContain("repeated member 'document'");
        await (await anonymous.GetAsync("/api/v1/workspaces/no-such-workspace/receipt-key")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Rotate_ByAdmin_NewKeySignsAndEarlierReceiptsStillVerify(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var number = await WorkedTicketAsync(ws);
        var before = await DownloadAsync(ws, number);
        var oldKeyId = JsonDocument.Parse(before).RootElement.GetProperty("signature").GetProperty("keyId").GetString();
        using var agent = await ws.SignedInAsync(ws.Agent);
        using var admin = await ws.SignedInAsync(ws.Admin);

        (await agent.PostAsync("/api/v1/admin/receipt-keys/rotate", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var rotated = await admin.PostAsync("/api/v1/admin/receipt-keys/rotate", null);
        rotated.StatusCode.ShouldBe(HttpStatusCode.OK, await rotated.Content.ReadAsStringAsync());
        var newKeyId = (await rotated.JsonAsync()).GetProperty("keyId").GetString();
        var after = await DownloadAsync(ws, number);

        newKeyId.ShouldNotBe(oldKeyId);
        JsonDocument.Parse(after).RootElement.GetProperty("signature").GetProperty("keyId").GetString().ShouldBe(newKeyId);
        using var anonymous = ws.App.CreateClient();
        (await VerifyAsync(anonymous, before)).GetProperty("valid").GetBoolean().ShouldBeTrue("a receipt signed before the rotation still verifies");
        (await VerifyAsync(anonymous, after)).GetProperty("valid").GetBoolean().ShouldBeTrue();
        (await (await anonymous.GetAsync($"/api/v1/workspaces/{ws.Workspace.Slug}/receipt-key")).JsonAsync()).GetProperty("keyId").GetString().ShouldBe(newKeyId);
        var keys = (await (await anonymous.GetAsync($"/api/v1/workspaces/{ws.Workspace.Slug}/receipt-keys")).JsonAsync()).GetProperty("keys");
        keys.EnumerateArray().Select(k => (k.GetProperty("keyId").GetString(), k.GetProperty("status").GetString())).ShouldBe([(newKeyId, "active"), (oldKeyId, "retired")]);

        var audit = (await (await admin.GetAsync("/api/v1/admin/audit-log?entity=signingKey")).JsonAsync()).GetProperty("items");
        audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()).Order().ShouldBe(["changed", "created"]);
        audit.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "created")
            .GetProperty("changes").GetProperty("protectedPrivateKey").GetProperty("after").GetString().ShouldBe("[redacted]");
    }

    /// <summary>A ticket with a reply, an internal note and status changes: six timeline entries.</summary>
    private static async Task<long> WorkedTicketAsync(TestWorkspace ws)
    {
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();
        using var agent = await ws.SignedInAsync(ws.Agent);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/assign", new { assigneeAgentNumber = "9002" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = Reply })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/notes", new { body = "内部：商家已同意" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agent.PostAsJsonAsync($"/api/v1/tickets/{number}/status", new { status = "waitingOnCustomer" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        return number;
    }

    private static async Task<byte[]> DownloadAsync(TestWorkspace ws, long number)
    {
        using var customer = ws.Integration();
        customer.DefaultRequestHeaders.Add("Kefu-Customer", "u-1001");
        var response = await customer.GetAsync($"/api/v1/tickets/{number}/receipt");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient client, byte[] receipt)
    {
        var content = new ByteArrayContent(receipt);
        content.Headers.ContentType = new("application/json");
        var response = await client.PostAsync("/api/v1/receipts/verify", content);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    /// <summary>The bytes between <c>{"document":</c> and <c>,"signature":</c>, as the documented offline check cuts them.</summary>
    private static byte[] DocumentBytes(byte[] receipt)
    {
        var text = Encoding.UTF8.GetString(receipt);
        var start = "{\"document\":".Length;
        var end = text.LastIndexOf(",\"signature\":", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text[start..end]);
    }
}
