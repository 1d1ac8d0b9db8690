using Kefu.Server.Features.Csat;
using Kefu.Server.Storage;

namespace Kefu.Server.Features.Analytics;

public static class AnalyticsSetup
{
    /// <summary>Metric facts on the write path, their rollup, the quality loop (CSAT, follow-ups) and its jobs.</summary>
    public static IServiceCollection AddKefuAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<QualitySettingsStore>();
        services.AddSingleton<QualityLoop>();
        services.AddSingleton<IWriteFollower, TicketFactRecorder>();
        services.AddSingleton<Csat.QualityWebhooks>();
        services.AddSingleton<AnalyticsRebuild>();
        if (configuration.GetValue("Analytics:Rollup:Enabled", true))
        {
            services.AddHostedService<RollupJob>();
        }

        if (configuration.GetValue("Analytics:EarlyWarning:Enabled", true))
        {
            services.AddHostedService<EarlyWarningJob>();
        }

        if (configuration.GetValue("Csat:Links:Enabled", true))
        {
            services.AddHostedService<CsatLinkJob>();
        }

        return services;
    }

    public static IEndpointRouteBuilder MapKefuAnalytics(this IEndpointRouteBuilder routes)
    {
        var analytics = routes.MapGroup("/api/v1/analytics").WithTags("Analytics").RequireAuthorization(Auth.KefuPolicies.Agent);
        AnalyticsEndpoints.Map(analytics);
        InsightEndpoints.Map(analytics, routes);
        CsatEndpoints.Map(routes.MapGroup("/api/v1/tickets").WithTags("CSAT"), routes);
        FollowUps.FollowUpEndpoints.Map(routes);
        return routes;
    }
}
