using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Kefu.Server.Features.Auth;
using Kefu.Server.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace Kefu.Server.Features.Security;

/// <summary>
/// Limits on the public ways in: ticket intake (per integration key and per client address) and widget
/// sessions (per widget key; the per-address limit is the chat feature's). Every limit is a fixed
/// one-minute window read from configuration; 0 switches a limit off. A refused request gets 429, a
/// Retry-After header and problem details.
/// </summary>
public sealed class RateLimits : IDisposable
{
    public const string IntakePolicy = "intake";
    public const string Section = "RateLimits";

    public const int DefaultIntakePerKeyPerMinute = 6000;
    public const int DefaultIntakePerAddressPerMinute = 1200;
    public const int DefaultWidgetSessionsPerKeyPerMinute = 3000;

    private readonly IConfiguration _configuration;
    private readonly PartitionedRateLimiter<string> _widgetKeys;

    public RateLimits(IConfiguration configuration)
    {
        _configuration = configuration;
        var perWidgetKey = configuration.GetValue($"{Section}:WidgetSessions:PerKeyPerMinute", DefaultWidgetSessionsPerKeyPerMinute);
        _widgetKeys = PartitionedRateLimiter.Create<string, string>(key => PerMinute(key, perWidgetKey));
    }

    /// <summary>
    /// The intake limit of one integration key: RateLimits:Intake:Keys:&lt;key name&gt; when set (a load test's key,
    /// a platform known to burst), otherwise RateLimits:Intake:PerKeyPerMinute.
    /// </summary>
    public int IntakePerKey(string keyName) =>
        _configuration.GetValue<int?>($"{Section}:Intake:Keys:{keyName}")
        ?? _configuration.GetValue($"{Section}:Intake:PerKeyPerMinute", DefaultIntakePerKeyPerMinute);

    public int IntakePerAddress => _configuration.GetValue($"{Section}:Intake:PerAddressPerMinute", DefaultIntakePerAddressPerMinute);

    /// <summary>Takes one widget session from the workspace widget key's budget; null when allowed, else the answer to send.</summary>
    public IResult? AcquireWidgetSession(Guid workspaceId)
    {
        using var lease = _widgetKeys.AttemptAcquire(workspaceId.ToString());
        return lease.IsAcquired ? null : Refused(lease);
    }

    public static RateLimitPartition<string> PerMinute(string partition, int permits) =>
        permits <= 0
            ? RateLimitPartition.GetNoLimiter(partition)
            : RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    /// <summary>429 with Retry-After (whole seconds, at least 1) when the limiter says how long to wait.</summary>
    public static IResult Refused(RateLimitLease lease)
    {
        var retryAfter = RetryAfterSeconds(lease);
        return new RefusedResult(retryAfter);
    }

    private static int? RetryAfterSeconds(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : null;

    public void Dispose() => _widgetKeys.Dispose();

    private sealed class RefusedResult(int? retryAfterSeconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (retryAfterSeconds is { } seconds)
            {
                httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            return Problems.Status(StatusCodes.Status429TooManyRequests, "Too many requests",
                    retryAfterSeconds is { } s ? $"Too many requests from this client or key; try again in {s} s." : "Too many requests from this client or key; try again later.")
                .ExecuteAsync(httpContext);
        }
    }

    /// <summary>Marks an endpoint whose callers are also limited per client address, under the named budget.</summary>
    public sealed record PerAddress(string Budget);
}

public static class RateLimitRegistration
{
    public static IServiceCollection AddKefuRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<RateLimits>();
        services.AddOptions<RateLimiterOptions>().Configure<RateLimits>((o, limits) =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) => new ValueTask(RateLimits.Refused(context.Lease).ExecuteAsync(context.HttpContext));

            // Authorisation has run by now, so the intake caller is a known integration key.
            o.AddPolicy(RateLimits.IntakePolicy, context =>
            {
                var caller = context.User;
                var name = caller.FindFirstValue(ClaimTypes.Name) ?? "";
                var workspace = caller.FindFirstValue(KefuClaims.Workspace) ?? "";
                return RateLimits.PerMinute($"key|{workspace}|{name}", limits.IntakePerKey(name));
            });

            // Runs before every endpoint policy; only endpoints marked PerAddress are counted.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.GetEndpoint()?.Metadata.GetMetadata<RateLimits.PerAddress>() is { } marked
                    ? RateLimits.PerMinute($"{marked.Budget}|{context.Connection.RemoteIpAddress}", marked.Budget == RateLimits.IntakePolicy ? limits.IntakePerAddress : 0)
                    : RateLimitPartition.GetNoLimiter(""));
        });
        return services;
    }

    /// <summary>Intake limits on an endpoint: per integration key and per client address.</summary>
    public static RouteHandlerBuilder WithIntakeRateLimits(this RouteHandlerBuilder builder) =>
        builder.RequireRateLimiting(RateLimits.IntakePolicy).WithMetadata(new RateLimits.PerAddress(RateLimits.IntakePolicy));
}
