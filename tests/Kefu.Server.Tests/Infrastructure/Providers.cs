using Microsoft.Extensions.DependencyInjection;

namespace Kefu.Server.Tests.Infrastructure;

/// <summary>
/// One server per provider for a test class, started on first use and disposed with the class.
/// Tests isolate themselves by creating their own workspace.
/// </summary>
public class ProviderApps : IAsyncDisposable
{
    private readonly Dictionary<Provider, Task<KefuApp>> _apps = [];
    private readonly Lock _gate = new();

    public static TheoryData<Provider> All => new(Provider.Sqlite, Provider.Postgres);

    /// <summary>Every case on every provider.</summary>
    public static TheoryData<Provider, string, string> OnEach(IEnumerable<(string, string)> cases)
    {
        var data = new TheoryData<Provider, string, string>();
        foreach (var provider in new[] { Provider.Sqlite, Provider.Postgres })
        {
            foreach (var (first, second) in cases)
            {
                data.Add(provider, first, second);
            }
        }

        return data;
    }

    /// <summary>Settings a derived fixture gives its servers on top of the test defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    protected virtual Action<IServiceCollection>? ExtraServices => null;

    public Task<KefuApp> GetAsync(Provider provider)
    {
        lock (_gate)
        {
            if (!_apps.TryGetValue(provider, out var app))
            {
                app = Settings is null ? KefuApp.StartAsync(provider) : KefuApp.StartAsync(provider, Settings, ExtraServices);
                _apps[provider] = app;
            }

            return app;
        }
    }

    public async Task<TestWorkspace> WorkspaceAsync(Provider provider) => await (await GetAsync(provider)).CreateWorkspaceAsync();

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        foreach (var app in _apps.Values)
        {
            if (app.IsCompletedSuccessfully)
            {
                await (await app).DisposeAsync();
            }
        }
    }
}
