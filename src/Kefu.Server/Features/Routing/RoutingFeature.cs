using Kefu.Server.Storage;

namespace Kefu.Server.Features.Routing;

public static class RoutingFeature
{
    /// <summary>Live queue pushes; the dispatcher stays where the host switches it on or off.</summary>
    public static IServiceCollection AddKefuRouting(this IServiceCollection services)
    {
        services.AddSingleton<LiveQueues>();
        services.AddSingleton<ICommitObserver>(sp => sp.GetRequiredService<LiveQueues>());
        services.AddHostedService(sp => sp.GetRequiredService<LiveQueues>());
        return services;
    }
}
