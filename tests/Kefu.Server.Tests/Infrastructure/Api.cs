using System.Text;
using System.Text.Json;

namespace Kefu.Server.Tests.Infrastructure;

public static class Api
{
    public static object NewTicket(string externalId = "u-1001", string subject = "退款一直没有到账", string? category = "refund", object? extra = null) =>
        extra ?? new
        {
            customer = new { externalId, name = "陈晓明", email = "chen@example.com", phone = "13800138000" },
            subject,
            description = "11月12日申请的退款，到现在还没有到账，商家也不回复。",
            category,
            orderNumber = "FS20261118-0032",
            occurredAt = "2026-11-12T10:30:00+08:00",
            desiredOutcome = "尽快原路退款",
        };

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<long> CreateTicketAsync(this HttpClient client, object? body = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.PostAsJsonAsync("/api/v1/tickets", body ?? NewTicket());
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("number").GetInt64();
    }

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string url, string body, string contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.PostAsync(url, new StringContent(body, Encoding.UTF8, contentType));
    }

    public static async Task ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, response.StatusCode == HttpStatusCode.InternalServerError ? body + "\nServer errors:\n" + ServerErrors.Describe() : body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        var json = JsonDocument.Parse(body).RootElement;
        json.GetProperty("status").GetInt32().ShouldBe((int)status);
        if (field is not null)
        {
            json.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue($"expected an error for '{field}' in {body}");
        }
    }
}
