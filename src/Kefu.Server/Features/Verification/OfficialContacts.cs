using System.Security.Claims;
using System.Security.Cryptography;
using Kefu.Domain.Intake;
using Kefu.Domain.Tickets;
using Kefu.Domain.Workspaces;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Verification;

/// <summary>The short codes shown with every agent reply: random, unambiguous when read aloud or typed from a screenshot.</summary>
public static class MessageCodes
{
    public const int Length = 8;

    /// <summary>Crockford's base 32 without I, L, O and U: nothing to confuse with 1, 0 or V.</summary>
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>The code as typed by a person: case, spaces and dashes ignored, look-alike letters read as digits.</summary>
    public static string? Normalise(string? text)
    {
        if (text is null || text.Length > 32)
        {
            return null;
        }

        var code = new string([.. text.ToUpperInvariant().Where(c => c is not (' ' or '-')).Select(c => c switch { 'O' => '0', 'I' or 'L' => '1', _ => c })]);
        return code.Length == Length && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? code : null;
    }
}

/// <summary>
/// The rest of the public check against fake customer service: is this phone number, mailbox, WeChat/QQ account or web
/// address one of the workspace's official channels, and was this message code on a reply from an official agent?
/// </summary>
public static class OfficialContacts
{
    public sealed record ChannelBody(OfficialChannelKind? Kind, string? Value, string? Label);

    public sealed record ChannelsBody(IReadOnlyList<ChannelBody>? Channels);

    public sealed record ChannelView(OfficialChannelKind Kind, string Value, string? Label);

    public sealed record ChannelAnswer(bool Official, OfficialChannelKind Kind, string Value, string? Label, string Workspace);

    public sealed record MessageAnswer(bool Official, string Code, string? AgentNumber, bool? AgentActive, DateOnly? SentOn, string Workspace);

    public const int MaxChannels = 100;

    public static void Map(IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var verify = routes.MapGroup("/api/v1/verify").WithTags("Verification").AllowAnonymous().RequireRateLimiting(VerifyAgent.RateLimitPolicy);
        verify.MapGet("/channels", VerifyChannelAsync).WithName("VerifyChannel")
            .WithSummary("Check whether a phone number, email, WeChat/QQ id or web address is an official channel of a workspace")
            .WithDescription("?kind=phone|email|weChat|qq|web&value=...&workspace=<slug>. An unknown handle answers 200 with official=false.");
        verify.MapGet("/messages/{code}", VerifyMessageAsync).WithName("VerifyMessageCode")
            .WithSummary("Check the code shown with a reply: was it sent by an official agent of the workspace?")
            .WithDescription("Answers the agent's 工号 and the day it was sent, never the message itself.");

        var admin = routes.MapGroup("/api/v1/admin/official-channels").WithTags("Admin: official channels").RequireAuthorization(KefuPolicies.Admin);
        admin.MapGet("/", ListAsync).WithName("ListOfficialChannels").WithSummary("The workspace's official channels");
        admin.MapPut("/", ReplaceAsync).WithName("PutOfficialChannels").WithSummary("Replace the list of official channels")
            .Accepts<ChannelsBody>("application/json").ProducesValidationProblem();
    }

    private static async Task<Workspace?> WorkspaceAsync(KefuDbContext db, string? slug, CancellationToken cancellationToken)
    {
        var found = slug is null
            ? await db.Workspaces.AsNoTracking().OrderBy(w => w.Slug).Take(2).ToListAsync(cancellationToken)
            : await db.Workspaces.AsNoTracking().Where(w => w.Slug == slug).ToListAsync(cancellationToken);
        return found.Count == 1 ? found[0] : null;
    }

    private static async Task<IResult> VerifyChannelAsync(string? kind, string? value, string? workspace, KefuDbContext db, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<OfficialChannelKind>(kind, ignoreCase: true, out var parsed) || int.TryParse(kind, out _))
        {
            return Problems.Validation(new() { ["kind"] = ["must be one of: phone, email, weChat, qq, web"] });
        }

