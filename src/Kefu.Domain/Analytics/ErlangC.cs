namespace Kefu.Domain.Analytics;

/// <summary>
/// The Erlang C queue (M/M/N: random arrivals, exponential handle times, N agents, nobody gives up): how likely a
/// contact waits, how long on average, what share is answered within a target, and how many agents a target needs.
/// </summary>
/// <remarks>
/// The waiting probability is computed from Erlang B by its stable recurrence, B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1)),
/// then C = N·B / (N − A·(1 − B)); no factorial or power is formed, so hundreds of agents and erlangs stay exact to
/// double precision.
/// </remarks>
public static class ErlangC
{
    /// <summary>Offered load in erlangs: arrivals per second times the handle time in seconds.</summary>
    public static double TrafficIntensity(double arrivalsPerHour, TimeSpan averageHandleTime) =>
        arrivalsPerHour / 3600 * averageHandleTime.TotalSeconds;

    /// <summary>The probability that a contact has to wait for an agent; 1 when the agents cannot keep up (A ≥ N).</summary>
    public static double WaitProbability(double trafficErlangs, int agents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trafficErlangs);
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 1);
        if (trafficErlangs >= agents)
        {
            return 1;
        }

        if (trafficErlangs == 0)
        {
            return 0;
        }

        var blocking = 1.0;
        for (var n = 1; n <= agents; n++)
        {
            blocking = trafficErlangs * blocking / (n + (trafficErlangs * blocking));
        }

        return agents * blocking / (agents - (trafficErlangs * (1 - blocking)));
    }

    /// <summary>Average speed of answer: the mean wait over all contacts, those answered at once included.</summary>
    public static TimeSpan AverageSpeedOfAnswer(double trafficErlangs, int agents, TimeSpan averageHandleTime)
    {
        if (trafficErlangs >= agents)
        {
            return TimeSpan.MaxValue;
        }

        var seconds = WaitProbability(trafficErlangs, agents) * averageHandleTime.TotalSeconds / (agents - trafficErlangs);
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The share of contacts answered within <paramref name="target"/>: 1 − C·e^(−(N−A)·t/AHT).</summary>
    public static double ServiceLevel(double trafficErlangs, int agents, TimeSpan averageHandleTime, TimeSpan target)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(averageHandleTime, TimeSpan.Zero);
        if (trafficErlangs >= agents)
        {
            return 0;
        }

        var waiting = WaitProbability(trafficErlangs, agents);
        return 1 - (waiting * Math.Exp(-(agents - trafficErlangs) * target.TotalSeconds / averageHandleTime.TotalSeconds));
    }

    /// <summary>The fewest agents that answer <paramref name="serviceLevel"/> (0–1) of contacts within <paramref name="target"/>; 0 with no traffic.</summary>
    public static int AgentsNeeded(double trafficErlangs, TimeSpan averageHandleTime, TimeSpan target, double serviceLevel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trafficErlangs);
        if (serviceLevel is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(serviceLevel), serviceLevel, "A service level is a share strictly between 0 and 1.");
        }

        if (trafficErlangs == 0)
        {
            return 0;
        }

        var agents = Math.Max(1, (int)Math.Floor(trafficErlangs) + 1);
        while (ServiceLevel(trafficErlangs, agents, averageHandleTime, target) < serviceLevel)
        {
            agents++;
        }

        return agents;
    }
}
