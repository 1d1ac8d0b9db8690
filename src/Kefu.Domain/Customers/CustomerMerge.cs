namespace Kefu.Domain.Customers;

/// <summary>
/// Two customer records found to be one person, joined by an agent: exactly what moved from the absorbed
/// customer to the survivor, so the merge can be undone without touching anything that came later.
/// </summary>
public sealed class CustomerMerge
{
    public Guid Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid SurvivorId { get; init; }
    public Guid AbsorbedId { get; init; }
    public IReadOnlyList<Guid> IdentityIds { get; init; } = [];
    public IReadOnlyList<Guid> TicketIds { get; init; } = [];
    public IReadOnlyList<Guid> ConversationIds { get; init; } = [];
    public IReadOnlyList<Guid> CallIds { get; init; } = [];
    public IReadOnlyList<Guid> CallbackIds { get; init; } = [];
    public Guid MergedByAgentId { get; init; }
    public DateTimeOffset MergedAt { get; init; }
    public Guid? UndoneByAgentId { get; private set; }
    public DateTimeOffset? UndoneAt { get; private set; }

    public bool IsUndone => UndoneAt is not null;

    /// <summary>
    /// The absorbed customer's identities the survivor does not already have. A handle both share stays where it
    /// is, so undoing the merge finds every identity back where it was.
    /// </summary>
    public static IReadOnlyList<CustomerIdentity> IdentitiesToMove(IEnumerable<CustomerIdentity> absorbed, IEnumerable<CustomerIdentity> survivor)
    {
        ArgumentNullException.ThrowIfNull(absorbed);
        ArgumentNullException.ThrowIfNull(survivor);
        var held = survivor.Select(i => (i.Kind, i.Handle)).ToHashSet();
        return [.. absorbed.Where(i => !held.Contains((i.Kind, i.Handle)))];
    }

    public void Undo(Guid agentId, DateTimeOffset now)
    {
        if (IsUndone)
        {
            throw new InvalidOperationException("This merge was already undone.");
        }

        UndoneByAgentId = agentId;
        UndoneAt = now;
    }
}
