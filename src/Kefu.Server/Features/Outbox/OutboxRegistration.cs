using Kefu.Server.Features.CustomerNotifications;
using Kefu.Server.Features.Proactive;
using Kefu.Server.Features.Webhooks;
using Kefu.Server.Storage;

namespace Kefu.Server.Features.Outbox;

/// <summary>The outbox, its deliveries (webhooks; email and channels are added by their features), customer notifications and proactive messages.</summary>
public static class OutboxRegistration
{
    public static IServiceCollection AddKefuOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(OutboxSettings.From(configuration));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<IWriteFollower, TimelineNotifier>();
        services.AddKefuWebhooks(configuration);
        services.AddKefuProactive(configuration);
        if (configuration.GetValue("Outbox:Enabled", true))
        {
            services.AddHostedService<OutboxDeliverer>();
        }

        services.AddSingleton(OutboxRetention.From(configuration));
        if (configuration.GetValue("Outbox:PruneEnabled", true))
        {
            services.AddHostedService<OutboxPruner>();
        }

        return services;
    }

    public static IEndpointRouteBuilder MapKefuOutbox(this IEndpointRouteBuilder routes)
    {
        WebhookAdminEndpoints.Map(routes);
        ProactiveEndpoints.Map(routes);
        return routes;
    }
}
