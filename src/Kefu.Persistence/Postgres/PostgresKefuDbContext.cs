using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Kefu.Persistence.Postgres;

public sealed class PostgresKefuDbContext(DbContextOptions<PostgresKefuDbContext> options) : KefuDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>Lets `dotnet ef migrations add` build the context without the server or a running database.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresKefuDbContext>
{
    public PostgresKefuDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresKefuDbContext>().UseNpgsql("Host=localhost;Database=kefu_design").Options);
}
