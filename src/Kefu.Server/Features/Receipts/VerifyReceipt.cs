using System.Globalization;
using System.Text.Json;
using Kefu.Persistence;
using Kefu.Server.Features.Verification;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Receipts;

/// <summary>
/// POST /api/v1/receipts/verify: anyone (a customer, 12315, a journalist) sends a receipt exactly as
/// downloaded and learns whether this server signed it unchanged, and whether the ticket's stored
/// timeline still matches what the receipt recorded.
/// </summary>
public static class VerifyReceipt
{
    public const long MaxReceiptBytes = 4 * 1024 * 1024;

    public static class TimelineStates
    {
        public const string Matches = "matches";
        public const string ChangedSinceIssue = "changedSinceIssue";
        public const string TicketNotFound = "ticketNotFound";
    }

    /// <param name="State">matches, changedSinceIssue or ticketNotFound.</param>
    public sealed record TimelineAnswer(string State, string? Detail, int EntriesAtIssue, int? EntriesNow);

    /// <param name="Valid">The receipt was signed by this server's workspace key and no byte of it changed.</param>
    public sealed record Answer(bool Valid, string? Reason, string? Workspace, long? TicketNumber, DateTimeOffset? IssuedAt, string? KeyId, TimelineAnswer? Timeline)
    {
        public static Answer Invalid(string reason) => new(false, reason, null, null, null, null, null);
    }

    public static void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost("/api/v1/receipts/verify", HandleAsync)
            .AllowAnonymous()
            .RequireRateLimiting(VerifyAgent.RateLimitPolicy)
            .WithBodyLimit(MaxReceiptBytes)
            .WithTags("Receipts")
            .WithName("VerifyReceipt")
            .WithSummary("Check a contact receipt exactly as downloaded")
            .WithDescription("Answers 200 with valid=false and a reason for a changed or foreign receipt; 400 only when the body is not JSON.")
            .Accepts<GetReceipt.ReceiptShape>("application/json")
            .Produces<Answer>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    private static async Task<IResult> HandleAsync(HttpRequest request, KefuDbContext db, CancellationToken cancellationToken)
    {
        var (raw, problem) = await JsonBody.ReadBytesAsync(request, MaxReceiptBytes);
        if (problem is not null)
        {
            return problem;
        }

        ReceiptEnvelope? envelope;
        string? notAReceipt;
        try
        {
            (envelope, notAReceipt) = ReceiptEnvelope.Read(raw);
        }
        catch (JsonException ex)
        {
            return JsonBody.Malformed(ex);
        }

        return TypedResults.Ok(envelope is null ? Answer.Invalid("not a Kefu receipt: " + notAReceipt) : await CheckAsync(db, envelope, cancellationToken));
    }

    private static async Task<Answer> CheckAsync(KefuDbContext db, ReceiptEnvelope envelope, CancellationToken cancellationToken)
    {
        if (envelope.Algorithm != ReceiptKeys.Algorithm)
        {
            return Answer.Invalid($"unsupported signature algorithm '{envelope.Algorithm}'");
        }

        var key = await db.SigningKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyId == envelope.KeyId, cancellationToken);
        if (key is null)
        {
            return Answer.Invalid("the receipt names a signing key this server does not have");
        }

        if (!ReceiptKeys.Verify(key, envelope.Document.Span, envelope.Signature))
        {
            return Answer.Invalid("the signature does not match the document: the receipt was changed after it was issued");
        }

        var workspace = await db.Workspaces.AsNoTracking().FirstAsync(w => w.Id == key.WorkspaceId, cancellationToken);
        using var document = JsonDocument.Parse(envelope.Document);
        var facts = ReadFacts(document.RootElement);
        if (facts is null || facts.KeyId != envelope.KeyId || facts.Workspace != workspace.Slug)
        {
            return Answer.Invalid("the signed document is not a receipt of this workspace's format");
        }

        var timeline = await CheckTimelineAsync(db, key.WorkspaceId, facts, cancellationToken);
        return new Answer(true, null, workspace.Slug, facts.TicketNumber, facts.IssuedAt, envelope.KeyId, timeline);
    }

    private sealed record SignedFacts(string KeyId, string Workspace, long TicketNumber, DateTimeOffset IssuedAt, int Entries, string? Head);

    private static SignedFacts? ReadFacts(JsonElement root)
    {
        try
        {
            if (root.GetProperty("type").GetString() != ReceiptDocument.Type || root.GetProperty("version").GetInt32() != ReceiptDocument.Version)
            {
                return null;
            }

            var timeline = root.GetProperty("timeline");
            return new SignedFacts(
                root.GetProperty("keyId").GetString()!,
                root.GetProperty("workspace").GetProperty("slug").GetString()!,
                root.GetProperty("ticket").GetProperty("number").GetInt64(),
                DateTimeOffset.Parse(root.GetProperty("issuedAt").GetString()!, CultureInfo.InvariantCulture),
                timeline.GetProperty("entries").GetInt32(),
                timeline.GetProperty("head").GetString());
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static async Task<TimelineAnswer> CheckTimelineAsync(KefuDbContext db, Guid workspaceId, SignedFacts facts, CancellationToken cancellationToken)
    {
        var ticket = await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.WorkspaceId == workspaceId && t.Number == facts.TicketNumber, cancellationToken);
        if (ticket is null)
        {
            return new TimelineAnswer(TimelineStates.TicketNotFound, "the ticket no longer exists on this server", facts.Entries, null);
        }

        var stored = await TimelineAudit.CheckAsync(db, ticket, cancellationToken);
        var now = stored.Entries.Count;
        if (stored.Check.Break is { } broken)
        {
            return new TimelineAnswer(TimelineStates.ChangedSinceIssue, "timeline changed since issue: " + broken.Reason, facts.Entries, now);
        }

        var headThen = facts.Entries == 0 ? null : facts.Entries <= now ? Convert.ToHexStringLower(stored.Entries[facts.Entries - 1].Hash) : "";
        if (headThen != facts.Head)
        {
            return new TimelineAnswer(TimelineStates.ChangedSinceIssue,
                $"timeline changed since issue: entry {facts.Entries} no longer has the hash the receipt recorded", facts.Entries, now);
        }

        return new TimelineAnswer(TimelineStates.Matches,
            now > facts.Entries ? $"{now - facts.Entries} entries were added after the receipt was issued" : null, facts.Entries, now);
    }
}
