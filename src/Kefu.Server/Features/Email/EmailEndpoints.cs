using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Kefu.Domain.Email;
using Kefu.Domain.Intake;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Kefu.Server.Features.Email;

/// <summary>The email channel's HTTP surface: mailbox settings for admins, and the inbound-MIME webhook for mail gateways.</summary>
public static class EmailEndpoints
{
    public const string InboundPath = "/api/v1/channels/email/inbound";
    public const string SecretHeader = "X-Kefu-Channel-Secret";
    public const string SecretPrefix = "kfe_";

    /// <summary>The largest raw mail the webhook reads: ten attachments at the limit would not fit, and need not.</summary>
    public const long MaxInboundBytes = 30 * 1024 * 1024;

    public sealed record ChannelBody(
        string? FromAddress, string? FromName, bool? Enabled,
        string? ImapHost, int? ImapPort, MailSecurity? ImapSecurity, string? ImapUser, string? ImapPassword,
        string? SmtpHost, int? SmtpPort, MailSecurity? SmtpSecurity, string? SmtpUser, string? SmtpPassword);

    public sealed record ServerView(string Host, int Port, MailSecurity Security, string? User, bool HasPassword);

    public sealed record ChannelView(
        Guid Id, string FromAddress, string? FromName, bool Enabled, ServerView? Imap, ServerView? Smtp,
        DateTimeOffset? LastPolledAt, string? LastPollError, string InboundUrl);

    /// <summary>The webhook secret is shown once, when it is made.</summary>
    public sealed record ChannelWithSecret(ChannelView Channel, string InboundSecret);

    public sealed record InboundView(string Outcome, long? TicketNumber, string Detail);

    public static IEndpointRouteBuilder MapKefuEmail(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/v1/admin/channels/email").WithTags("Admin: email").RequireAuthorization(KefuPolicies.Admin);
        admin.MapGet("/", ListAsync).WithName("ListEmailChannels").WithSummary("The workspace's support mailboxes (passwords are never shown)");
        admin.MapPost("/", CreateAsync).WithName("CreateEmailChannel").WithSummary("Add a support mailbox; the answer shows its inbound webhook secret once")
            .Accepts<ChannelBody>("application/json").Produces<ChannelWithSecret>(StatusCodes.Status201Created).ProducesValidationProblem();
        admin.MapGet("/{id:guid}", GetAsync).WithName("GetEmailChannel").WithSummary("A support mailbox (passwords are never shown)");
        admin.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateEmailChannel")
            .WithSummary("Change a support mailbox; a password left out stays as it was, an empty one is removed")
            .Accepts<ChannelBody>("application/json").Produces<ChannelView>().ProducesValidationProblem();
        admin.MapPost("/{id:guid}/inbound-secret", RotateSecretAsync).WithName("RotateEmailInboundSecret")
            .WithSummary("Replace the inbound webhook secret; the old one stops working at once").Produces<ChannelWithSecret>();

        routes.MapPost(InboundPath, InboundAsync)
            .AllowAnonymous()
            .WithBodyLimit(MaxInboundBytes)
            .WithTags("Channels: email")
            .WithName("EmailInbound")
            .WithSummary("Receive one raw mail (message/rfc822) from a mail gateway")
            .WithDescription($"Authenticate with the workspace's integration key (Bearer) or the mailbox's inbound secret ({SecretHeader} header, or as the password of HTTP Basic auth). A retried mail is stored once.")
            .Accepts<string>("message/rfc822")
            .Produces<InboundView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return routes;
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, KefuDbContext db, HttpRequest request, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var channels = await db.EmailChannels.AsNoTracking().Where(c => c.WorkspaceId == caller.WorkspaceId).OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(channels.Select(c => ToView(c, request)).ToList());
    }

