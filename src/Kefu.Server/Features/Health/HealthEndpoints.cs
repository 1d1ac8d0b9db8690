using Kefu.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kefu.Server.Features.Health;

public static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        // Liveness says only that the process answers; a database outage must not get healthy nodes restarted.
        routes.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        routes.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).ExcludeFromDescription();
    }
}

public sealed class DatabaseHealthCheck(IDbContextFactory<KefuDbContext> contextFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            await db.Workspaces.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", ex);
        }
    }
}
