using Kefu.Domain.Email;
using Kefu.Domain.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kefu.Persistence.Configurations;

internal sealed class EmailChannelConfiguration : IEntityTypeConfiguration<EmailChannel>
{
    public void Configure(EntityTypeBuilder<EmailChannel> builder)
    {
        builder.Property(c => c.FromAddress).HasMaxLength(EmailChannel.MaxAddress);
        builder.Property(c => c.FromName).HasMaxLength(EmailChannel.MaxName);
        builder.Property(c => c.ImapHost).HasMaxLength(EmailChannel.MaxHost);
        builder.Property(c => c.ImapUser).HasMaxLength(EmailChannel.MaxUser);
        builder.Property(c => c.ImapPasswordProtected).HasMaxLength(2000);
        builder.Property(c => c.SmtpHost).HasMaxLength(EmailChannel.MaxHost);
        builder.Property(c => c.SmtpUser).HasMaxLength(EmailChannel.MaxUser);
        builder.Property(c => c.SmtpPasswordProtected).HasMaxLength(2000);
        builder.Property(c => c.InboundSecretHash).HasMaxLength(64);
        builder.Property(c => c.LastPollError).HasMaxLength(500);
        builder.Property(c => c.ImapSecurity).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.SmtpSecurity).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId);
        builder.HasIndex(c => new { c.WorkspaceId, c.FromAddress }).IsUnique();
        builder.HasIndex(c => c.InboundSecretHash).IsUnique();
    }
}

internal sealed class BouncingAddressConfiguration : IEntityTypeConfiguration<BouncingAddress>
{
    public void Configure(EntityTypeBuilder<BouncingAddress> builder)
    {
        builder.Property(b => b.Address).HasMaxLength(EmailChannel.MaxAddress);
        builder.Property(b => b.LastReason).HasMaxLength(500);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(b => b.WorkspaceId);
        builder.HasIndex(b => new { b.WorkspaceId, b.Address }).IsUnique();
    }
}
