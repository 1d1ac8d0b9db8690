using Kefu.Domain.Outbox;

namespace Kefu.Server.Features.Outbox;

/// <summary>How the deliverer runs, from the "Outbox" configuration section.</summary>
public sealed record OutboxSettings(TimeSpan PollInterval, int BatchSize, int Parallelism, TimeSpan ClaimFor, RetrySchedule Retry)
{
    public static OutboxSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Outbox");
        return new OutboxSettings(
            section.GetValue("PollInterval", TimeSpan.FromSeconds(1)),
            section.GetValue("BatchSize", 64),
            section.GetValue("Parallelism", 8),
            section.GetValue("ClaimFor", TimeSpan.FromMinutes(2)),
            new RetrySchedule(
                section.GetValue("FirstRetryDelay", RetrySchedule.Default.FirstDelay),
                section.GetValue("MaxRetryDelay", RetrySchedule.Default.MaxDelay),
                section.GetValue("MaxAttempts", RetrySchedule.Default.MaxAttempts)));
    }
}
