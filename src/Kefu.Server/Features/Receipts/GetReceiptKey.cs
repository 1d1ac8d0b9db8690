using Kefu.Persistence;
using Kefu.Server.Features.Verification;
using Kefu.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Receipts;

/// <summary>GET /api/v1/workspaces/{slug}/receipt-key: the public key anyone can check the workspace's receipts with, offline.</summary>
public static class GetReceiptKey
{
    public sealed record Answer(string Workspace, string KeyId, string Algorithm, string PublicKeyPem, Jwk Jwk, DateTimeOffset CreatedAt);

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/v1/workspaces/{slug}/receipt-key", HandleAsync)
            .AllowAnonymous()
            .RequireRateLimiting(VerifyAgent.RateLimitPolicy)
            .WithTags("Receipts")
            .WithName("GetReceiptKey")
            .WithSummary("The public key that verifies this workspace's contact receipts")
            .WithDescription("PEM (SubjectPublicKeyInfo) and JWK; keyId is the RFC 7638 thumbprint that receipts name.");

    private static async Task<Results<Ok<Answer>, ProblemHttpResult>> HandleAsync(string slug, KefuDbContext db, ReceiptKeys keys, CancellationToken cancellationToken)
    {
        var workspace = slug.Length > 64 ? null : await db.Workspaces.AsNoTracking().FirstOrDefaultAsync(w => w.Slug == slug, cancellationToken);
        if (workspace is null)
        {
            return Problems.NotFound("workspace");
        }

        var key = await keys.CurrentAsync(workspace.Id, cancellationToken);
        return TypedResults.Ok(new Answer(workspace.Slug, key.KeyId, ReceiptKeys.Algorithm, ReceiptKeys.Pem(key), ReceiptKeys.JwkOf(key), key.CreatedAt));
    }
}
