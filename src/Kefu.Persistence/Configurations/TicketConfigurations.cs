using Kefu.Domain.Agents;
using Kefu.Domain.Customers;
using Kefu.Domain.Intake;
using Kefu.Domain.Tickets;
using Kefu.Domain.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kefu.Persistence.Configurations;

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> builder)
    {
        builder.Property(c => c.Code).HasMaxLength(TicketIntakeCheck.MaxCategory);
        builder.Property(c => c.NameZh).HasMaxLength(100);
        builder.Property(c => c.NameEn).HasMaxLength(100);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId);
        builder.HasOne<Team>().WithMany().HasForeignKey(c => c.DefaultTeamId);
        builder.HasIndex(c => new { c.WorkspaceId, c.Code }).IsUnique();
    }
}

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.Property(t => t.Subject).HasMaxLength(TicketIntakeCheck.MaxSubject);
        builder.Property(t => t.Description).HasMaxLength(TicketIntakeCheck.MaxDescription);
        builder.Property(t => t.OrderNumber).HasMaxLength(TicketIntakeCheck.MaxOrderNumber);
        builder.Property(t => t.DesiredOutcome).HasMaxLength(TicketIntakeCheck.MaxDesiredOutcome);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.Property(t => t.SlaCalendarKey).HasMaxLength(40);
        builder.Property(t => t.EscalationReason).HasMaxLength(500);
        builder.Ignore(t => t.SlaTargets);
        builder.Property(t => t.PassedAgentIds).AsJson<IReadOnlyList<Guid>>([], maxLength: null);
        builder.Property(t => t.TimelineHead).HasMaxLength(TimelineChain.HashLength);

        builder.HasOne<Workspace>().WithMany().HasForeignKey(t => t.WorkspaceId);
        builder.HasOne<Customer>().WithMany().HasForeignKey(t => t.CustomerId);
        builder.HasOne<Merchant>().WithMany().HasForeignKey(t => t.MerchantId);
        builder.HasOne<Category>().WithMany().HasForeignKey(t => t.CategoryId);
        builder.HasOne<Team>().WithMany().HasForeignKey(t => t.TeamId);
        builder.HasOne<Agent>().WithMany().HasForeignKey(t => t.AssigneeId);

        builder.HasIndex(t => new { t.WorkspaceId, t.Number }).IsUnique();
        builder.HasIndex(t => new { t.WorkspaceId, t.CustomerId, t.CreatedAt });
        builder.HasIndex(t => new { t.WorkspaceId, t.Status, t.CreatedAt });
        builder.HasIndex(t => new { t.WorkspaceId, t.AssigneeId, t.Status });
        builder.HasIndex(t => new { t.WorkspaceId, t.TeamId, t.Status });

        // Inbox views list newest first: without these a million-ticket workspace sorts every row for one page.
        // Category ids belong to one workspace, so the category index needs no workspace column (and serves the foreign key).
        builder.HasIndex(t => new { t.WorkspaceId, t.CreatedAt });
        builder.HasIndex(t => new { t.CategoryId, t.CreatedAt });

        // Few tickets have a live offer at any moment: a partial index costs intake nothing.
        builder.HasIndex(t => t.OfferExpiresAt).HasFilter("\"OfferExpiresAt\" IS NOT NULL");

        // The intake assistant's queue: only tickets not yet checked are in it.
        builder.HasIndex(t => t.CreatedAt).HasFilter("\"IntakeCheckedAt\" IS NULL").HasDatabaseName("IX_Tickets_IntakeUnchecked");
    }
}

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.HasOne<Ticket>().WithMany().HasForeignKey(c => c.TicketId);
        builder.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId);
        builder.HasIndex(c => c.TicketId);
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.Property(m => m.Body).HasMaxLength(Message.MaxBodyLength);
        builder.Property(m => m.AuthorAgentNumber).HasMaxLength(16);
        builder.Property(m => m.ExternalId).HasMaxLength(255);
        builder.Property(m => m.VerificationCode).HasMaxLength(16);
        builder.HasIndex(m => new { m.WorkspaceId, m.VerificationCode }).IsUnique();
        builder.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(m => m.TicketId);
        builder.HasIndex(m => new { m.TicketId, m.CreatedAt });

        // NULLs are distinct in unique indexes on both SQLite and PostgreSQL, so messages without an external id never collide.
        builder.HasIndex(m => new { m.WorkspaceId, m.ExternalId }).IsUnique();
    }
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.Property(a => a.FileName).HasMaxLength(255);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.Property(a => a.StorageKey).HasMaxLength(300);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(a => a.TicketId);
        builder.HasOne<Message>().WithMany().HasForeignKey(a => a.MessageId);
        builder.HasIndex(a => a.TicketId);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.Property(e => e.Kind).HasMaxLength(64);
        builder.Property(e => e.ActorLabel).HasMaxLength(100);
        builder.Property(e => e.Data).HasMaxLength(4000);
        builder.Property(e => e.Hash).HasMaxLength(TimelineChain.HashLength);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(e => e.TicketId);

        // One entry per position: two nodes appending to the same ticket cannot both extend the chain
        // from the same head; the loser's write is replayed and then sees the winner's entry.
        builder.HasIndex(e => new { e.TicketId, e.Sequence }).IsUnique();
    }
}
