namespace Kefu.Server.Tests;

public sealed class HostTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task HealthAndReadiness_AnswerHealthy(Provider provider)
    {
        var app = await apps.GetAsync(provider);
        using var client = app.CreateClient();

        (await client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await client.GetAsync("/readyz");
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheTicketApi()
    {
        var app = await apps.GetAsync(Provider.Sqlite);
        using var client = app.CreateClient();

        var document = await (await client.GetAsync("/openapi/v1.json")).JsonAsync();
        var paths = document.GetProperty("paths");
        paths.TryGetProperty("/api/v1/tickets", out var tickets).ShouldBeTrue();
        tickets.TryGetProperty("post", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/v1/tickets/{number}", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/v1/tickets/{number}/messages", out _).ShouldBeTrue();
        paths.TryGetProperty("/api/v1/customers/{externalId}/tickets", out _).ShouldBeTrue();
        document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("bearer", out _).ShouldBeTrue();
        (await client.GetAsync("/docs")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
