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

internal sealed class SubTaskConfiguration : IEntityTypeConfiguration<Kefu.Domain.Tickets.SubTask>
{
    public void Configure(EntityTypeBuilder<Kefu.Domain.Tickets.SubTask> builder)
    {
        builder.Property(s => s.Title).HasMaxLength(Kefu.Domain.Tickets.SubTask.MaxTitleLength);
        builder.HasOne<Kefu.Domain.Tickets.Ticket>().WithMany().HasForeignKey(s => s.TicketId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId);
        builder.HasIndex(s => new { s.TicketId, s.CreatedAt });

        // "My open sub-tasks" and the solve check read by owner and by open state.
        builder.HasIndex(s => new { s.OwnerAgentId, s.DoneAt });
    }
}

internal sealed class SavedViewConfiguration : IEntityTypeConfiguration<Kefu.Domain.Tickets.SavedView>
{
    public void Configure(EntityTypeBuilder<Kefu.Domain.Tickets.SavedView> builder)
    {
        builder.Property(v => v.Name).HasMaxLength(Kefu.Domain.Tickets.SavedView.MaxNameLength);
        builder.Property(v => v.View).HasMaxLength(20);
        builder.Property(v => v.Category).HasMaxLength(50);
        builder.Property(v => v.Query).HasMaxLength(Kefu.Domain.Tickets.SavedView.MaxQueryLength);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(v => v.WorkspaceId);
        builder.HasOne<Kefu.Domain.Agents.Agent>().WithMany().HasForeignKey(v => v.OwnerAgentId);
        builder.HasIndex(v => new { v.OwnerAgentId, v.Name }).IsUnique();
        builder.HasIndex(v => new { v.WorkspaceId, v.Shared });
    }
}
