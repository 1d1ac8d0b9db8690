using System.Net.Http.Headers;

namespace Kefu.Server.Tests.Tickets;

public sealed class AttachmentTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    private static MultipartFormDataContent Form(byte[] content, string fileName, string declaredType)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(declaredType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Upload_ImageThenSendWithMessage_IsListedAndDownloadable(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();

        using var form = Form(Png, "破损照片.png", "application/octet-stream");
        var uploaded = await platform.PostAsync($"/api/v1/tickets/{number}/attachments", form);
        uploaded.StatusCode.ShouldBe(HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        var attachment = await uploaded.JsonAsync();
        attachment.GetProperty("contentType").GetString().ShouldBe("image/png");
        var id = attachment.GetProperty("id").GetGuid();

        (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "照片见附件", attachmentIds = new[] { id } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        var ticket = await (await platform.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        var listed = ticket.GetProperty("messages")[1].GetProperty("attachments")[0];
        listed.GetProperty("fileName").GetString().ShouldBe("破损照片.png");

        var download = await platform.GetAsync(listed.GetProperty("url").GetString());
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(Png);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        download.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");

        await (await platform.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "再发一次", attachmentIds = new[] { id } }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "attachmentIds");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Upload_HtmlDisguisedAsImage_IsRejected(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();
        var html = "<html><script>alert(1)</script></html>"u8.ToArray();
        html[0] = 0xFE;

        using var form = Form(html, "photo.png", "image/png");
        await (await platform.PostAsync($"/api/v1/tickets/{number}/attachments", form)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "file");
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Upload_OverTenMegabytes_Returns413(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync();
        var big = new byte[11 * 1024 * 1024];
        Png.CopyTo(big, 0);

        using var form = Form(big, "big.png", "image/png");
        await (await platform.PostAsync($"/api/v1/tickets/{number}/attachments", form)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task Download_FromAnotherWorkspaceOrCustomer_IsNotFound(Provider provider)
    {
        var ws = await apps.WorkspaceAsync(provider);
        var stranger = await apps.WorkspaceAsync(provider);
        using var platform = ws.Integration();
        var number = await platform.CreateTicketAsync(Api.NewTicket(externalId: "alice"));
        using var form = Form(Png, "a.png", "image/png");
        var url = (await (await platform.PostAsync($"/api/v1/tickets/{number}/attachments", form)).JsonAsync()).GetProperty("url").GetString();

        using var other = stranger.Integration();
        await (await other.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        using var asBob = ws.Integration();
        asBob.DefaultRequestHeaders.Add("Kefu-Customer", "bob");
        await (await asBob.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        using var anonymous = ws.App.CreateClient();
        (await anonymous.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
