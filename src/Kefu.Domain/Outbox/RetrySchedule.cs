namespace Kefu.Domain.Outbox;

/// <summary>
/// When to try a failed delivery again: exponential back-off from <see cref="FirstDelay"/>, capped at
/// <see cref="MaxDelay"/>, with jitter so that many rows failing together (a receiver down) do not all come back in the
/// same second; after <see cref="MaxAttempts"/> failures the row is dead-lettered and waits for a person.
/// </summary>
public sealed record RetrySchedule(TimeSpan FirstDelay, TimeSpan MaxDelay, int MaxAttempts)
{
    public static readonly RetrySchedule Default = new(TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), 10);

    /// <param name="attemptsSoFar">Failed attempts including the one just made (1 after the first failure).</param>
    /// <param name="random">A number in [0, 1): the jitter.</param>
    /// <returns>The time of the next attempt, or null when the row is to be dead-lettered.</returns>
    public DateTimeOffset? NextAttempt(int attemptsSoFar, DateTimeOffset now, double random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attemptsSoFar);
        if (attemptsSoFar >= MaxAttempts)
        {
            return null;
        }

        return now + Delay(attemptsSoFar, random);
    }

    /// <summary>Between half and all of the exponential delay ("equal jitter"): never sooner than half, so back-off still grows.</summary>
    public TimeSpan Delay(int attemptsSoFar, double random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attemptsSoFar);
        if (random is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(random), "Jitter is a number in [0, 1).");
        }

        var exponent = Math.Min(attemptsSoFar - 1, 30);
        var full = Math.Min(FirstDelay.Ticks * Math.Pow(2, exponent), MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)(full / 2 + (full / 2 * random)));
    }
}
