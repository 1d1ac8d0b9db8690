using System.Security.Claims;
using System.Security.Cryptography;
using Kefu.Domain.Tickets;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Tickets;
using Kefu.Server.Http;
using Kefu.Server.Storage;
using Kefu.Persistence;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Attachments;

/// <summary>Upload evidence to a ticket and read it back, only for those who may read the ticket.</summary>
public static class AttachmentEndpoints
{
    private const int SniffBytes = 512;

    /// <summary>The largest file plus room for the multipart framing around it.</summary>
    public const long MaxUploadBody = Attachment.MaxBytes + 64 * 1024;

    public static void Map(RouteGroupBuilder tickets)
    {
        tickets.MapPost("/{number:long}/attachments", UploadAsync)
            .RequireAuthorization(KefuPolicies.TicketParty)
            .DisableAntiforgery()
            .WithBodyLimit(MaxUploadBody)
            .WithName("UploadAttachment")
            .WithSummary("Upload a file (multipart field 'file'); send its id with the next message")
            .WithDescription("Images (PNG, JPEG, GIF, WebP), PDF and plain text up to 10 MiB. The type is detected from the content.")
            .Produces<AttachmentView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        tickets.MapGet("/{number:long}/attachments/{id:guid}", DownloadAsync)
            .RequireAuthorization(KefuPolicies.TicketParty)
            .WithName("DownloadAttachment")
            .WithSummary("Download an attachment of a ticket");
    }

    private static async Task<IResult> UploadAsync(
        long number, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, IBlobStore blobs, GroupCommitter writer, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var onBehalfOf = TicketAccess.OnBehalfOf(request);
        var ticket = await TicketAccess.Visible(db, caller, onBehalfOf).AsNoTracking().FirstOrDefaultAsync(t => t.Number == number, cancellationToken);
        if (ticket is null)
        {
            return Problems.NotFound("ticket");
        }

        if (request.ContentLength > MaxUploadBody)
        {
            return TooLarge();
        }

        if (!request.HasFormContentType)
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Upload as multipart/form-data with a 'file' field.");
        }

        IFormFile? file;
        try
        {
            // The whole body is already capped (RequestGuards); a part as large as that cap is still
            // read so that its size, checked below, gets the 413 it deserves rather than a 400.
            var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MaxUploadBody }, cancellationToken);
            file = form.Files.GetFile("file");
        }
        catch (Exception ex) when (ex is InvalidDataException || (ex is IOException and not BadHttpRequestException && !cancellationToken.IsCancellationRequested))
        {
            return Problems.Validation(new() { ["$"] = ["is not a well-formed multipart/form-data body"] });
        }

        if (file is null || file.Length == 0)
        {
            return Problems.Validation(new() { ["file"] = ["is required and must not be empty"] });
        }

        if (file.Length > Attachment.MaxBytes)
        {
            return TooLarge();
        }

        var fileName = SafeFileName(file.FileName);
        string? contentType;
        await using (var head = file.OpenReadStream())
        {
            var buffer = new byte[SniffBytes];
            var read = await head.ReadAtLeastAsync(buffer, SniffBytes, throwOnEndOfStream: false, cancellationToken);
            contentType = ContentSniffer.Detect(buffer.AsSpan(0, read));
        }

        if (contentType is null)
        {
            return Problems.Validation(new() { ["file"] = ["must be a PNG, JPEG, GIF or WebP image, a PDF or plain text"] });
        }

        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var key = $"{caller.WorkspaceId:N}/{now:yyyy}/{now:MM}/{id:N}";
        string sha256;
        await using (var content = file.OpenReadStream())
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
        }

        await using (var content = file.OpenReadStream())
        {
            await blobs.SaveAsync(key, content, cancellationToken);
        }

        var attachment = new Attachment
        {
            Id = id, WorkspaceId = caller.WorkspaceId, TicketId = ticket.Id, FileName = fileName, ContentType = contentType,
            Size = file.Length, Sha256 = sha256, StorageKey = key, CreatedAt = now,
        };
        await writer.ExecuteAsync(scope =>
        {
            scope.Db.Attachments.Add(attachment);
            return Task.FromResult(true);
        }, cancellationToken);
        var view = TicketViews.ToView(number, attachment);
        return TypedResults.Created(view.Url, view);
    }

    private static async Task<IResult> DownloadAsync(
        long number, Guid id, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, IBlobStore blobs, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var visible = TicketAccess.Visible(db, caller, TicketAccess.OnBehalfOf(request)).Where(t => t.Number == number).Select(t => t.Id);
        var attachment = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && visible.Contains(a.TicketId), cancellationToken);
        if (attachment is null)
        {
            return Problems.NotFound("attachment");
        }

        if (!caller.IsAgent && attachment.MessageId is { } messageId
            && await db.Messages.AnyAsync(m => m.Id == messageId && m.Visibility == MessageVisibility.Internal, cancellationToken))
        {
            return Problems.NotFound("attachment");
        }

        var content = await blobs.OpenAsync(attachment.StorageKey, cancellationToken);
        if (content is null)
        {
            return Problems.Status(StatusCodes.Status410Gone, "Attachment content missing", "The file's bytes are no longer in storage.");
        }

        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        request.HttpContext.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.File(content, attachment.ContentType, attachment.FileName, enableRangeProcessing: true);
    }

    private static ProblemHttpResult TooLarge() =>
        Problems.Status(StatusCodes.Status413PayloadTooLarge, "File too large", $"Attachments may be at most {Attachment.MaxBytes / (1024 * 1024)} MiB.");

    /// <summary>A file name safe to store and to send back in Content-Disposition, whatever the client called the file.</summary>
    internal static string SafeFileName(string? name)
    {
        var baseName = Path.GetFileName(name ?? "");
        var cleaned = new string([.. baseName.Where(c => !char.IsControl(c) && c is not ('"' or '\\' or '/'))]).Trim();

        // "." and ".." name directories wherever the name is later used as a path.
        if (cleaned.Trim('.').Length == 0)
        {
            cleaned = "file";
        }

        return cleaned.Length > 200 ? cleaned[^200..] : cleaned;
    }
}