    private static async Task<IResult> GetAsync(Guid id, ClaimsPrincipal user, KefuDbContext db, HttpRequest request, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var channel = await db.EmailChannels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.WorkspaceId == caller.WorkspaceId, cancellationToken);
        return channel is null ? Problems.NotFound("email channel") : TypedResults.Ok(ToView(channel, request));
    }

    private static async Task<IResult> CreateAsync(
        HttpRequest request, ClaimsPrincipal user, KefuDbContext db, EmailSecrets secrets, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<ChannelBody>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var now = time.GetUtcNow();
        var secret = Secrets.NewSecret(SecretPrefix);
        var channel = new EmailChannel
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = caller.WorkspaceId, FromAddress = "", InboundSecretHash = Secrets.Hash(secret), CreatedAt = now, UpdatedAt = now,
        };
        if (Apply(channel, body.Value!, secrets) is { } problem)
        {
            return problem;
        }

        if (await db.EmailChannels.AnyAsync(c => c.WorkspaceId == caller.WorkspaceId && c.FromAddress == channel.FromAddress, cancellationToken))
        {
            return Problems.Conflict("The workspace already has a mailbox with this address.");
        }

        db.EmailChannels.Add(channel);
        await db.SaveChangesAsync(cancellationToken);
        var view = ToView(channel, request);
        return TypedResults.Created($"/api/v1/admin/channels/email/{channel.Id}", new ChannelWithSecret(view, secret));
    }

    private static async Task<IResult> UpdateAsync(
        Guid id, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, EmailSecrets secrets, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var channel = await db.EmailChannels.FirstOrDefaultAsync(c => c.Id == id && c.WorkspaceId == caller.WorkspaceId, cancellationToken);
        if (channel is null)
        {
            return Problems.NotFound("email channel");
        }

        var body = await JsonBody.ReadAsync<ChannelBody>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (Apply(channel, body.Value!, secrets) is { } problem)
        {
            return problem;
        }

        if (await db.EmailChannels.AnyAsync(c => c.WorkspaceId == caller.WorkspaceId && c.Id != id && c.FromAddress == channel.FromAddress, cancellationToken))
        {
            return Problems.Conflict("The workspace already has a mailbox with this address.");
        }

        channel.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToView(channel, request));
    }

    private static async Task<IResult> RotateSecretAsync(Guid id, HttpRequest request, ClaimsPrincipal user, KefuDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var channel = await db.EmailChannels.FirstOrDefaultAsync(c => c.Id == id && c.WorkspaceId == caller.WorkspaceId, cancellationToken);
        if (channel is null)
        {
            return Problems.NotFound("email channel");
        }

        var secret = Secrets.NewSecret(SecretPrefix);
        channel.InboundSecretHash = Secrets.Hash(secret);
        channel.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new ChannelWithSecret(ToView(channel, request), secret));
    }

    /// <summary>Checks the whole body and, only if all of it is good, copies it onto the channel.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem? Apply(EmailChannel channel, ChannelBody body, EmailSecrets secrets)
    {
        var errors = new FieldErrors();
        var from = errors.Required("fromAddress", body.FromAddress, EmailChannel.MaxAddress)?.Trim().ToLowerInvariant();
        if (from is not null && !ContactRules.IsEmail(from))
        {
            errors.Add("fromAddress", "is not an email address");
        }

        var fromName = errors.Optional("fromName", body.FromName, EmailChannel.MaxName);
        var imapHost = errors.Optional("imapHost", body.ImapHost, EmailChannel.MaxHost);
        var imapUser = errors.Optional("imapUser", body.ImapUser, EmailChannel.MaxUser);
        var smtpHost = errors.Optional("smtpHost", body.SmtpHost, EmailChannel.MaxHost);
        var smtpUser = errors.Optional("smtpUser", body.SmtpUser, EmailChannel.MaxUser);
        foreach (var (field, host) in new[] { ("imapHost", imapHost), ("smtpHost", smtpHost) })
        {
            if (host is not null && Uri.CheckHostName(host) == UriHostNameType.Unknown)
            {
                errors.Add(field, "is not a host name or address");
            }
        }

        foreach (var (field, port) in new[] { ("imapPort", body.ImapPort), ("smtpPort", body.SmtpPort) })
        {
            if (port is < 1 or > 65535)
            {
                errors.Add(field, "must be 1 to 65535");
            }
        }

        if (imapHost is not null && imapUser is null)
        {
            errors.Add("imapUser", "is required with imapHost");
        }

        foreach (var (field, password) in new[] { ("imapPassword", body.ImapPassword), ("smtpPassword", body.SmtpPassword) })
        {
            if (password is { Length: > 500 })
            {
                errors.Add(field, "must be at most 500 characters");
            }
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        channel.FromAddress = from!;
        channel.FromName = fromName;
        channel.Enabled = body.Enabled ?? true;
        channel.ImapHost = imapHost;
        channel.ImapPort = body.ImapPort ?? 993;
        channel.ImapSecurity = body.ImapSecurity ?? MailSecurity.Tls;
        channel.ImapUser = imapUser;
        channel.SmtpHost = smtpHost;
        channel.SmtpPort = body.SmtpPort ?? 465;
        channel.SmtpSecurity = body.SmtpSecurity ?? MailSecurity.Tls;
        channel.SmtpUser = smtpUser;
        if (body.ImapPassword is not null)
        {
            channel.ImapPasswordProtected = body.ImapPassword.Length == 0 ? null : secrets.Protect(body.ImapPassword);
        }

        if (body.SmtpPassword is not null)
        {
            channel.SmtpPasswordProtected = body.SmtpPassword.Length == 0 ? null : secrets.Protect(body.SmtpPassword);
        }

        return null;
    }

    private static ChannelView ToView(EmailChannel channel, HttpRequest request) => new(
        channel.Id, channel.FromAddress, channel.FromName, channel.Enabled,
        channel.ImapHost is null ? null : new ServerView(channel.ImapHost, channel.ImapPort, channel.ImapSecurity, channel.ImapUser, channel.ImapPasswordProtected is not null),
        channel.SmtpHost is null ? null : new ServerView(channel.SmtpHost, channel.SmtpPort, channel.SmtpSecurity, channel.SmtpUser, channel.SmtpPasswordProtected is not null),
        channel.LastPolledAt, channel.LastPollError,
        $"{request.Scheme}://{request.Host}{InboundPath}");

    private static async Task<IResult> InboundAsync(
        HttpRequest request, ClaimsPrincipal user, KefuDbContext db, EmailIntake intake, CancellationToken cancellationToken)
    {
        var channel = await AuthenticateAsync(request, user, db, cancellationToken);
        if (channel is null)
        {
            return Problems.Status(StatusCodes.Status401Unauthorized, "Unauthorized",
                $"Send the integration key as a Bearer token, or the mailbox's inbound secret in {SecretHeader} or as the HTTP Basic password.");
        }

        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "message/rfc822", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send the raw mail as message/rfc822.");
        }

        using var raw = new MemoryStream();
        await request.Body.CopyToAsync(raw, cancellationToken);
        raw.Position = 0;
        MimeMessage mail;
        try
        {
            mail = await MimeMessage.LoadAsync(raw, cancellationToken);
        }
        catch (FormatException)
        {
            return Problems.Validation(new() { ["$"] = ["is not a well-formed MIME message"] });
        }

        if (mail.Headers.Count == 0 || mail.From.Mailboxes.FirstOrDefault() is null)
        {
            return Problems.Validation(new() { ["$"] = ["is not a mail: it has no From header"] });
        }

        var outcome = await intake.ProcessInboundAsync(channel, mail, cancellationToken);
        var view = new InboundView(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(outcome.Kind.ToString()), outcome.TicketNumber, outcome.Detail);
        return outcome.Kind == InboundKind.Rejected
            ? Problems.Status(StatusCodes.Status422UnprocessableEntity, "Mail refused", outcome.Detail)
            : TypedResults.Ok(view);
    }

    /// <summary>
    /// The mailbox a webhook call is for: named by its inbound secret, or, with the integration key, the workspace's mailbox
    /// the mail was addressed to (its only one when the address does not tell).
    /// </summary>
    private static async Task<EmailChannel?> AuthenticateAsync(HttpRequest request, ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        if (user.FindFirstValue(KefuClaims.Kind) == KefuClaims.IntegrationKind)
        {
            var workspaceId = Caller.From(user).WorkspaceId;
            var channels = await db.EmailChannels.AsNoTracking().Where(c => c.WorkspaceId == workspaceId && c.Enabled).OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
            var to = request.Query["to"].ToString().Trim().ToLowerInvariant();
            return channels.Find(c => c.FromAddress == to) ?? (channels.Count == 1 ? channels[0] : null);
        }

        var secret = SecretFrom(request);
        if (secret is null || secret.Length > 200)
        {
            return null;
        }

        var hash = Secrets.Hash(secret);
        var channel = await db.EmailChannels.AsNoTracking().FirstOrDefaultAsync(c => c.InboundSecretHash == hash && c.Enabled, cancellationToken);

        // The lookup is by hash; comparing again in constant time keeps the answer's timing from depending on the secret.
        return channel is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(channel.InboundSecretHash), Encoding.ASCII.GetBytes(hash))
            ? channel
            : null;
    }

    private static string? SecretFrom(HttpRequest request)
    {
        if (request.Headers[SecretHeader].ToString() is { Length: > 0 } header)
        {
            return header.Trim();
        }

        string? authorization = request.Headers.Authorization;
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
