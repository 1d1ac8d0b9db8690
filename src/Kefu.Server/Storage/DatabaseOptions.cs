using Kefu.Persistence;
using Kefu.Persistence.Postgres;
using Kefu.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using System.Data.Common;

namespace Kefu.Server.Storage;

public static class DatabaseSetup
{
    public const string DefaultSqliteConnection = "Data Source=data/kefu.db";

    public static DatabaseProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"] ?? "sqlite";
        return value.ToLowerInvariant() switch
        {
            "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
            _ => throw new InvalidOperationException($"Database:Provider must be 'sqlite' or 'postgres', not '{value}'."),
        };
    }

    /// <summary>
    /// Registers both providers' context factories; configuration decides at first use which one is
    /// resolved, so hosts and tests can set the provider late (e.g. from WebApplicationFactory).
    /// </summary>
    public static IServiceCollection AddKefuDatabase(this IServiceCollection services)
    {
        services.AddPooledDbContextFactory<SqliteKefuDbContext>((sp, o) => o
            .UseSqlite(PrepareSqlite(sp.GetRequiredService<IConfiguration>().GetConnectionString("Kefu") ?? DefaultSqliteConnection))
            .AddInterceptors(SqlitePragmas.Instance));
        services.AddPooledDbContextFactory<PostgresKefuDbContext>((sp, o) => o
            .UseNpgsql(sp.GetRequiredService<IConfiguration>().GetConnectionString("Kefu") is { Length: > 0 } connection
                ? connection
                : throw new InvalidOperationException("ConnectionStrings:Kefu is required when Database:Provider is 'postgres'.")));
        services.AddSingleton<IDbContextFactory<KefuDbContext>>(sp => ReadProvider(sp.GetRequiredService<IConfiguration>()) switch
        {
            DatabaseProvider.Sqlite => new DerivedContextFactory<SqliteKefuDbContext>(sp.GetRequiredService<IDbContextFactory<SqliteKefuDbContext>>()),
            _ => new DerivedContextFactory<PostgresKefuDbContext>(sp.GetRequiredService<IDbContextFactory<PostgresKefuDbContext>>()),
        });
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<KefuDbContext>>().CreateDbContext());
        return services;
    }

    /// <summary>Creates the folder of a file database, so a fresh clone starts without manual steps.</summary>
    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:")
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
        }

        builder.Pooling = true;
        builder.DefaultTimeout = 30;
        return builder.ToString();
    }

    /// <summary>Applies pending migrations. Embedded mode calls this on start; scale-out runs `kefu migrate` once.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var factory = services.GetRequiredService<IDbContextFactory<KefuDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers run beside the single writer; the mode is stored in the file, so once is enough.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    private sealed class DerivedContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<KefuDbContext>
        where TContext : KefuDbContext
    {
        public KefuDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<KefuDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }

    /// <summary>
    /// Per-connection SQLite settings. synchronous=FULL makes a commit durable before we acknowledge it,
    /// which group commit keeps affordable.
    /// </summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=10000;";
            command.ExecuteNonQuery();
        }
    }
}
