namespace Kefu.Server.Tests.Chat;

public sealed class WidgetFileTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    [Fact]
    public async Task WidgetScript_IsServedWithItsLocalesClientAndDemoPage_AndNeverWritesMarkup()
    {
        var app = await apps.GetAsync(Provider.Sqlite);
        using var client = app.CreateClient();

        var script = await client.GetAsync("/widget.js");
        script.StatusCode.ShouldBe(HttpStatusCode.OK);
        script.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        var source = await script.Content.ReadAsStringAsync();
        source.ShouldContain("attachShadow");
        source.ShouldNotContain("innerHTML");
        source.ShouldNotContain("insertAdjacentHTML");

        foreach (var lang in new[] { "zh-CN", "en" })
        {
            var locale = await (await client.GetAsync($"/widget/locales/{lang}.json")).JsonAsync();
            locale.GetProperty("offline").GetString().ShouldNotBeNullOrWhiteSpace();
        }

        (await client.GetAsync("/widget/locales/fr.json")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetStringAsync("/widget/lib/signalr.min.js")).ShouldContain("HubConnectionBuilder");
        (await client.GetStringAsync("/demo/widget")).ShouldContain($"data-key=\"{Kefu.Server.Features.Demo.DemoSeeder.WidgetKey}\"");
    }
}
