namespace Kefu.Domain.Routing;

public enum OfferStatus
{
    Open,
    Accepted,
    Declined,
    Expired,

    /// <summary>Taken back without the agent answering: the item was assigned by hand, or the customer left.</summary>
    Withdrawn,
}

/// <summary>One agent being asked to take one item until <see cref="ExpiresAt"/>.</summary>
public sealed record AssignmentOffer(Guid ItemId, Guid AgentId, DateTimeOffset OfferedAt, DateTimeOffset ExpiresAt)
{
    public OfferStatus Status { get; init; } = OfferStatus.Open;
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Open and not yet past its expiry: the only state in which the agent may accept.</summary>
    public bool IsLiveAt(DateTimeOffset now) => Status == OfferStatus.Open && now < ExpiresAt;
}

/// <summary>
/// Every offer made for one item, oldest first. Holds the rule that an item is offered to one agent at a time and taken
/// by at most one: a new offer waits until the live one is answered or expires, and once accepted nothing more is
/// offered. Storage enforces the same with a conditional UPDATE so that two nodes cannot both offer or both accept.
/// </summary>
public sealed class AssignmentOffers
{
    private readonly List<AssignmentOffer> _history = [];
    private readonly HashSet<Guid> _passed = [];

    public AssignmentOffers(Guid itemId)
    {
        ItemId = itemId;
    }

    /// <summary>Rebuilds the record from stored offers.</summary>
    /// <exception cref="ArgumentException">The stored offers break the rule: two open, two accepted, or one for another item.</exception>
    public static AssignmentOffers Restore(Guid itemId, IEnumerable<AssignmentOffer> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var offers = new AssignmentOffers(itemId);
        foreach (var offer in history.OrderBy(offer => offer.OfferedAt))
        {
            if (offer.ItemId != itemId)
            {
                throw new ArgumentException($"An offer for item {offer.ItemId} is not one for {itemId}.", nameof(history));
            }

            // An open offer stored without its expiry being recorded had expired if a later one was made after its time.
            offers.ExpireIfDue(offer.OfferedAt);
            if (offers._history.Exists(earlier => earlier.Status is OfferStatus.Open or OfferStatus.Accepted))
            {
                throw new ArgumentException($"Item {itemId} has an offer made while another was still open or accepted.", nameof(history));
            }

            offers.Add(offer);
        }

        return offers;
    }

    public Guid ItemId { get; }

    public IReadOnlyList<AssignmentOffer> History => _history.AsReadOnly();

    /// <summary>Agents who declined the item or let its offer expire: they are not asked again.</summary>
    public IReadOnlySet<Guid> PassedAgents => _passed;

    public Guid? AcceptedBy => _history.Count > 0 && _history[^1].Status == OfferStatus.Accepted ? _history[^1].AgentId : null;

    /// <summary>The offer an agent may still accept, if any.</summary>
    public AssignmentOffer? LiveOffer(DateTimeOffset now) => _history.Count > 0 && _history[^1].IsLiveAt(now) ? _history[^1] : null;

    /// <summary>
    /// Offers the item to <paramref name="agentId"/> until <paramref name="now"/> + <paramref name="timeToAnswer"/>. An open
    /// offer already past its expiry is closed as expired first.
    /// </summary>
    /// <exception cref="OfferConflictException">Another offer is still live, the item is taken, or the agent passed on it already.</exception>
    public AssignmentOffer Offer(Guid agentId, DateTimeOffset now, TimeSpan timeToAnswer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToAnswer, TimeSpan.Zero);
        ExpireIfDue(now);
        if (AcceptedBy is { } taker)
        {
            throw new OfferConflictException($"Item {ItemId} was already accepted by agent {taker}.");
        }

        if (LiveOffer(now) is { } live)
        {
            throw new OfferConflictException($"Item {ItemId} is on offer to agent {live.AgentId} until {live.ExpiresAt:O}; it is offered to one agent at a time.");
        }

        if (_passed.Contains(agentId))
        {
            throw new OfferConflictException($"Agent {agentId} already passed on item {ItemId}.");
        }

        var offer = new AssignmentOffer(ItemId, agentId, now, now + timeToAnswer);
        Add(offer);
        return offer;
    }

    /// <exception cref="OfferConflictException">The agent holds no live offer for the item (never made, answered, expired, or someone else's).</exception>
    public AssignmentOffer Accept(Guid agentId, DateTimeOffset now) => Close(agentId, now, OfferStatus.Accepted);

    public AssignmentOffer Decline(Guid agentId, DateTimeOffset now) => Close(agentId, now, OfferStatus.Declined);

    /// <summary>Closes an open offer whose time is up; true when it did.</summary>
    public bool ExpireIfDue(DateTimeOffset now)
    {
        if (_history.Count == 0 || _history[^1] is not { Status: OfferStatus.Open } open || now < open.ExpiresAt)
        {
            return false;
        }

        Replace(open with { Status = OfferStatus.Expired, ClosedAt = open.ExpiresAt });
        return true;
    }

    /// <summary>Takes back an open offer, for instance because a supervisor assigned the item by hand; true when there was one.</summary>
    public bool Withdraw(DateTimeOffset now)
    {
        if (ExpireIfDue(now) || _history.Count == 0 || _history[^1] is not { Status: OfferStatus.Open } open)
        {
            return false;
        }

        Replace(open with { Status = OfferStatus.Withdrawn, ClosedAt = now });
        return true;
    }

    private AssignmentOffer Close(Guid agentId, DateTimeOffset now, OfferStatus status)
    {
        ExpireIfDue(now);
        if (LiveOffer(now) is not { } live || live.AgentId != agentId)
        {
            throw new OfferConflictException($"Agent {agentId} holds no live offer for item {ItemId}.");
        }

        var closed = live with { Status = status, ClosedAt = now };
        Replace(closed);
        return closed;
    }

    private void Add(AssignmentOffer offer)
    {
        _history.Add(offer);
        if (offer.Status is OfferStatus.Declined or OfferStatus.Expired)
        {
            _passed.Add(offer.AgentId);
        }
    }

    private void Replace(AssignmentOffer closed)
    {
        _history[^1] = closed;
        if (closed.Status is OfferStatus.Declined or OfferStatus.Expired)
        {
            _passed.Add(closed.AgentId);
        }
    }
}

public sealed class OfferConflictException(string message) : InvalidOperationException(message);
