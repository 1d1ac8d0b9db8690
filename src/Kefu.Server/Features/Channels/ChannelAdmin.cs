using System.Security.Claims;
using System.Security.Cryptography;
using Kefu.Domain.Channels;
using Kefu.Domain.Intake;
using Kefu.Persistence;
using Kefu.Server.Features.Auth;
using Kefu.Server.Http;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Server.Features.Channels;

/// <summary>Admins create webhook channels (the secret is shown once) and list them.</summary>
public static class ChannelAdmin
{
    public sealed record CreateRequest(string? Name, string? OutboundUrl);

    public sealed record ChannelView(Guid Id, string Key, string Name, string InboundUrl, string? OutboundUrl, DateTimeOffset CreatedAt);

    public sealed record CreatedChannel(Guid Id, string Key, string Name, string InboundUrl, string? OutboundUrl, DateTimeOffset CreatedAt, string Secret);

    public static void Map(IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/v1/admin/channels").WithTags("Admin: channels").RequireAuthorization(KefuPolicies.Admin);
        admin.MapGet("/", ListAsync).WithName("ListChannels").WithSummary("The workspace's webhook channels (secrets are never shown again)");
        admin.MapPost("/", CreateAsync).WithName("CreateChannel").WithSummary("Create a webhook channel; the answer carries its secret, once")
            .Accepts<CreateRequest>("application/json")
            .Produces<CreatedChannel>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, KefuDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var channels = await db.InboundChannels.AsNoTracking().Where(c => c.WorkspaceId == caller.WorkspaceId)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Key).ToListAsync(cancellationToken);
        return TypedResults.Ok(channels.Select(c => new ChannelView(c.Id, c.Key, c.Name, InboundUrl(c.Key), c.OutboundUrl, c.CreatedAt)).ToList());
    }

    private static async Task<IResult> CreateAsync(
        HttpRequest httpRequest, ClaimsPrincipal user, KefuDbContext db, ChannelSecrets secrets, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(user);
        var body = await JsonBody.ReadAsync<CreateRequest>(httpRequest);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var errors = new FieldErrors();
        var name = errors.Required("name", body.Value!.Name, InboundChannel.MaxName);
        var outbound = errors.Optional("outboundUrl", body.Value.OutboundUrl, 500);
        if (outbound is not null && !(Uri.TryCreate(outbound, UriKind.Absolute, out var uri) && uri.Scheme == "https"))
        {
            errors.Add("outboundUrl", "must be an absolute https URL");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var now = time.GetUtcNow();
        var secret = ChannelSecrets.NewSecret("kfc_");
        var channel = new InboundChannel
        {
            Id = Guid.CreateVersion7(now), WorkspaceId = caller.WorkspaceId, Key = "ch_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            Name = name!, ProtectedSecret = secrets.Protect(secret), OutboundUrl = outbound, CreatedAt = now,
        };
        db.InboundChannels.Add(channel);
        await db.SaveChangesAsync(cancellationToken);
        var created = new CreatedChannel(channel.Id, channel.Key, channel.Name, InboundUrl(channel.Key), channel.OutboundUrl, now, secret);
        return TypedResults.Created(created.InboundUrl, created);
    }

    public static string InboundUrl(string key) => $"/api/v1/channels/{key}/inbound";
}

public static class ChannelsEndpoints
{
    public static IServiceCollection AddKefuChannels(this IServiceCollection services)
    {
        services.AddSingleton<ChannelSecrets>();
        services.AddSingleton<ReplayGuard>();
        services.AddSingleton<ChannelIngest>();
        return services;
    }

    public static IEndpointRouteBuilder MapKefuChannels(this IEndpointRouteBuilder routes)
    {
        InboundWebhook.Map(routes);
        ChannelAdmin.Map(routes);
        return routes;
    }
}
