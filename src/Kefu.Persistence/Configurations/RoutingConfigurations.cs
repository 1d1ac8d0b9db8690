using Kefu.Domain.Routing;
using Kefu.Domain.Tickets;
using Kefu.Domain.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kefu.Persistence.Configurations;

internal sealed class WorkspaceUrgentLaneConfiguration : IEntityTypeConfiguration<WorkspaceUrgentLane>
{
    public void Configure(EntityTypeBuilder<WorkspaceUrgentLane> builder)
    {
        builder.HasKey(l => l.WorkspaceId);
        builder.Property(l => l.Rules).AsJson<IReadOnlyList<UrgentLaneRule>>([], maxLength: null);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(l => l.WorkspaceId);
    }
}

/// <summary>The routing side of tickets: measured handle times are read by solve time.</summary>
internal sealed class TicketHandleTimeConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder) =>
        builder.HasIndex(t => new { t.WorkspaceId, t.SolvedAt }).HasFilter("\"HandleTime\" IS NOT NULL").HasDatabaseName("IX_Tickets_HandleTimes");
}
