using Kefu.Domain.Audit;
using Kefu.Domain.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kefu.Persistence.Configurations;

internal sealed class AdminAuditEntryConfiguration : IEntityTypeConfiguration<AdminAuditEntry>
{
    public void Configure(EntityTypeBuilder<AdminAuditEntry> builder)
    {
        builder.Property(e => e.ActorKind).HasMaxLength(16);
        builder.Property(e => e.Actor).HasMaxLength(AdminAuditEntry.MaxActorLength);
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Entity).HasMaxLength(AdminAuditEntry.MaxEntityLength);
        builder.Property(e => e.EntityId).HasMaxLength(AdminAuditEntry.MaxEntityIdLength);
        builder.Property(e => e.Source).HasMaxLength(AdminAuditEntry.MaxSourceLength);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId);

        // The read API pages a workspace's entries newest first, optionally narrowed by actor or entity.
        builder.HasIndex(e => new { e.WorkspaceId, e.At });
    }
}
