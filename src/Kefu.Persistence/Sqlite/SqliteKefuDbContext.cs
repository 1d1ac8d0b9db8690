using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Kefu.Persistence.Sqlite;

public sealed class SqliteKefuDbContext(DbContextOptions<SqliteKefuDbContext> options) : KefuDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);

        // SQLite has no date type and EF cannot order or compare DateTimeOffset stored as text;
        // UTC ticks sort correctly and keep full precision.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();

        // 16 bytes instead of 36 characters in every key and index; big-endian keeps Guid v7 ids in
        // time order, so new rows append to the end of each index.
        configurationBuilder.Properties<Guid>().HaveConversion<BigEndianGuidConverter>();
    }

    private sealed class BigEndianGuidConverter() : ValueConverter<Guid, byte[]>(
        v => v.ToByteArray(true),
        v => new Guid(v, true));

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}

/// <summary>Lets `dotnet ef migrations add` build the context without the server.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteKefuDbContext>
{
    public SqliteKefuDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteKefuDbContext>().UseSqlite("Data Source=design.db").Options);
}
