using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Kefu.Server.Features.Auth;
using Kefu.Server.Features.Customers;
using Kefu.Server.Hosting;
using Kefu.Server.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.FileProviders;
using Microsoft.AspNetCore.StaticFiles;

namespace Kefu.Server.Features.Chat;

/// <summary>Live chat: customer sessions, the customer API, the hub, the post-commit publisher and the widget's files.</summary>
public static class ChatFeature
{
    public static IServiceCollection AddKefuChat(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CustomerTokens>();
        services.AddSingleton<ChatWidgets>();
        services.AddSingleton<TicketEvents>();
        services.AddSingleton<ICommitObserver>(sp => sp.GetRequiredService<TicketEvents>());
        services.AddHostedService(sp => sp.GetRequiredService<TicketEvents>());
        services.AddAuthorizationBuilder().AddPolicy(ChatHub.Policy, p => p.RequireClaim(KefuClaims.Kind, KefuClaims.AgentKind, KefuClaims.CustomerKind));

        var signalR = services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = 64 * 1024;
            o.EnableDetailedErrors = configuration.GetValue<bool>("Chat:DetailedErrors");
        }).AddJsonProtocol(o =>
        {
            // The hub speaks the REST API's JSON: camelCase names, enums as camelCase text, customer text escaped.
            var json = o.PayloadSerializerOptions;
            json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            json.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        });

        // Several nodes share connections' groups through Redis; one node needs nothing.
        if (configuration["Redis:Connection"] is { Length: > 0 } redis)
        {
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("kefu"));
        }

        // Many visitors behind one office or carrier NAT share an address, so the default is generous; load tests raise it.
        var sessionsPerMinute = configuration.GetValue("Chat:SessionsPerMinutePerAddress", 120);
        services.AddRateLimiter(o => o.AddPolicy(WidgetSessions.RateLimitPolicy, ctx => KefuHost.PerAddress(ctx, sessionsPerMinute)));
        return services;
    }

    public static IEndpointRouteBuilder MapKefuChat(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        CustomerChatEndpoints.Map(routes);
        WidgetAdmin.Map(routes);
        routes.MapHub<ChatHub>(ChatHub.Path);

        var files = routes.ServiceProvider.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider;
        MapFile(routes, files, "/widget.js", "widget/widget.js");
        MapFile(routes, files, "/widget/locales/{lang}.json", null);
        MapFile(routes, files, "/widget/lib/signalr.min.js", "widget/lib/signalr/signalr.min.js");
        MapFile(routes, files, "/demo/widget", "widget/demo.html");
        return routes;
    }

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>Serves one of the widget's files, cached briefly, and refused as a frame (the page it sits in is the host's).</summary>
    private static void MapFile(IEndpointRouteBuilder routes, IFileProvider files, string pattern, string? path) =>
        routes.MapGet(pattern, (HttpContext context, string? lang) =>
        {
            var file = files.GetFileInfo(path ?? $"widget/locales/{(lang is "zh-CN" or "en" ? lang : "none")}.json");
            if (!file.Exists)
            {
                return Results.NotFound();
            }

            ContentTypes.TryGetContentType(file.Name, out var type);
            context.Response.Headers.CacheControl = "public, max-age=300";

            // The widget's script is loaded by other sites' pages; the demo page loads our own script only.
            context.Response.Headers["Cross-Origin-Resource-Policy"] = "cross-origin";
            if (file.Name.EndsWith(".html", StringComparison.Ordinal))
            {
                context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:";
            }

            return Results.Stream(file.CreateReadStream(), (type ?? "application/octet-stream") + (type is { } t && t.StartsWith("text/", StringComparison.Ordinal) || file.Name.EndsWith(".js", StringComparison.Ordinal) || file.Name.EndsWith(".json", StringComparison.Ordinal) ? "; charset=utf-8" : ""));
        }).AllowAnonymous().ExcludeFromDescription();
}
