using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Kefu.Server.Features.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Kefu.Server.Tests.Security;

[CollectionDefinition(nameof(MeasuresProcessMemory), DisableParallelization = true)]
public sealed class MeasuresProcessMemory;

/// <summary>
/// 100 MB bodies, produced as they are read, to every route of a server on real sockets (the
/// in-memory test server buffers request bodies itself, and HttpClient hides an early answer behind
/// the broken pipe that follows it). Each must be refused with 413 after the server has taken at most
/// its route's limit, and the process must not allocate anything like the body's size. Runs alone,
/// since it measures the whole process's allocations.
/// </summary>
[Collection(nameof(MeasuresProcessMemory))]
public sealed class OversizeBodyTests
{
    private const long HundredMegabytes = 100L * 1024 * 1024;
    private const long MostAllocated = 40L * 1024 * 1024;

    /// <summary>What the client can push into loopback socket buffers before the server stops reading.</summary>
    private const long SocketSlack = 8L * 1024 * 1024;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task EveryRoute_HundredMegabyteBody_IsRefusedEarlyWithoutBuffering(Provider provider)
    {
        await using var app = await KefuApp.StartAsync(provider, overSockets: true);
        await using var probe = await HostileInputTests.Probe.StartAsync(await app.CreateWorkspaceAsync());
        var credentials = await CredentialsAsync(probe);
        var rows = await HostileInputTests.Rows.CountAsync(app);
        var readsBody = probe.JsonRoutes().Select(r => r.Endpoint).ToHashSet();
        foreach (var (endpoint, method) in probe.Routes)
        {
            var path = probe.Targets.Fill(endpoint.RoutePattern.RawText!);
            var isUpload = HostileInputTests.Name(endpoint) == "UploadAttachment";
            var prefix = isUpload
                ? HostileCorpus.Multipart("B", "form-data; name=\"file\"; filename=\"big.txt\"", "text/plain", [], terminated: false)
                : "{\"body\":\""u8.ToArray();
            string[] headers = [credentials(endpoint), "Content-Type: " + (isUpload ? "multipart/form-data; boundary=B" : "application/json")];
            foreach (var declared in new[] { true, false })
            {
                var body = new StreamedBody(HundredMegabytes, declared, prefix);
                var naming = $"{method} {endpoint.RoutePattern.RawText} with 100 MB ({(declared ? "Content-Length" : "chunked")})";
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var (status, answer) = await SendRawAsync(app.ClientOptions.BaseAddress, method, path, headers, body, declared, naming);
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                var context = $"{naming} → {status} after {body.Produced / 1024} KB sent, {allocated / 1024 / 1024} MB allocated: {answer}";

                // A route that takes no body never reads a chunked one, and so never learns its size.
                if (declared || isUpload || readsBody.Contains(endpoint))
                {
                    status.ShouldBe(413, context);
                    answer.ShouldContain("\"status\":413", Case.Sensitive, context);
                }
                else
                {
                    status.ShouldBeLessThan(500, context);
                }

                allocated.ShouldBeLessThan(MostAllocated, context);
                body.Produced.ShouldBeLessThan((declared ? 0 : LimitOf(endpoint)) + SocketSlack, context);
                if (status == 413)
                {
                    (await HostileInputTests.Rows.CountAsync(app)).ShouldBe(rows, context);
                }

                rows = await HostileInputTests.Rows.CountAsync(app);
            }
        }

        await probe.ShouldBeHealthyAsync();
    }

