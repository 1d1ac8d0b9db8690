namespace Kefu.Server.Features.Knowledge;

/// <summary>The knowledge base: admins' and agents' API, the cached public shelf the bot reads, and the public help centre.</summary>
public static class KnowledgeFeature
{
    public static IServiceCollection AddKefuKnowledge(this IServiceCollection services)
    {
        services.AddSingleton<KnowledgeBook>();
        services.AddSingleton<KnowledgeTexts>();
        return services;
    }

    public static IEndpointRouteBuilder MapKefuKnowledge(this IEndpointRouteBuilder routes)
    {
        KnowledgeEndpoints.Map(routes);
        HelpCentre.Map(routes);
        return routes;
    }
}
