namespace Kefu.Domain.Routing;

/// <summary>
/// The agents routing may choose from, as loaded for one decision or one batch of decisions. Recording an assignment
/// here updates the agent's load and last-assigned time, so later decisions in the same batch see it.
/// </summary>
public sealed class AgentBoard
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private readonly Dictionary<Guid, AgentSnapshot> _agents;
    private DateTimeOffset _latestStamp = DateTimeOffset.MinValue;

    public AgentBoard(IEnumerable<AgentSnapshot> agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        _agents = [];
        foreach (var agent in agents)
        {
            ArgumentNullException.ThrowIfNull(agent, nameof(agents));
            if (!_agents.TryAdd(agent.AgentId, agent))
            {
                throw new ArgumentException($"Agent {agent.AgentId} ({agent.AgentNumber}) is listed twice.", nameof(agents));
            }

            if (agent.LastAssignedAt is { } stamp && stamp > _latestStamp)
            {
                _latestStamp = stamp;
            }
        }
    }

    public int Count => _agents.Count;

    public IEnumerable<AgentSnapshot> Agents => _agents.Values;

    public AgentSnapshot? Find(Guid agentId) => _agents.GetValueOrDefault(agentId);

    public AgentSnapshot this[Guid agentId] => _agents.TryGetValue(agentId, out var agent)
        ? agent
        : throw new KeyNotFoundException($"Agent {agentId} is not on the board.");

    /// <summary>
    /// Counts one more item of <paramref name="kind"/> against the agent and returns the last-assigned time to store.
    /// It is <paramref name="at"/> unless an assignment in this batch already used that moment or a later one: round robin
    /// orders agents by this time, and equal times would hand a whole batch to the same agent.
    /// </summary>
    public DateTimeOffset RecordAssignment(Guid agentId, WorkKind kind, DateTimeOffset at)
    {
        var agent = this[agentId];
        var stamp = at > _latestStamp ? at : _latestStamp + Tick;
        _latestStamp = stamp;
        _agents[agentId] = agent with { Load = agent.Load.Add(kind), LastAssignedAt = stamp };
        return stamp;
    }

    /// <summary>The agent finished or handed back an item of <paramref name="kind"/>.</summary>
    public void RecordRelease(Guid agentId, WorkKind kind)
    {
        var agent = this[agentId];
        if (agent.Load.For(kind) <= 0)
        {
            throw new InvalidOperationException($"Agent {agent.AgentNumber} holds no {kind} to release.");
        }

        _agents[agentId] = agent with { Load = agent.Load.Add(kind, -1) };
    }

    public void SetAvailability(Guid agentId, AgentAvailability availability) =>
        _agents[agentId] = this[agentId] with { Availability = availability };
}
