using Kefu.Domain.Chat;
using Kefu.Domain.Agents;
using Kefu.Domain.Tickets;
using Kefu.Domain.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kefu.Persistence.Configurations;

internal sealed class ChatWidgetConfiguration : IEntityTypeConfiguration<ChatWidget>
{
    public void Configure(EntityTypeBuilder<ChatWidget> builder)
    {
        builder.HasKey(w => w.WorkspaceId);
        builder.HasOne<Workspace>().WithOne().HasForeignKey<ChatWidget>(w => w.WorkspaceId);
        builder.HasOne<Team>().WithMany().HasForeignKey(w => w.TeamId);
        builder.Property(w => w.WidgetKey).HasMaxLength(64);
        builder.Property(w => w.UserTokenSecret).HasMaxLength(128);
        builder.HasIndex(w => w.WidgetKey).IsUnique();
    }
}

internal sealed class ChatReadMarkConfiguration : IEntityTypeConfiguration<ChatReadMark>
{
    public void Configure(EntityTypeBuilder<ChatReadMark> builder)
    {
        builder.Property(m => m.Reader).HasMaxLength(16);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(m => m.TicketId);
        builder.HasIndex(m => new { m.TicketId, m.Reader }).IsUnique();
    }
}
