using System.Text.Json;

namespace Kefu.Server.Tests.Intake;

/// <summary>Calls and reads intake checks and ticket briefs the way the tests look at them.</summary>
internal static class Reading
{
    public static async Task<JsonElement> ReadAsync(HttpClient client, HttpRequestMessage request, string? acceptLanguage)
    {
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.JsonAsync();
    }

    public static List<JsonElement> FactsOf(JsonElement reading, string kind) =>
        [.. reading.GetProperty("facts").EnumerateArray().Where(f => f.GetProperty("kind").GetString() == kind)];

    public static string SpanText(JsonElement found) => found.GetProperty("span").GetProperty("text").GetString()!;

    /// <summary>Checks that a fact's (or phrase's) span names its source and marks <paramref name="expected"/> in <paramref name="sourceText"/>.</summary>
    public static void ShouldPointAt(JsonElement found, string source, string sourceText, string expected)
    {
        var span = found.GetProperty("span");
        span.GetProperty("source").GetString().ShouldBe(source);
        sourceText.Substring(span.GetProperty("start").GetInt32(), span.GetProperty("length").GetInt32()).ShouldBe(expected);
        span.GetProperty("text").GetString().ShouldBe(expected);
    }

    /// <summary>The kinds in a list of anomalies or requests, or the fact kinds in knownFromFields.</summary>
    public static List<string> Kinds(JsonElement reading, string property) =>
        [.. reading.GetProperty(property).EnumerateArray().Select(k => k.ValueKind == JsonValueKind.String ? k.GetString()! : k.GetProperty("kind").GetString()!)];
}
