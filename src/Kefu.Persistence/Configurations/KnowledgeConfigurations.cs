using Kefu.Domain.Bot;
using Kefu.Domain.Knowledge;
using Kefu.Domain.Tickets;
using Kefu.Domain.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kefu.Persistence.Configurations;

internal sealed class KnowledgeEntryConfiguration : IEntityTypeConfiguration<KnowledgeEntry>
{
    public void Configure(EntityTypeBuilder<KnowledgeEntry> builder)
    {
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Visibility).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Locale).HasMaxLength(16);
        builder.Property(e => e.Title).HasMaxLength(KnowledgeEntry.MaxTitleLength);
        builder.Property(e => e.Body).HasMaxLength(KnowledgeEntry.MaxBodyLength);
        builder.Property(e => e.Phrasings).AsJson<IReadOnlyList<string>>([], maxLength: null);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.Ignore(e => e.IsCustomerFacing);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId);
        builder.HasOne<Category>().WithMany().HasForeignKey(e => e.CategoryId);

        // The help centre and the bot read a workspace's published public entries of one locale.
        builder.HasIndex(e => new { e.WorkspaceId, e.Locale, e.Status, e.Visibility });
    }
}

internal sealed class BotSettingsConfiguration : IEntityTypeConfiguration<BotSettings>
{
    public void Configure(EntityTypeBuilder<BotSettings> builder)
    {
        builder.HasKey(s => s.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId);
    }
}

internal sealed class BotSessionConfiguration : IEntityTypeConfiguration<BotSession>
{
    public void Configure(EntityTypeBuilder<BotSession> builder)
    {
        builder.Property(s => s.Locale).HasMaxLength(16);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.HandOffReason).HasConversion<string>().HasMaxLength(24);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Ignore(s => s.IsAnswering);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(s => s.TicketId);

        // One bot session per ticket: the bot never picks a ticket up twice.
        builder.HasIndex(s => s.TicketId).IsUnique();
        builder.HasIndex(s => new { s.WorkspaceId, s.StartedAt });
    }
}

internal sealed class BotTurnConfiguration : IEntityTypeConfiguration<BotTurn>
{
    public void Configure(EntityTypeBuilder<BotTurn> builder)
    {
        builder.Property(t => t.Question).HasMaxLength(BotTurn.MaxQuestionLength);
        builder.Property(t => t.Locale).HasMaxLength(16);
        builder.Property(t => t.Vote).HasConversion<string>().HasMaxLength(16);
        builder.Ignore(t => t.Answered);
        builder.HasOne<BotSession>().WithMany().HasForeignKey(t => t.SessionId);
        builder.HasOne<KnowledgeEntry>().WithMany().HasForeignKey(t => t.EntryId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(t => t.QuestionMessageId).IsUnique();
        builder.HasIndex(t => new { t.WorkspaceId, t.CreatedAt });
    }
}
