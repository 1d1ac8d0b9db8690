using Kefu.Domain.Macros;
using Kefu.Domain.Portal;
using Kefu.Domain.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kefu.Persistence.Configurations;

internal sealed class MacroConfiguration : IEntityTypeConfiguration<Macro>
{
    public void Configure(EntityTypeBuilder<Macro> builder)
    {
        builder.Property(m => m.Title).HasMaxLength(Macro.MaxTitleLength);
        builder.Property(m => m.Body).HasMaxLength(Macro.MaxBodyLength);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId);
        builder.HasIndex(m => new { m.WorkspaceId, m.Title }).IsUnique();
    }
}

internal sealed class PortalKeyConfiguration : IEntityTypeConfiguration<PortalKey>
{
    public void Configure(EntityTypeBuilder<PortalKey> builder)
    {
        builder.Property(k => k.ProtectedSecret).HasMaxLength(1000);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(k => k.WorkspaceId);

        // One live secret per workspace: rotating replaces it.
        builder.HasIndex(k => k.WorkspaceId).IsUnique();
    }
}
