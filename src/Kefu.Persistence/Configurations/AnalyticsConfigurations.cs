using Kefu.Domain.Analytics;
using Kefu.Domain.Csat;
using Kefu.Domain.Tickets;
using Kefu.Domain.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kefu.Persistence.Configurations;

internal sealed class TicketFactConfiguration : IEntityTypeConfiguration<TicketFact>
{
    public void Configure(EntityTypeBuilder<TicketFact> builder)
    {
        builder.Property(f => f.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(f => f.Detail).HasMaxLength(32);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(f => f.TicketId);

        // The rollup job's one query: facts not yet folded into the sums; the index holds only those.
        builder.HasIndex(f => f.RolledUp).HasFilter("\"RolledUp\" = FALSE").HasDatabaseName("IX_TicketFacts_Pending");

        // Drill-down from a figure to its tickets, and the reports that read facts of one kind over a range.
        builder.HasIndex(f => new { f.WorkspaceId, f.Kind, f.LocalDay });
        builder.HasIndex(f => f.TicketId);
    }
}

internal sealed class TicketLedgerConfiguration : IEntityTypeConfiguration<TicketLedger>
{
    public void Configure(EntityTypeBuilder<TicketLedger> builder)
    {
        builder.HasKey(l => l.TicketId);
        builder.Property(l => l.Status).HasMaxLength(32);
        builder.Property(l => l.CycleAgentIds).AsJson<IReadOnlyList<Guid>>([], maxLength: null);
        builder.HasOne<Ticket>().WithOne().HasForeignKey<TicketLedger>(l => l.TicketId);
    }
}

internal sealed class MetricRollupConfiguration : IEntityTypeConfiguration<MetricRollup>
{
    public void Configure(EntityTypeBuilder<MetricRollup> builder)
    {
        builder.HasKey(r => new { r.WorkspaceId, r.Dimension, r.Kind, r.Bucket, r.Key });
        builder.Property(r => r.Dimension).HasMaxLength(16);
        builder.Property(r => r.Key).HasMaxLength(40);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(24);
    }
}

internal sealed class CsatSurveyConfiguration : IEntityTypeConfiguration<CsatSurvey>
{
    public void Configure(EntityTypeBuilder<CsatSurvey> builder)
    {
        builder.Property(s => s.TokenHash).HasMaxLength(64);
        builder.Property(s => s.Comment).HasMaxLength(CsatSurvey.MaxCommentLength);
        builder.Property(s => s.AnsweredVia).HasMaxLength(16);
        builder.Property(s => s.AgentIds).AsJson<IReadOnlyList<Guid>>([], maxLength: null);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasOne<Ticket>().WithMany().HasForeignKey(s => s.TicketId);
        builder.HasIndex(s => new { s.TicketId, s.Cycle }).IsUnique();
        builder.HasIndex(s => s.TokenHash).IsUnique();

        // The link job's query: surveys whose link is due and not yet sent.
        builder.HasIndex(s => s.LinkDueAt).HasFilter("\"LinkIssuedAt\" IS NULL AND \"AnsweredAt\" IS NULL");
    }
}

internal sealed class FollowUpTaskConfiguration : IEntityTypeConfiguration<FollowUpTask>
{
    public void Configure(EntityTypeBuilder<FollowUpTask> builder)
    {
        builder.Property(t => t.Trigger).HasConversion<string>().HasMaxLength(24);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.RuleNote).HasMaxLength(200);
        builder.Property(t => t.Outcome).HasMaxLength(FollowUpTask.MaxNoteLength);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasOne<Ticket>().WithMany().HasForeignKey(t => t.TicketId);
        builder.HasIndex(t => new { t.TicketId, t.Cycle, t.Trigger }).IsUnique();
        builder.HasIndex(t => new { t.WorkspaceId, t.AssigneeId, t.Status, t.DueAt });
        builder.HasIndex(t => new { t.WorkspaceId, t.TeamId, t.Status, t.DueAt });
    }
}

internal sealed class QualitySettingsConfiguration : IEntityTypeConfiguration<QualitySettings>
{
    public void Configure(EntityTypeBuilder<QualitySettings> builder)
    {
        builder.HasKey(s => s.WorkspaceId);
        builder.Property(s => s.FollowUpRules).AsJson<IReadOnlyList<FollowUpRule>>([]);
        builder.HasOne<Workspace>().WithOne().HasForeignKey<QualitySettings>(s => s.WorkspaceId);
    }
}
