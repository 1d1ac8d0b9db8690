using System.Net;
using System.Net.Sockets;
using Kefu.Domain.Webhooks;
using Kefu.Server.Features.Outbox;

namespace Kefu.Server.Features.Webhooks;

public static class WebhookRegistration
{
    public const string AllowPrivateTargetsKey = "Webhooks:AllowPrivateTargets";

    public static IServiceCollection AddKefuWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var allowPrivate = configuration.GetValue<bool>(AllowPrivateTargetsKey);
        services.AddSingleton<WebhookSubscriptions>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<IOutboxDelivery, WebhookDelivery>();
        services.AddHttpClient(WebhookDelivery.ClientName, client =>
            {
                client.Timeout = configuration.GetValue("Webhooks:Timeout", TimeSpan.FromSeconds(10));
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Kefu-Webhooks/1");
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectCallback = (context, ct) => ConnectAsync(context, allowPrivate, ct),
            });
        return services;
    }

    /// <summary>
    /// Checks the address actually connected to, after DNS: a public name that resolves to an internal address (or is
    /// re-pointed there after the endpoint was saved) is refused here, where the URL check alone could not see it.
    /// </summary>
    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = allowPrivate ? addresses : [.. addresses.Where(a => !WebhookTarget.IsPrivate(a))];
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"The webhook host {context.DnsEndPoint.Host} resolves to no public address.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
