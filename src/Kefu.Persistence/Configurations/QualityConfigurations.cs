using Kefu.Domain.Analytics;
using Kefu.Domain.Tickets;
using Kefu.Domain.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kefu.Persistence.Configurations;

internal sealed class TicketLinkConfiguration : IEntityTypeConfiguration<TicketLink>
{
    public void Configure(EntityTypeBuilder<TicketLink> builder)
    {
        builder.HasOne<Ticket>().WithMany().HasForeignKey(l => l.TicketId);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(l => l.EarlierTicketId).OnDelete(DeleteBehavior.Restrict);

        // The ticket view reads links both ways: what this ticket continues, and what continued it.
        builder.HasIndex(l => l.TicketId);
        builder.HasIndex(l => l.EarlierTicketId);
    }
}

internal sealed class MerchantWarningStateConfiguration : IEntityTypeConfiguration<MerchantWarningState>
{
    public void Configure(EntityTypeBuilder<MerchantWarningState> builder)
    {
        builder.HasKey(s => new { s.WorkspaceId, s.MerchantId });
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId);
        builder.HasOne<Merchant>().WithMany().HasForeignKey(s => s.MerchantId).OnDelete(DeleteBehavior.Restrict);
    }
}
