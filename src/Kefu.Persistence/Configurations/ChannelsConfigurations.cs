using Kefu.Domain.Calls;
using Kefu.Domain.Channels;
using Kefu.Domain.Customers;
using Kefu.Domain.Tickets;
using Kefu.Domain.WeChat;
using Kefu.Domain.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kefu.Persistence.Configurations;

internal sealed class WeChatChannelConfiguration : IEntityTypeConfiguration<WeChatChannel>
{
    public void Configure(EntityTypeBuilder<WeChatChannel> builder)
    {
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(24);
        builder.Property(c => c.Mode).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.AppId).HasMaxLength(64);
        builder.Property(c => c.AgentId).HasMaxLength(32);
        builder.Property(c => c.ProtectedToken).HasMaxLength(1000);
        builder.Property(c => c.ProtectedAppSecret).HasMaxLength(1000);
        builder.Property(c => c.ProtectedEncodingAesKey).HasMaxLength(1000);
        builder.Property(c => c.ApiBaseUrl).HasMaxLength(500);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId);

        // One WeChat account per workspace: the callback URL names the workspace, not the account.
        builder.HasIndex(c => c.WorkspaceId).IsUnique();
    }
}

internal sealed class InboundChannelConfiguration : IEntityTypeConfiguration<InboundChannel>
{
    public void Configure(EntityTypeBuilder<InboundChannel> builder)
    {
        builder.Property(c => c.Key).HasMaxLength(InboundChannel.MaxKey);
        builder.Property(c => c.Name).HasMaxLength(InboundChannel.MaxName);
        builder.Property(c => c.ProtectedSecret).HasMaxLength(1000);
        builder.Property(c => c.OutboundUrl).HasMaxLength(500);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId);
        builder.HasIndex(c => c.Key).IsUnique();
    }
}

internal sealed class CallLogConfiguration : IEntityTypeConfiguration<CallLog>
{
    public void Configure(EntityTypeBuilder<CallLog> builder)
    {
        builder.Property(c => c.Direction).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.PhoneNumber).HasMaxLength(32);
        builder.Property(c => c.Notes).HasMaxLength(CallLog.MaxNotes);
        builder.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(c => c.TicketId);
        builder.HasIndex(c => new { c.WorkspaceId, c.CustomerId, c.StartedAt });
        builder.HasIndex(c => c.TicketId);
    }
}

internal sealed class CallbackRequestConfiguration : IEntityTypeConfiguration<CallbackRequest>
{
    public void Configure(EntityTypeBuilder<CallbackRequest> builder)
    {
        builder.Property(c => c.PhoneNumber).HasMaxLength(32);
        builder.Property(c => c.Note).HasMaxLength(CallbackRequest.MaxNote);
        builder.Ignore(c => c.IsOpen);
        builder.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId);
        builder.HasOne<Ticket>().WithMany().HasForeignKey(c => c.TicketId);
        builder.HasIndex(c => new { c.WorkspaceId, c.AnsweredAt, c.WindowStart });
        builder.HasIndex(c => c.TicketId);
    }
}

internal sealed class CustomerMergeConfiguration : IEntityTypeConfiguration<CustomerMerge>
{
    public void Configure(EntityTypeBuilder<CustomerMerge> builder)
    {
        builder.Property(m => m.IdentityIds).AsJson<IReadOnlyList<Guid>>([], maxLength: null);
        builder.Property(m => m.TicketIds).AsJson<IReadOnlyList<Guid>>([], maxLength: null);
        builder.Property(m => m.ConversationIds).AsJson<IReadOnlyList<Guid>>([], maxLength: null);
        builder.Property(m => m.CallIds).AsJson<IReadOnlyList<Guid>>([], maxLength: null);
        builder.Property(m => m.CallbackIds).AsJson<IReadOnlyList<Guid>>([], maxLength: null);
        builder.Ignore(m => m.IsUndone);
        builder.HasOne<Customer>().WithMany().HasForeignKey(m => m.SurvivorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Customer>().WithMany().HasForeignKey(m => m.AbsorbedId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.SurvivorId);
        builder.HasIndex(m => m.AbsorbedId);
    }
}