    [Theory]
    [MemberData(nameof(ProviderApps.All), MemberType = typeof(ProviderApps))]
    public async Task AttachmentUpload_ManyPartsAddingUpTo100Megabytes_IsRefusedEarly(Provider provider)
    {
        await using var app = await KefuApp.StartAsync(provider, overSockets: true);
        await using var probe = await HostileInputTests.Probe.StartAsync(await app.CreateWorkspaceAsync());
        var rows = await HostileInputTests.Rows.CountAsync(app);
        const long PartSize = 4L * 1024 * 1024;
        var separator = Encoding.UTF8.GetBytes("\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"part.txt\"\r\nContent-Type: text/plain\r\n\r\n");
        var body = new StreamedBody(HundredMegabytes, declareLength: false, separator, filled => filled > 0 && filled % PartSize == 0 ? separator : null);

        var (status, answer) = await SendRawAsync(app.ClientOptions.BaseAddress, "POST", $"/api/v1/tickets/{probe.Targets.Number}/attachments",
            ["Authorization: Bearer " + probe.Workspace.IntegrationKey, "Content-Type: multipart/form-data; boundary=B"], body, declared: false, "25 parts of 4 MB");

        status.ShouldBe(413, answer);
        body.Produced.ShouldBeLessThan(AttachmentLimit + SocketSlack, $"the server read {body.Produced / 1024 / 1024} MB of parts");
        (await HostileInputTests.Rows.CountAsync(app)).ShouldBe(rows);
    }

    private static long AttachmentLimit => Features.Attachments.AttachmentEndpoints.MaxUploadBody;

    private static long LimitOf(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? Kefu.Server.Http.JsonBody.DefaultMaxBytes;

    /// <summary>The header each kind of caller authenticates with; agents and admins use personal API tokens here.</summary>
    private static async Task<Func<Endpoint, string>> CredentialsAsync(HostileInputTests.Probe probe)
    {
        static async Task<string> TokenAsync(HttpClient client) =>
            (await (await client.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "oversize" })).JsonAsync()).GetProperty("token").GetString()!;
        var agent = await TokenAsync(probe.Agent);
        var admin = await TokenAsync(probe.Admin);
        var customer = (await Chat.ChatSessions.VisitorAsync(probe.Workspace)).Token;
        return endpoint =>
        {
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                return "X-Kefu-Request: 1";
            }

            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            if (policies.Contains(Kefu.Server.Features.Portal.PortalSession.Policy))
            {
                return $"Cookie: {probe.Customer.Cookie}\r\nX-Kefu-Request: 1";
            }

            var secret = policies.Contains(KefuPolicies.Admin) ? admin : policies.Contains(KefuPolicies.Agent) ? agent
                : policies.Contains(KefuPolicies.Customer) ? customer : probe.Workspace.IntegrationKey;
            return "Authorization: Bearer " + secret;
        };
    }

    /// <summary>
    /// One HTTP/1.1 request written by hand: the body streams while the answer is read, and writing
    /// stops when the server closes the connection, as a server refusing early does.
    /// </summary>
    private static async Task<(int Status, string Answer)> SendRawAsync(Uri server, string method, string path, string[] headers, StreamedBody body, bool declared, string naming)
    {
        using var timeout = new CancellationTokenSource(RequestTimeout);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, timeout.Token);
        var network = tcp.GetStream();
        var head = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        head.Append(declared ? "Content-Length: " + HundredMegabytes.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n" : "Transfer-Encoding: chunked\r\n\r\n");
        await network.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), timeout.Token);

        var sending = Task.Run(async () =>
        {
            try
            {
                await body.CopyToAsync(declared ? network : new ChunkedStream(network), timeout.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
            {
                // The server closed the connection: it will not read the rest, which is the point.
            }
        });

        using var answer = new MemoryStream();
        try
        {
            await network.CopyToAsync(answer, timeout.Token);
        }
        catch (IOException)
        {
            // A reset after the answer was written still leaves the answer in hand.
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new ShouldAssertException($"{naming}: no answer within {RequestTimeout.TotalSeconds} s (a hang)");
        }

        tcp.Close();
        await sending;
        var text = Encoding.UTF8.GetString(answer.ToArray());
        text.ShouldStartWith("HTTP/1.1 ", customMessage: $"{naming}: no HTTP answer, got '{text}'");
        return (int.Parse(text.AsSpan(9, 3), CultureInfo.InvariantCulture), text);
    }

    /// <summary>Frames every write as one HTTP/1.1 chunk.</summary>
    private sealed class ChunkedStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(Encoding.ASCII.GetBytes(buffer.Length.ToString("X", CultureInfo.InvariantCulture) + "\r\n"), cancellationToken);
            await inner.WriteAsync(buffer, cancellationToken);
            await inner.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
