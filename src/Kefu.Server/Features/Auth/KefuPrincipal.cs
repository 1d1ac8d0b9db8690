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

    public const string IntegrationKind = "integration";
    public const string AgentKind = "agent";
}

public static class KefuPolicies
{
    public const string Integration = "integration";
    public const string Agent = "agent";
    public const string IntegrationOrAgent = "integration-or-agent";
    public const string Admin = "admin";
}

/// <summary>Who is calling, read from the authenticated claims.</summary>
public sealed record Caller(Guid WorkspaceId, string Kind, Guid? AgentId, string? AgentNumber, string Name, AgentRole? Role, Guid? MerchantId = null)
{
    public bool IsAgent => Kind == KefuClaims.AgentKind;

    public static Caller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var workspace = Guid.Parse(user.FindFirstValue(KefuClaims.Workspace) ?? throw new InvalidOperationException("Unauthenticated caller."));
        var kind = user.FindFirstValue(KefuClaims.Kind) ?? KefuClaims.IntegrationKind;
        var agentId = user.FindFirstValue(KefuClaims.AgentId) is { } id ? Guid.Parse(id) : (Guid?)null;
        var role = Enum.TryParse<AgentRole>(user.FindFirstValue(ClaimTypes.Role), out var r) ? r : (AgentRole?)null;
        var merchant = user.FindFirstValue(KefuClaims.Merchant) is { } m ? Guid.Parse(m) : (Guid?)null;
        return new Caller(workspace, kind, agentId, user.FindFirstValue(KefuClaims.AgentNumber), user.Identity?.Name ?? "", role, merchant);
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
