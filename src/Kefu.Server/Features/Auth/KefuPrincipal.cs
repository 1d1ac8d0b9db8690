using System.Security.Claims;
using Kefu.Domain.Agents;

namespace Kefu.Server.Features.Auth;

public static class KefuClaims
{
    public const string Workspace = "kefu:workspace";
    public const string Kind = "kefu:kind";
    public const string AgentId = "kefu:agent";
    public const string AgentNumber = "kefu:agent_number";

    /// <summary>Present for a merchant's own agent (platform mode): such a caller sees only that merchant's work.</summary>
    public const string Merchant = "kefu:merchant";

    /// <summary>The customer a widget or app session speaks for.</summary>
    public const string CustomerId = "kefu:customer";

    public const string IntegrationKind = "integration";
    public const string AgentKind = "agent";
    public const string CustomerKind = "customer";
}

public static class KefuPolicies
{
    public const string Integration = "integration";
    public const string Agent = "agent";
    public const string IntegrationOrAgent = "integration-or-agent";
    public const string Admin = "admin";
    public const string Customer = "customer";

    /// <summary>Anyone who may take part in a ticket: the host platform, agents, and the ticket's own customer (TicketAccess narrows each).</summary>
    public const string TicketParty = "ticket-party";
}

/// <summary>Who is calling, read from the authenticated claims.</summary>
public sealed record Caller(Guid WorkspaceId, string Kind, Guid? AgentId, string? AgentNumber, string Name, AgentRole? Role, Guid? MerchantId = null, Guid? CustomerId = null)
{
    public bool IsAgent => Kind == KefuClaims.AgentKind;

    public bool IsCustomer => Kind == KefuClaims.CustomerKind;

    public static Caller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var workspace = Guid.Parse(user.FindFirstValue(KefuClaims.Workspace) ?? throw new InvalidOperationException("Unauthenticated caller."));
        var kind = user.FindFirstValue(KefuClaims.Kind) ?? KefuClaims.IntegrationKind;
        var agentId = user.FindFirstValue(KefuClaims.AgentId) is { } id ? Guid.Parse(id) : (Guid?)null;
        var role = Enum.TryParse<AgentRole>(user.FindFirstValue(ClaimTypes.Role), out var r) ? r : (AgentRole?)null;
        var merchant = user.FindFirstValue(KefuClaims.Merchant) is { } m ? Guid.Parse(m) : (Guid?)null;
        var customer = kind == KefuClaims.CustomerKind && user.FindFirstValue(KefuClaims.CustomerId) is { } c ? Guid.Parse(c) : (Guid?)null;
        return new Caller(workspace, kind, agentId, user.FindFirstValue(KefuClaims.AgentNumber), user.Identity?.Name ?? "", role, merchant, customer);
    }

    public static ClaimsIdentity ForAgent(Agent agent, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(agent);
        List<Claim> claims =
            [
                new Claim(ClaimTypes.Name, agent.DisplayName),
                new Claim(ClaimTypes.NameIdentifier, agent.Id.ToString()),
                new Claim(ClaimTypes.Role, agent.Role.ToString()),
                new Claim(KefuClaims.Workspace, agent.WorkspaceId.ToString()),
                new Claim(KefuClaims.Kind, KefuClaims.AgentKind),
                new Claim(KefuClaims.AgentId, agent.Id.ToString()),
                new Claim(KefuClaims.AgentNumber, agent.AgentNumber),
            ];
        if (agent.MerchantId is { } merchant)
        {
            claims.Add(new Claim(KefuClaims.Merchant, merchant.ToString()));
        }

        return new ClaimsIdentity(claims, authenticationType);
    }
}