        if (OfficialChannel.Normalise(parsed, value) is not { } normalised)
        {
            return Problems.Validation(new() { ["value"] = [$"is not a {kind} handle"] });
        }

        if (await WorkspaceAsync(db, workspace, cancellationToken) is not { } home)
        {
            return Problems.NotFound("workspace");
        }

        var channel = await db.OfficialChannels.AsNoTracking()
            .FirstOrDefaultAsync(c => c.WorkspaceId == home.Id && c.Kind == parsed && c.Value == normalised, cancellationToken);
        return TypedResults.Ok(new ChannelAnswer(channel is not null, parsed, normalised, channel?.Label, home.Name));
    }

    private static async Task<IResult> VerifyMessageAsync(string code, string? workspace, KefuDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (MessageCodes.Normalise(code) is not { } normalised)
        {
            return Problems.Validation(new() { ["code"] = [$"is {MessageCodes.Length} letters and digits, as shown under the reply"] });
        }

        if (await WorkspaceAsync(db, workspace, cancellationToken) is not { } home)
        {
            return Problems.NotFound("workspace");
        }

        var message = await db.Messages.AsNoTracking()
            .Where(m => m.WorkspaceId == home.Id && m.VerificationCode == normalised && m.Visibility == MessageVisibility.Public && m.AuthorKind == AuthorKind.Agent)
            .Select(m => new { m.AuthorAgentNumber, m.AuthorAgentId, m.CreatedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (message is null)
        {
            return TypedResults.Ok(new MessageAnswer(false, normalised, null, null, null, home.Name));
        }

        var active = await db.Agents.AsNoTracking().Where(a => a.Id == message.AuthorAgentId).Select(a => (bool?)a.IsActive).FirstOrDefaultAsync(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(home.TimeZone);
        var sentOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(message.CreatedAt, zone).DateTime);
        return TypedResults.Ok(new MessageAnswer(true, normalised, message.AuthorAgentNumber, active ?? false, sentOn, home.Name));
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var channels = await db.OfficialChannels.AsNoTracking().Where(c => c.WorkspaceId == caller.WorkspaceId)
            .OrderBy(c => c.Kind).ThenBy(c => c.Value).Select(c => new ChannelView(c.Kind, c.Value, c.Label)).ToListAsync(cancellationToken);
        return TypedResults.Ok(channels);
    }

    private static async Task<IResult> ReplaceAsync(HttpRequest request, ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<ChannelsBody>(request);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var channels = body.Value!.Channels ?? [];
        var errors = new FieldErrors();
        if (channels.Count > MaxChannels)
        {
            errors.Add("channels", $"at most {MaxChannels} channels");
        }

        var rows = new Dictionary<(OfficialChannelKind, string), OfficialChannel>();
        for (var i = 0; i < channels.Count && i < MaxChannels; i++)
        {
            var channel = channels[i];
            if (channel?.Kind is not { } kind || !Enum.IsDefined(kind))
            {
                errors.Add($"channels[{i}].kind", "must be one of: phone, email, weChat, qq, web");
                continue;
            }

            var label = errors.Optional($"channels[{i}].label", channel.Label, 100);
            if (OfficialChannel.Normalise(kind, channel.Value) is not { } value)
            {
                errors.Add($"channels[{i}].value", $"is not a {JsonNamingPolicyName(kind)} handle");
                continue;
            }

            rows[(kind, value)] = new OfficialChannel { Id = Guid.CreateVersion7(), WorkspaceId = caller.WorkspaceId, Kind = kind, Value = value, Label = label };
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.OfficialChannels.Where(c => c.WorkspaceId == caller.WorkspaceId).ExecuteDeleteAsync(cancellationToken);
        db.OfficialChannels.AddRange(rows.Values);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static string JsonNamingPolicyName(OfficialChannelKind kind) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());
}
