using System.Text.Json;
using Kefu.Domain.Agents;
using Kefu.Domain.Classification;
using Kefu.Domain.Notifications;
using Kefu.Domain.Routing;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;
using Kefu.Domain.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kefu.Persistence.Configurations;

/// <summary>Small value objects kept as one JSON text column: read and written whole, never queried inside.</summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static PropertyBuilder<T> AsJson<T>(this PropertyBuilder<T> property, T empty, int? maxLength = 4000)
        where T : class
    {
        property.HasConversion(
                value => JsonSerializer.Serialize(value, Options),
                text => JsonSerializer.Deserialize<T>(text, Options) ?? empty,
                new ValueComparer<T>(
                    (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
                    value => JsonSerializer.Serialize(value, Options).GetHashCode(StringComparison.Ordinal),
                    value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, Options), Options)!));
        return maxLength is { } limit ? property.HasMaxLength(limit) : property;
    }
}

internal sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    public void Configure(EntityTypeBuilder<SlaPolicy> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.CalendarKey).HasMaxLength(40);
        builder.Property(p => p.Conditions).AsJson(SlaConditions.Any);
        builder.Property(p => p.Targets).AsJson(new SlaTargets(null, null, null, SlaTargets.DefaultWarnAtPercent));
        builder.HasOne<Workspace>().WithMany().HasForeignKey(p => p.WorkspaceId);
        builder.HasIndex(p => new { p.WorkspaceId, p.Position });
    }
}

internal sealed class TicketClockConfiguration : IEntityTypeConfiguration<TicketClock>
{
    public void Configure(EntityTypeBuilder<TicketClock> builder)
    {
        builder.Property(c => c.Metric).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.CalendarKey).HasMaxLength(40);
        // A ticket that waits on its customer many times has many pauses: no length limit.
        builder.Property(c => c.Pauses).AsJson<IReadOnlyList<SlaPause>>([], maxLength: null);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne<Ticket>().WithMany().HasForeignKey(c => c.TicketId);
        builder.HasIndex(c => new { c.TicketId, c.Metric }).IsUnique();

        // The clock engine's one query: the next events due, across every workspace.
        builder.HasIndex(c => c.NextEventAt);
    }
}

internal sealed class EscalationRuleConfiguration : IEntityTypeConfiguration<EscalationRule>
{
    public void Configure(EntityTypeBuilder<EscalationRule> builder)
    {
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Metric).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId);
        builder.HasOne<Team>().WithMany().HasForeignKey(r => r.MoveToTeamId);
        builder.HasIndex(r => new { r.WorkspaceId, r.Position });
    }
}

internal sealed class WorkspaceCalendarConfiguration : IEntityTypeConfiguration<WorkspaceCalendar>
{
    public void Configure(EntityTypeBuilder<WorkspaceCalendar> builder)
    {
        builder.Property(c => c.Key).HasMaxLength(40);
        builder.Property(c => c.Definition).HasMaxLength(200_000);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId);
        builder.HasIndex(c => new { c.WorkspaceId, c.Key }).IsUnique();
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.Kind).HasMaxLength(64);
        builder.Property(n => n.Data).HasMaxLength(4000);
        builder.HasOne<Agent>().WithMany().HasForeignKey(n => n.AgentId);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(n => n.TicketId);
        builder.HasIndex(n => new { n.AgentId, n.CreatedAt });
    }
}

internal sealed class WorkspaceRoutingRuleConfiguration : IEntityTypeConfiguration<WorkspaceRoutingRule>
{
    public void Configure(EntityTypeBuilder<WorkspaceRoutingRule> builder)
    {
        builder.Property(r => r.Rule).AsJson(new RoutingRule { Name = "", TeamId = Guid.Empty }, maxLength: null);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId);
        builder.HasIndex(r => new { r.WorkspaceId, r.Position });
    }
}

internal sealed class TrainingExampleConfiguration : IEntityTypeConfiguration<TrainingExample>
{
    public void Configure(EntityTypeBuilder<TrainingExample> builder)
    {
        builder.Property(e => e.Text).HasMaxLength(TrainingExample.MaxTextLength);
        builder.Property(e => e.Label).HasMaxLength(64);
        builder.Property(e => e.Source).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId);
        builder.HasIndex(e => new { e.WorkspaceId, e.CreatedAt });
        builder.HasIndex(e => new { e.WorkspaceId, e.TicketId });
    }
}

internal sealed class ClassifierModelConfiguration : IEntityTypeConfiguration<ClassifierModel>
{
    public void Configure(EntityTypeBuilder<ClassifierModel> builder)
    {
        builder.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId);
        builder.HasIndex(m => new { m.WorkspaceId, m.Version }).IsUnique();
    }
}

internal sealed class UrgentRequestConfiguration : IEntityTypeConfiguration<UrgentRequest>
{
    public void Configure(EntityTypeBuilder<UrgentRequest> builder)
    {
        builder.Property(r => r.ReasonKind).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Reason).HasMaxLength(UrgentRequest.MaxReasonLength);
        builder.Property(r => r.ApprovedByRule).HasMaxLength(100);
        builder.Property(r => r.DecisionNote).HasMaxLength(UrgentRequest.MaxReasonLength);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(r => r.ItemId);

        // One urgent request per ticket: a decision is final, asking twice changes nothing.
        builder.HasIndex(r => r.ItemId).IsUnique();
    }
}
