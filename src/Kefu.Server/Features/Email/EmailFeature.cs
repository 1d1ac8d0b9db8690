namespace Kefu.Server.Features.Email;

public static class EmailFeature
{
    public static IServiceCollection AddKefuEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<EmailSecrets>();
        services.AddSingleton<EmailSender>();
        services.AddSingleton<EmailReplies>();
        services.AddSingleton<Outbox.IOutboxDelivery, EmailDelivery>();
        services.AddSingleton<EmailIntake>();
        services.AddSingleton<EmailPoller>();
        if (configuration.GetValue("Email:Poll:Enabled", true))
        {
            services.AddHostedService(sp => sp.GetRequiredService<EmailPoller>());
        }

        return services;
    }
}
