namespace Kefu.Server.Features.Intake;

public static class IntakeEndpoints
{
    public static IServiceCollection AddKefuIntake(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddSingleton<IntakeQuestions>();
        return services;
    }

    public static void Map(IEndpointRouteBuilder routes)
    {
        CheckIntake.Map(routes);
        GetTicketBrief.Map(routes.MapGroup("/api/v1/tickets").WithTags("Tickets"));
    }
}
