using Kefu.Domain.Agents;
using Kefu.Domain.Workspaces;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Customers;
using Kefu.Server.Features.Receipts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Workspaces;

/// <summary>Creates workspaces, their staff and their integration keys (CLI, demo seed, admin).</summary>
public sealed class WorkspaceProvisioning(KefuDbContext db, PasswordHasher<Agent> hasher, ReceiptKeys receiptKeys, TimeProvider time)
{
    public async Task<Workspace> CreateWorkspaceAsync(string slug, string name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var workspace = new Workspace { Id = Guid.CreateVersion7(now), Slug = slug, Name = name, CreatedAt = now };
        db.Workspaces.Add(workspace);
        db.TicketCounters.Add(new TicketCounter { WorkspaceId = workspace.Id });
        db.SigningKeys.Add(receiptKeys.Create(workspace.Id));
        db.ChatWidgets.Add(ChatWidgets.New(workspace.Id, now));
        await db.SaveChangesAsync(cancellationToken);
        return workspace;
    }

    public Task<Workspace?> FindWorkspaceAsync(string slug, CancellationToken cancellationToken) =>
        db.Workspaces.FirstOrDefaultAsync(w => w.Slug == slug, cancellationToken);

    public async Task<Agent> CreateAgentAsync(Guid workspaceId, string agentNumber, string displayName, string email, AgentRole role, string password, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var agent = new Agent
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, AgentNumber = agentNumber, DisplayName = displayName,
            Email = email.ToLowerInvariant(), Role = role, CreatedAt = now,
        };
        agent.PasswordHash = hasher.HashPassword(agent, password);
        db.Agents.Add(agent);
        await db.SaveChangesAsync(cancellationToken);
        return agent;
    }

    /// <summary>Creates an integration key and returns its secret, which is shown once and never stored.</summary>
    public async Task<(IntegrationKey Key, string Secret)> CreateIntegrationKeyAsync(Guid workspaceId, string name, string? secret, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        secret ??= Secrets.NewSecret(Secrets.IntegrationKeyPrefix);
        var key = new IntegrationKey
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = workspaceId, Name = name, Prefix = Secrets.DisplayPrefix(secret),
            SecretHash = Secrets.Hash(secret), CreatedAt = now,
        };
        db.IntegrationKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return (key, secret);
    }

    /// <summary>Makes sure a configured key (e.g. Demo:IntegrationKey) works, without storing it twice.</summary>
    public async Task EnsureIntegrationKeyAsync(Guid workspaceId, string name, string secret, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(secret);
        if (!await db.IntegrationKeys.AnyAsync(k => k.SecretHash == hash, cancellationToken))
        {
            await CreateIntegrationKeyAsync(workspaceId, name, secret, cancellationToken);
        }
    }

    /// <summary>Gives the workspace's widget a known key (the demo page's), keeping its secret.</summary>
    public async Task EnsureWidgetKeyAsync(Guid workspaceId, string widgetKey, CancellationToken cancellationToken)
    {
        var widget = await db.ChatWidgets.FirstOrDefaultAsync(w => w.WorkspaceId == workspaceId, cancellationToken);
        if (widget is null)
        {
            db.ChatWidgets.Add(ChatWidgets.New(workspaceId, time.GetUtcNow(), widgetKey));
        }
        else
        {
            widget.WidgetKey = widgetKey;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
