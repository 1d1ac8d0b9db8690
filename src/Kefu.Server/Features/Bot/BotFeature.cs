using Kefu.Server.Storage;

namespace Kefu.Server.Features.Bot;

/// <summary>The FAQ bot: answers chat customers from the knowledge base and hands over to people.</summary>
public static class BotFeature
{
    public static IServiceCollection AddKefuBot(this IServiceCollection services)
    {
        services.AddSingleton<BotSettingsBook>();
        services.AddSingleton<BotConversation>();
        services.AddSingleton<IWriteFollower, FaqBot>();
        return services;
    }

    public static IEndpointRouteBuilder MapKefuBot(this IEndpointRouteBuilder routes)
    {
        BotEndpoints.Map(routes);
        return routes;
    }
}
