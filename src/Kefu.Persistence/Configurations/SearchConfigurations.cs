using Kefu.Domain.Search;
using Kefu.Domain.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kefu.Persistence.Configurations;

/// <summary>
/// The search entries table. Its full-text index lives outside the model because each engine spells it
/// differently (an FTS5 table kept in step by triggers on SQLite, a generated tsvector column with a GIN index on
/// PostgreSQL); the Search migration of each provider creates it. See docs/adr/0006-search-index.md.
/// </summary>
internal sealed class SearchEntryConfiguration : IEntityTypeConfiguration<SearchEntry>
{
    public void Configure(EntityTypeBuilder<SearchEntry> builder)
    {
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.Kind).HasMaxLength(16);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId);

        // Re-indexing a changed ticket subject or customer replaces its entry by source.
        builder.HasIndex(e => new { e.SourceId, e.Kind }).IsUnique();
    }
}
