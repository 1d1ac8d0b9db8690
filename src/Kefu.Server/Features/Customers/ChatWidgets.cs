using System.Security.Cryptography;
using Kefu.Domain.Chat;
using Kefu.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Kefu.Server.Features.Customers;

/// <summary>Workspaces' widget keys and user-token secrets: made at provisioning, looked up on every session, rotated by admins.</summary>
public sealed class ChatWidgets(IDbContextFactory<KefuDbContext> contextFactory, IMemoryCache cache, TimeProvider time)
{
    /// <summary>A rotated secret stops being accepted on other nodes within this long.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public static ChatWidget New(Guid workspaceId, DateTimeOffset now, string? widgetKey = null) => new()
    {
        WorkspaceId = workspaceId,
        WidgetKey = widgetKey ?? ChatWidget.WidgetKeyPrefix + Random(16),
        UserTokenSecret = NewSecret(),
        CreatedAt = now,
        SecretRotatedAt = now,
    };

    public static string NewSecret() => ChatWidget.SecretPrefix + Random(32);

    public async Task<ChatWidget?> FindByKeyAsync(string widgetKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(widgetKey);
        if (widgetKey.Length is 0 or > 64)
        {
            return null;
        }

        return await cache.GetOrCreateAsync("widget-key:" + widgetKey, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            return await db.ChatWidgets.AsNoTracking().FirstOrDefaultAsync(w => w.WidgetKey == widgetKey, cancellationToken);
        });
    }

    /// <summary>The workspace's widget, made now for a workspace provisioned before widgets existed.</summary>
    public async Task<ChatWidget> EnsureAsync(KefuDbContext db, Guid workspaceId, CancellationToken cancellationToken, string? widgetKey = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var widget = await db.ChatWidgets.FirstOrDefaultAsync(w => w.WorkspaceId == workspaceId, cancellationToken);
        if (widget is not null)
        {
            return widget;
        }

        widget = New(workspaceId, time.GetUtcNow(), widgetKey);
        db.ChatWidgets.Add(widget);
        await db.SaveChangesAsync(cancellationToken);
        return widget;
    }

    public async Task<ChatWidget> RotateSecretAsync(KefuDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var widget = await EnsureAsync(db, workspaceId, cancellationToken);
        widget.UserTokenSecret = NewSecret();
        widget.SecretRotatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        cache.Remove("widget-key:" + widget.WidgetKey);
        return widget;
    }

    private static string Random(int bytes) => UserToken.Base64Url(RandomNumberGenerator.GetBytes(bytes));
}
