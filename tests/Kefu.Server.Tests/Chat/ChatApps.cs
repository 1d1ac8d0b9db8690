using System.Collections.Concurrent;
using System.Text.Json;
using Kefu.Domain.Chat;
using Kefu.Persistence;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kefu.Server.Tests.Chat;

/// <summary>One server per provider served over real sockets, so SignalR clients connect as browsers and apps do.</summary>
public sealed class ChatApps : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Provider, Lazy<Task<KefuApp>>> _apps = new();

    public Task<KefuApp> GetAsync(Provider provider) =>
        _apps.GetOrAdd(provider, p => new Lazy<Task<KefuApp>>(() => KefuApp.StartAsync(p, overSockets: true, new Dictionary<string, string> { ["Chat:DetailedErrors"] = "true" }))).Value;

    public async Task<TestWorkspace> WorkspaceAsync(Provider provider) => await (await GetAsync(provider)).CreateWorkspaceAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps.Values.Where(a => a.IsValueCreated && a.Value.IsCompletedSuccessfully))
        {
            await (await app.Value).DisposeAsync();
        }
    }
}

/// <summary>A customer's widget session: its token, and clients that carry it.</summary>
public sealed record CustomerSession(TestWorkspace Workspace, string Token, string? VisitorId)
{
    public HttpClient Client()
    {
        var client = Workspace.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        return client;
    }

    public async Task<HubConnection> ConnectAsync()
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(Workspace.App.ClientOptions.BaseAddress, "/hubs/chat"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(Token))
            .Build();
        await hub.StartAsync();
        return hub;
    }

    public async Task<long> OpenTicketAsync(string description = "订单FS20261118-0032的车厘子烂了一半，想退款")
    {
        using var client = Client();
        var response = await client.PostAsJsonAsync("/api/v1/widget/tickets", new { category = "refund", description, orderNumber = "FS20261118-0032" });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("number").GetInt64();
    }
}

public static class ChatSessions
{
    public static async Task<string> SecretAsync(this TestWorkspace workspace)
    {
        await using var db = workspace.App.Db();
        return await db.ChatWidgets.Where(w => w.WorkspaceId == workspace.Workspace.Id).Select(w => w.UserTokenSecret).SingleAsync();
    }

    public static async Task<string> WidgetKeyAsync(this TestWorkspace workspace)
    {
        await using var db = workspace.App.Db();
        return await db.ChatWidgets.Where(w => w.WorkspaceId == workspace.Workspace.Id).Select(w => w.WidgetKey).SingleAsync();
    }

    public static async Task<HttpResponseMessage> OpenSessionAsync(this TestWorkspace workspace, object body)
    {
        using var client = workspace.App.CreateClient();
        return await client.PostAsJsonAsync("/api/v1/widget/sessions", body);
    }

    public static async Task<CustomerSession> VisitorAsync(this TestWorkspace workspace, string? visitorId = null)
    {
        var response = await workspace.OpenSessionAsync(new { widgetKey = await workspace.WidgetKeyAsync(), visitorId });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var json = await response.JsonAsync();
        return new CustomerSession(workspace, json.GetProperty("token").GetString()!, json.GetProperty("visitorId").GetString());
    }

    public static async Task<CustomerSession> SignedUserAsync(this TestWorkspace workspace, string externalId, string name = "陈晓明")
    {
        var token = UserToken.Sign(externalId, name, TimeProvider.System.GetUtcNow().AddHours(1), await workspace.SecretAsync());
        var response = await workspace.OpenSessionAsync(new { widgetKey = await workspace.WidgetKeyAsync(), userToken = token });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return new CustomerSession(workspace, (await response.JsonAsync()).GetProperty("token").GetString()!, null);
    }

    /// <summary>An agent's hub connection with a personal bearer token.</summary>
    public static async Task<HubConnection> AgentHubAsync(this TestWorkspace workspace)
    {
        using var agent = await workspace.SignedInAsync(workspace.Agent);
        var token = (await (await agent.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "hub" })).JsonAsync()).GetProperty("token").GetString()!;
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(workspace.App.ClientOptions.BaseAddress, "/hubs/chat"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await hub.StartAsync();
        return hub;
    }

    /// <summary>Collects what the hub pushes under one event name, for tests to wait on.</summary>
    public static Inbox On(this HubConnection hub, string eventName)
    {
        var inbox = new Inbox();
        hub.On<JsonElement>(eventName, inbox.Add);
        return inbox;
    }
}

public sealed class Inbox
{
    private readonly List<JsonElement> _items = [];

    public IReadOnlyList<JsonElement> Items
    {
        get
        {
            lock (_items)
            {
                return [.. _items];
            }
        }
    }

    public void Add(JsonElement item)
    {
        lock (_items)
        {
            _items.Add(item.Clone());
        }
    }

    /// <summary>Waits until an item matching <paramref name="match"/> has arrived, or fails after a few seconds.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var found = Items.FirstOrDefault(match);
            if (found.ValueKind != JsonValueKind.Undefined)
            {
                return found;
            }

            try
            {
                await Task.Delay(10, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("Nothing matching arrived; got: " + string.Join(", ", Items.Select(i => i.GetRawText())));
            }
        }
    }
}
