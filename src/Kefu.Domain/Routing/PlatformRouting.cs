using Kefu.Domain.Sla;

namespace Kefu.Domain.Routing;

public enum PlatformRouteReason
{
    /// <summary>Not a merchant's work, or a merchant without its own team: the platform's routing decides.</summary>
    PlatformRules,

    /// <summary>A merchant's customer: the merchant's own team first.</summary>
    MerchantTeam,

    /// <summary>The customer disputes the merchant: the platform arbitrates.</summary>
    Dispute,

    /// <summary>The merchant let a service-level clock run out: the platform takes over.</summary>
    MerchantSlaLapsed,

    /// <summary>Arbitration already has it; it does not go back to the merchant.</summary>
    StaysInArbitration,
}

/// <summary>What platform mode needs to know about one item beyond the routing request.</summary>
public sealed record PlatformRoutingRequest
{
    public Guid? MerchantId { get; init; }

    /// <summary>The customer has opened a dispute against the merchant. Once set it stays set.</summary>
    public bool Disputed { get; init; }

    /// <summary>The clocks running while the merchant's team holds the item; any one breached hands the item to the platform.</summary>
    public IReadOnlyList<SlaClock> MerchantClocks { get; init; } = [];

    /// <summary>Already with the arbitration team: it stays there.</summary>
    public bool InArbitration { get; init; }
}

public sealed record PlatformRoutingDecision(Guid TeamId, PlatformRouteReason Reason)
{
    /// <summary>The item now belongs to the arbitration team; set <see cref="WorkItem.InArbitration"/> so merchant agents lose it.</summary>
    public bool IsArbitration => Reason is PlatformRouteReason.Dispute or PlatformRouteReason.MerchantSlaLapsed or PlatformRouteReason.StaysInArbitration;

    public string Describe() => Reason switch
    {
        PlatformRouteReason.Dispute => $"The customer disputes the merchant: moved to the arbitration team {TeamId} with its full history.",
        PlatformRouteReason.MerchantSlaLapsed => $"The merchant let the service level lapse: moved to the arbitration team {TeamId} with its full history.",
        PlatformRouteReason.StaysInArbitration => $"Stays with the arbitration team {TeamId}.",
        PlatformRouteReason.MerchantTeam => $"A merchant's customer: the merchant's team {TeamId} first.",
        _ => $"Routed by the platform's rules to team {TeamId}.",
    };
}

/// <summary>
/// Platform mode (平台/商家): a merchant's customers go to that merchant's team first; a dispute between customer and
/// merchant, or a merchant letting its service level lapse, sends the item to the platform's arbitration team (纠纷仲裁组).
/// </summary>
public sealed class PlatformRouting
{
    private readonly Dictionary<Guid, Guid> _merchantTeams;

    /// <param name="merchantTeams">Each merchant's own first team.</param>
    public PlatformRouting(Guid arbitrationTeamId, IReadOnlyDictionary<Guid, Guid> merchantTeams)
    {
        ArgumentNullException.ThrowIfNull(merchantTeams);
        if (arbitrationTeamId == Guid.Empty)
        {
            throw new ArgumentException("Platform mode needs an arbitration team.", nameof(arbitrationTeamId));
        }

        if (merchantTeams.Values.Contains(arbitrationTeamId))
        {
            throw new ArgumentException("The arbitration team is the platform's; it cannot be a merchant's team.", nameof(merchantTeams));
        }

        ArbitrationTeamId = arbitrationTeamId;
        _merchantTeams = new Dictionary<Guid, Guid>(merchantTeams);
    }

    public Guid ArbitrationTeamId { get; }

    /// <param name="platformDecision">What the workspace's routing rules decided; used for work that is not a merchant team's.</param>
    public PlatformRoutingDecision Decide(PlatformRoutingRequest request, RoutingDecision platformDecision, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(platformDecision);
        if (request.MerchantId is not { } merchant)
        {
            return new PlatformRoutingDecision(platformDecision.TeamId, PlatformRouteReason.PlatformRules);
        }

        if (request.Disputed)
        {
            return new PlatformRoutingDecision(ArbitrationTeamId, PlatformRouteReason.Dispute);
        }

        if (request.InArbitration)
        {
            return new PlatformRoutingDecision(ArbitrationTeamId, PlatformRouteReason.StaysInArbitration);
        }

        if (request.MerchantClocks.Any(clock => clock.IsBreached(now)))
        {
            return new PlatformRoutingDecision(ArbitrationTeamId, PlatformRouteReason.MerchantSlaLapsed);
        }

        return _merchantTeams.TryGetValue(merchant, out var team)
            ? new PlatformRoutingDecision(team, PlatformRouteReason.MerchantTeam)
            : new PlatformRoutingDecision(platformDecision.TeamId, PlatformRouteReason.PlatformRules);
    }
}
