using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kefu.Server.Tests.WeChat;

/// <summary>
/// A local stand-in for the documented WeChat server API on a loopback port: /cgi-bin/token issues numbered tokens,
/// /cgi-bin/media/get serves the images it was given, /cgi-bin/message/custom/send records what was sent. A token
/// can be revoked to make the next call answer errcode 40001, as WeChat does.
/// </summary>
public sealed class WeChatStandIn : IAsyncDisposable
{
    public const string AppId = "wx2c2769f8efd9abc2";
    public const string AppSecret = "standin-secret";

    private readonly WebApplication _app;
    private int _issued;

    private WeChatStandIn(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public ConcurrentDictionary<string, byte[]> Media { get; } = new();
    public ConcurrentQueue<(string Token, JsonElement Body)> Sent { get; } = new();
    public ConcurrentQueue<string> Requests { get; } = new();
    public int TokensIssued => _issued;
    public string? CurrentToken { get; private set; }

    /// <summary>Makes WeChat forget the current token, so the next call with it answers 40001.</summary>
    public void RevokeToken() => CurrentToken = null;

    public static async Task<WeChatStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new WeChatStandIn(app);
        app.Use(async (context, next) =>
        {
            standIn.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            await next(context);
        });
        app.MapGet("/cgi-bin/token", (HttpRequest request) =>
        {
            if (request.Query["grant_type"] != "client_credential" || request.Query["appid"] != AppId || request.Query["secret"] != AppSecret)
            {
                return Results.Json(new { errcode = 40125, errmsg = "invalid appsecret" });
            }

            standIn.CurrentToken = "token-" + Interlocked.Increment(ref standIn._issued);
            return Results.Json(new { access_token = standIn.CurrentToken, expires_in = 7200 });
        });
        app.MapGet("/cgi-bin/media/get", (HttpRequest request) =>
        {
            if (!standIn.TokenIsValid(request))
            {
                return Results.Json(new { errcode = 40001, errmsg = "invalid credential" });
            }

            return standIn.Media.TryGetValue(request.Query["media_id"].ToString(), out var bytes)
                ? Results.Bytes(bytes, "image/jpeg")
                : Results.Json(new { errcode = 40007, errmsg = "invalid media_id" });
        });
        app.MapPost("/cgi-bin/message/custom/send", async (HttpRequest request) =>
        {
            if (!standIn.TokenIsValid(request))
            {
                return Results.Json(new { errcode = 40001, errmsg = "invalid credential" });
            }

            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            standIn.Sent.Enqueue((request.Query["access_token"].ToString(), body));
            return Results.Json(new { errcode = 0, errmsg = "ok" });
        });
        await app.StartAsync();
        standIn.BaseUrl = app.Urls.First();
        return standIn;
    }

    private bool TokenIsValid(HttpRequest request) => CurrentToken is not null && request.Query["access_token"] == CurrentToken;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
