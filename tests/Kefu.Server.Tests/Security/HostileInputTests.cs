using System.Diagnostics;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Kefu.Server.Features.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Tests.Security;

/// <summary>
/// Every public input of the running server, found from its endpoint table, fed what attackers and
/// broken clients send. Each answer must be a clean 4xx with problem details (or, for text that is
/// legitimate, an acceptance that keeps it inert), never a 5xx or a hang, and a refusal changes nothing.
/// </summary>
public sealed class HostileInputTests(ProviderApps apps) : IClassFixture<ProviderApps>
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    private static readonly int[] Refusals = [400, 403, 404, 405, 409, 411, 413, 415, 422, 423, 429];

    /// <summary>Routes that answer any JSON document with a verdict (valid=false) rather than a refusal, by design.</summary>
    private static readonly string[] AnswersAnyJson = ["VerifyReceipt"];

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task JsonRoutes_MalformedOrHostileBodies_AreRefusedCleanlyAndChangeNothing(Provider provider)
    {
        await using var probe = await Probe.StartAsync(apps, provider);
        var routes = probe.JsonRoutes();
        routes.Count.ShouldBeGreaterThan(12);

        foreach (var (endpoint, method) in routes)
        {
            var url = probe.Targets.Fill(endpoint.RoutePattern.RawText!);
            foreach (var body in HostileCorpus.Bodies())
            {
                var expect = body.Expect == Expect.Refused && body.IsJson && AnswersAnyJson.Contains(Name(endpoint)) ? Expect.Survives : body.Expect;
                await probe.TryAsync(endpoint, Build(method, url, body.Body, body.ContentType), $"{method} {endpoint.RoutePattern.RawText} with {body.Name}", expect);
            }
        }

        await probe.ShouldBeHealthyAsync();
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task JsonRoutes_WrongTypeOrHostileValueInEveryField_AreRefusedOrKeptInert(Provider provider)
    {
        await using var probe = await Probe.StartAsync(apps, provider);
        var tried = 0;
        foreach (var (endpoint, method) in probe.JsonRoutes())
        {
            var url = probe.Targets.Fill(endpoint.RoutePattern.RawText!);
            var requestType = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()!.RequestType;
            foreach (var (field, value, body, expect) in requestType is null ? [] : HostileCorpus.FieldCases(requestType))
            {
                var effective = AnswersAnyJson.Contains(Name(endpoint)) ? Expect.Survives : expect;
                await probe.TryAsync(endpoint, Build(method, url, Encoding.UTF8.GetBytes(body), "application/json"),
                    $"{method} {endpoint.RoutePattern.RawText} with {field} = {value}", effective);
                tried++;
            }
        }

        tried.ShouldBeGreaterThan(500);
        await probe.ShouldBeHealthyAsync();
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task EveryRoute_BogusRouteValues_AreRefusedCleanly(Provider provider)
    {
        await using var probe = await Probe.StartAsync(apps, provider);
        foreach (var (endpoint, method) in probe.Routes)
        {
            var pattern = endpoint.RoutePattern;
            foreach (var parameter in pattern.Parameters)
            {
                var constraint = parameter.ParameterPolicies.Count > 0 ? parameter.ParameterPolicies[0].Content : null;
                var placeholder = "{" + parameter.Name + (constraint is null ? "" : ":" + constraint) + "}";
                foreach (var bogus in HostileCorpus.RouteValues(constraint))
                {
                    var url = probe.Targets.Fill(pattern.RawText!.Replace(placeholder, bogus, StringComparison.Ordinal));
                    var body = IsSafe(method) ? null : "{}"u8.ToArray();
                    await probe.TryAsync(endpoint, Build(method, url, body, body is null ? null : "application/json"),
                        $"{method} {pattern.RawText} with {parameter.Name} = {Shorten(bogus)}", IsSafe(method) ? Expect.Survives : Expect.Refused);
                }
            }
        }

        await probe.ShouldBeHealthyAsync();
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task GetRoutes_HostileQueryValues_NeverFailAndStayInert(Provider provider)
    {
        await using var probe = await Probe.StartAsync(apps, provider);
        var tried = 0;
        foreach (var (endpoint, method) in probe.Routes.Where(r => r.Method == "GET"))
        {
            var url = probe.Targets.Fill(endpoint.RoutePattern.RawText!);
            foreach (var name in QueryParameters(endpoint))
            {
                foreach (var value in HostileCorpus.QueryValues.Select(v => $"{name}={v}").Append($"{name}=1&{name}=2").Append($"{name}[]=1").Append(name))
                {
                    await probe.TryAsync(endpoint, Build(method, $"{url}?{value}", null, null), $"GET {endpoint.RoutePattern.RawText}?{Shorten(value)}", Expect.Survives);
                    tried++;
                }
            }
        }

        tried.ShouldBeGreaterThan(100);
        await probe.ShouldBeHealthyAsync();
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task AttachmentUpload_HostileNamesTypesAndMultipart_AreRefusedOrStoredSafely(Provider provider)
    {
        await using var probe = await Probe.StartAsync(apps, provider);
        var (endpoint, _) = probe.Routes.Single(r => Name(r.Endpoint) == "UploadAttachment");
        var url = probe.Targets.Fill(endpoint.RoutePattern.RawText!);
        const string Boundary = "KefuHostileBoundary";
        var form = $"multipart/form-data; boundary={Boundary}";
        var text = Encoding.UTF8.GetBytes("退款截图说明");

        foreach (var name in HostileCorpus.HostileFileNames)
        {
            var quoted = name.Replace("\"", "\\\"", StringComparison.Ordinal);
            foreach (var disposition in new[] { $"form-data; name=\"file\"; filename=\"{quoted}\"", $"form-data; name=\"file\"; filename*=UTF-8''{Uri.EscapeDataString(name)}" })
            {
                var answer = await probe.TryAsync(endpoint, Build("POST", url, HostileCorpus.Multipart(Boundary, disposition, "text/plain", text), form),
                    $"upload named {Shorten(name)} ({disposition[..24]}…)", Expect.Survives);
                if (answer.Status == 201)
                {
                    await ShouldBeStoredSafelyAsync(probe, answer.Json.GetProperty("url").GetString()!, "text/plain");
                }
            }
        }

        var lies = new (string Name, string DeclaredType, byte[] Content, string? StoredAs)[]
        {
            ("HTML declared as PNG", "image/png", Encoding.UTF8.GetBytes("<html><script>alert(document.cookie)</script></html>"), "text/plain"),
            ("SVG with script declared as image", "image/svg+xml", Encoding.UTF8.GetBytes("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"), "text/plain"),
            ("Windows executable declared as text", "text/plain", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00], null),
            ("ZIP archive declared as PDF", "application/pdf", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00], null),
            ("gzip bomb header declared as JPEG", "image/jpeg", [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03], null),
            ("ELF binary", "application/octet-stream", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00], null),
            ("invalid UTF-8 declared as text", "text/plain", [0x68, 0x69, 0xC3, 0x28, 0xFF], null),
            ("PNG header claiming 65535x65535 pixels", "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0xFF, 0xFF, 0, 0, 0xFF, 0xFF, 8, 6, 0, 0, 0], "image/png"),
        };
        foreach (var (name, declared, content, storedAs) in lies)
        {
            var answer = await probe.TryAsync(endpoint, Build("POST", url, HostileCorpus.Multipart(Boundary, "form-data; name=\"file\"; filename=\"photo.png\"", declared, content), form),
                $"upload of {name}", storedAs is null ? Expect.Refused : Expect.Survives);
            if (storedAs is not null)
            {
                answer.Status.ShouldBe(201, name);
                await ShouldBeStoredSafelyAsync(probe, answer.Json.GetProperty("url").GetString()!, storedAs);
            }
        }

        var malformed = new (string Name, byte[] Body, string? ContentType)[]
        {
            ("empty file", HostileCorpus.Multipart(Boundary, "form-data; name=\"file\"; filename=\"a.txt\"", "text/plain", []), form),
            ("no file field", HostileCorpus.Multipart(Boundary, "form-data; name=\"other\"", null, text), form),
            ("file field without a file name", HostileCorpus.Multipart(Boundary, "form-data; name=\"file\"", null, text), form),
            ("no boundary parameter", HostileCorpus.Multipart(Boundary, "form-data; name=\"file\"; filename=\"a.txt\"", "text/plain", text), "multipart/form-data"),
            ("boundary of 200 characters", HostileCorpus.Multipart(new string('b', 200), "form-data; name=\"file\"; filename=\"a.txt\"", "text/plain", text), "multipart/form-data; boundary=" + new string('b', 200)),
            ("boundary mismatch", HostileCorpus.Multipart("Other", "form-data; name=\"file\"; filename=\"a.txt\"", "text/plain", text), form),
            ("unterminated multipart", HostileCorpus.Multipart(Boundary, "form-data; name=\"file\"; filename=\"a.txt\"", "text/plain", text, terminated: false), form),
            ("part headers of 40 KB", HostileCorpus.Multipart(Boundary, "form-data; name=\"file\"; filename=\"" + new string('a', 40_000) + "\"", "text/plain", text), form),
            ("garbage body", Encoding.UTF8.GetBytes("this is not multipart at all"), form),
            ("JSON instead of a form", Encoding.UTF8.GetBytes("{\"file\":\"a\"}"), "application/json"),
            ("no content type", text, null),
            ("url-encoded form", Encoding.UTF8.GetBytes("file=abc"), "application/x-www-form-urlencoded"),
            ("oversize single file (11 MiB)", HostileCorpus.Multipart(Boundary, "form-data; name=\"file\"; filename=\"big.txt\"", "text/plain", new byte[11 * 1024 * 1024].Select(_ => (byte)'a').ToArray()), form),
        };
        foreach (var (name, body, contentType) in malformed)
        {
            await probe.TryAsync(endpoint, Build("POST", url, body, contentType), $"upload with {name}", Expect.Refused);
        }

        await probe.ShouldBeHealthyAsync();
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task CustomerText_ScriptAndSqlLookalikes_AreStoredVerbatimAndReturnedAsEscapedJson(Provider provider)
    {
        await using var probe = await Probe.StartAsync(apps, provider);
        var payload = string.Concat(HostileCorpus.HostileText.Select(t => t.Value + " | "));
        var subject = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>'; DROP TABLE Tickets; -- \u202E🙂１２";
        var number = await probe.Integration.CreateTicketAsync(Api.NewTicket(externalId: "<b>x<b>' OR 1=1", subject: subject, extra: new
        {
            customer = new { externalId = "<b>x<b>' OR 1=1", name = "<img src=x onerror=alert(1)>" },
            subject,
            description = payload,
        }));
        (await probe.Integration.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = payload })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await probe.Agent.PostAsJsonAsync($"/api/v1/tickets/{number}/replies", new { body = payload })).StatusCode.ShouldBe(HttpStatusCode.Created);

        foreach (var (client, url) in new[]
                 {
                     (probe.Integration, $"/api/v1/tickets/{number}"), (probe.Agent, $"/api/v1/tickets/{number}"),
                     (probe.Integration, $"/api/v1/customers/{Uri.EscapeDataString("<b>x<b>' OR 1=1")}/tickets"), (probe.Agent, "/api/v1/tickets"),
                 })
        {
            var response = await client.GetAsync(url);
            var raw = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.OK, raw);
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json", url);
            ShouldCarrySecurityHeaders(response, url);
            raw.ShouldNotContain("<", customMessage: $"{url} returned markup unescaped");
            raw.ShouldNotContain(">", customMessage: $"{url} returned markup unescaped");
        }

        var ticket = await (await probe.Agent.GetAsync($"/api/v1/tickets/{number}")).JsonAsync();
        ticket.GetProperty("subject").GetString().ShouldBe(subject);
        var bodies = ticket.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("body").GetString()).ToList();
        bodies.Count.ShouldBe(3);
        bodies.ShouldAllBe(b => b == payload.Trim());
    }

    private static async Task ShouldBeStoredSafelyAsync(Probe probe, string url, string contentType)
    {
        var download = await probe.Integration.GetAsync(url);
        download.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        download.Content.Headers.ContentType?.MediaType.ShouldBe(contentType, url);
        download.Headers.GetValues("X-Content-Type-Options").ShouldContain("nosniff");
        download.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("sandbox");
        var disposition = download.Content.Headers.ContentDisposition;
        disposition.ShouldNotBeNull(url);
        disposition.DispositionType.ShouldBe("attachment");
        var name = disposition.FileNameStar ?? disposition.FileName?.Trim('"') ?? "";
        name.ShouldNotBeNullOrWhiteSpace();
        name.IndexOfAny(['/', '\\', '\0']).ShouldBe(-1, $"stored name '{name}' keeps a path separator");
        name.Any(char.IsControl).ShouldBeFalse($"stored name '{name}' keeps a control character");
        name.Trim('.').Length.ShouldBeGreaterThan(0, $"stored name '{name}' is only dots");
        name.Length.ShouldBeLessThanOrEqualTo(200);
    }

    internal static void ShouldCarrySecurityHeaders(HttpResponseMessage response, string naming)
    {
        response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff).ShouldBeTrue(naming + " has no X-Content-Type-Options");
        nosniff.ShouldContain("nosniff");
        response.Headers.TryGetValues("Content-Security-Policy", out var csp).ShouldBeTrue(naming + " has no Content-Security-Policy");
        csp.Single().ShouldContain("default-src 'none'");
    }

    internal static string Name(Endpoint endpoint) => endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? endpoint.DisplayName ?? "";

    internal static bool IsSafe(string method) => method is "GET" or "HEAD" or "OPTIONS";

    private static string Shorten(string value) => value.Length > 60 ? value[..60] + $"…({value.Length} chars)" : value;

    /// <summary>Handler parameters bound from the query string: simple values that are not route values.</summary>
    private static IEnumerable<string> QueryParameters(RouteEndpoint endpoint)
    {
        var method = endpoint.Metadata.GetMetadata<MethodInfo>();
        var routeNames = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Type[] simple = [typeof(string), typeof(int), typeof(long), typeof(bool), typeof(Guid), typeof(double), typeof(DateTimeOffset)];
        return method is null ? [] : method.GetParameters()
            .Where(p => simple.Contains(Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType) && !routeNames.Contains(p.Name!))
            .Select(p => p.Name!);
    }

    internal static HttpRequestMessage Build(string method, string url, byte[]? body, string? contentType)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        return request;
    }

    internal readonly record struct Answer(int Status, JsonElement Json);

    /// <summary>One workspace with real records, a client per kind of caller, and the checks every hostile request gets.</summary>
    internal sealed class Probe : IAsyncDisposable
    {
        private long _address = 0x0A000000;
        private Rows _rows;

        private Probe(TestWorkspace workspace, HttpClient agent, HttpClient admin, RouteTargets targets, PortalCustomer customer)
        {
            Workspace = workspace;
            Customer = customer;
            Agent = agent;
            Admin = admin;
            Targets = targets;
            Integration = workspace.Integration();

            // Each anonymous request comes from an address of its own, so the public routes' rate limits
            // (which are tested elsewhere) do not hide what the route itself does with the input.
            Anonymous = workspace.App.OverSockets ? workspace.App.CreateClient() : new HttpClient(workspace.App.Server.CreateHandler(context =>
                context.Connection.RemoteIpAddress = new IPAddress(BitConverter.GetBytes((int)Interlocked.Increment(ref _address)))))
            {
                BaseAddress = workspace.App.Server.BaseAddress,
            };
            Anonymous.DefaultRequestHeaders.Add("X-Kefu-Request", "1");
            Routes = RouteTargets.ApiRoutes(workspace.App);
        }

        public TestWorkspace Workspace { get; }
        public HttpClient Anonymous { get; }
        public HttpClient Integration { get; }
        public HttpClient Agent { get; }
        public HttpClient Admin { get; }
        public PortalCustomer Customer { get; }
        public RouteTargets Targets { get; }
        public IReadOnlyList<(RouteEndpoint Endpoint, string Method)> Routes { get; }

        public static async Task<Probe> StartAsync(ProviderApps apps, Provider provider) => await StartAsync(await apps.WorkspaceAsync(provider));

        public static async Task<Probe> StartAsync(TestWorkspace workspace)
        {
            var agent = await workspace.SignedInAsync(workspace.Agent);
            var admin = await workspace.SignedInAsync(workspace.Admin);
            var targets = await RouteTargets.SeedAsync(workspace, agent, admin, "敌意输入测试");
            var probe = new Probe(workspace, agent, admin, targets, await PortalCustomer.OpenAsync(workspace, RouteTargets.CustomerExternalId, admin));
            probe._rows = await Rows.CountAsync(workspace.App);
            return probe;
        }

        public List<(RouteEndpoint Endpoint, string Method)> JsonRoutes() =>
        [
            .. Routes.Where(r => r.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Contains("application/json") == true),
        ];

        public HttpClient ClientFor(Endpoint endpoint)
        {
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                return Anonymous;
            }

            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            return policies.Contains(KefuPolicies.Admin) ? Admin : policies.Contains(KefuPolicies.Agent) ? Agent
                : policies.Contains(Kefu.Server.Features.Portal.PortalSession.Policy) ? Customer.Client : Integration;
        }

        /// <summary>Sends one hostile request as the caller the route is meant for and checks the answer.</summary>
        public async Task<Answer> TryAsync(Endpoint endpoint, HttpRequestMessage request, string naming, Expect expect)
        {
            using var _ = request;
            var client = ClientFor(endpoint);
            using var timeout = new CancellationTokenSource(RequestTimeout);
            HttpResponseMessage response;
            string body;
            var clock = Stopwatch.StartNew();
            try
            {
                response = await client.SendAsync(request, timeout.Token);
                body = await response.Content.ReadAsStringAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new ShouldAssertException($"{naming}: no answer within {RequestTimeout.TotalSeconds} s (a hang)");
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                var context = $"{naming} → {status} in {clock.ElapsedMilliseconds} ms: {Shorten(body)}";
                status.ShouldBeLessThan(500, context);
                ShouldCarrySecurityHeaders(response, context);
                if (status >= 400)
                {
                    var allowed = client == Anonymous ? [.. Refusals, 401] : Refusals;
                    status.ShouldBeOneOf(allowed, context);
                    response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", context);
                    var problem = JsonDocument.Parse(body).RootElement.Clone();
                    problem.GetProperty("status").GetInt32().ShouldBe(status, context);
                    (await Rows.CountAsync(Workspace.App)).ShouldBe(_rows, $"{context}: refused, yet rows changed");
                    return new Answer(status, problem);
                }

                expect.ShouldBe(Expect.Survives, $"{context}: accepted input that must be refused");
                _rows = await Rows.CountAsync(Workspace.App);
                if (body.Length == 0)
                {
                    return new Answer(status, default);
                }

                response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json", context);
                body.ShouldNotContain("<script", Case.Insensitive, context);
                body.ShouldNotContain("<img", Case.Insensitive, context);
                return new Answer(status, JsonDocument.Parse(body).RootElement.Clone());
            }
        }

        public async Task ShouldBeHealthyAsync()
        {
            (await Integration.GetAsync("/readyz")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await Integration.GetAsync($"/api/v1/tickets/{Targets.Number}")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await Agent.GetAsync("/api/v1/auth/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "the agent's session survived");
        }

        public ValueTask DisposeAsync()
        {
            Anonymous.Dispose();
            Integration.Dispose();
            Agent.Dispose();
            Admin.Dispose();
            Customer.Client.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Rows of the tables a request could wrongly write, across all workspaces.</summary>
    internal readonly record struct Rows(int Tickets, int Messages, int AuditEvents, int Attachments)
    {
        public static async Task<Rows> CountAsync(KefuApp app)
        {
            await using var db = app.Db();
            return new Rows(await db.Tickets.CountAsync(), await db.Messages.CountAsync(), await db.AuditEvents.CountAsync(), await db.Attachments.CountAsync());
        }
    }
}

