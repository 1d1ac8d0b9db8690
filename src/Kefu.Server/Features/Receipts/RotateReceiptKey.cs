using System.Security.Claims;
using Kefu.Domain.Workspaces;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Verification;
using Kefu.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Receipts;

/// <summary>
/// Key rotation: POST /api/v1/admin/receipt-keys/rotate makes a new signing key and retires the old one;
/// GET /api/v1/workspaces/{slug}/receipt-keys lists every key (in use and retired) for verifiers that
/// keep older receipts.
/// </summary>
public static class RotateReceiptKey
{
    /// <param name="Status">"active" for the key that signs new receipts, "retired" for one that only verifies old ones.</param>
    public sealed record KeyView(string KeyId, string Status, string Algorithm, string PublicKeyPem, Jwk Jwk, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);

    public sealed record KeyList(string Workspace, IReadOnlyList<KeyView> Keys);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/workspaces/{slug}/receipt-keys", ListAsync)
            .AllowAnonymous()
            .RequireRateLimiting(VerifyAgent.RateLimitPolicy)
            .WithTags("Receipts")
            .WithName("ListReceiptKeys")
            .WithSummary("Every public key this workspace's receipts were signed with: the active one first, then retired ones");
        routes.MapPost("/api/v1/admin/receipt-keys/rotate", RotateAsync)
            .RequireAuthorization(KefuPolicies.Admin)
            .WithTags("Admin: receipts")
            .WithName("RotateReceiptKey")
            .WithSummary("Make a new receipt signing key and retire the current one; receipts signed before still verify");
    }

    public static KeyView View(SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new KeyView(key.KeyId, key.RetiredAt is null ? "active" : "retired", ReceiptKeys.Algorithm, ReceiptKeys.Pem(key), ReceiptKeys.JwkOf(key), key.CreatedAt, key.RetiredAt);
    }

    private static async Task<Results<Ok<KeyList>, ProblemHttpResult>> ListAsync(string slug, KefuDbContext db, ReceiptKeys keys, CancellationToken cancellationToken)
    {
        var workspace = slug.Length > 64 ? null : await db.Workspaces.AsNoTracking().FirstOrDefaultAsync(w => w.Slug == slug, cancellationToken);
        if (workspace is null)
        {
            return Problems.NotFound("workspace");
        }

        return TypedResults.Ok(new KeyList(workspace.Slug, [.. (await keys.AllAsync(workspace.Id, cancellationToken)).Select(View)]));
    }

    private static async Task<Ok<KeyView>> RotateAsync(ClaimsPrincipal user, ReceiptKeys keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(View(await keys.RotateAsync(Caller.From(user).WorkspaceId, cancellationToken)));
}
