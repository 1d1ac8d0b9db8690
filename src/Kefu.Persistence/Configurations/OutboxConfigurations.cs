using Kefu.Domain.Customers;
using Kefu.Domain.Outbox;
using Kefu.Domain.Proactive;
using Kefu.Domain.Webhooks;
using Kefu.Domain.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kefu.Persistence.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.Property(m => m.Kind).HasMaxLength(OutboxMessage.MaxKindLength);
        builder.Property(m => m.LastError).HasMaxLength(OutboxMessage.MaxErrorLength);
        builder.Ignore(m => m.IdempotencyKey);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId);

        // The deliverer's one query: due rows not yet delivered nor dead-lettered. Delivered rows leave the index,
        // so it stays as small as the backlog however long the table grows.
        builder.HasIndex(m => m.NextAttemptAt).HasFilter("\"DeliveredAt\" IS NULL AND \"DeadLetteredAt\" IS NULL");
        builder.HasIndex(m => new { m.TargetId, m.CreatedAt });
    }
}

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.Property(e => e.Url).HasMaxLength(WebhookEndpoint.MaxUrlLength);
        builder.Property(e => e.Description).HasMaxLength(WebhookEndpoint.MaxDescriptionLength);
        builder.Property(e => e.Events).AsJson<IReadOnlyList<string>>([], maxLength: 1000);
        builder.Property(e => e.ProtectedSecret).HasMaxLength(1000);
        builder.Property(e => e.SecretPrefix).HasMaxLength(16);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId);
        builder.HasIndex(e => e.WorkspaceId);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.Property(a => a.EventType).HasMaxLength(64);
        builder.Property(a => a.Error).HasMaxLength(WebhookAttempt.MaxErrorLength);
        builder.Property(a => a.Response).HasMaxLength(WebhookAttempt.MaxResponseLength);

        // The log goes with its endpoint; the outbox rows it refers to are kept apart and may be pruned first.
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(a => a.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.EndpointId, a.AttemptedAt });
        builder.HasIndex(a => a.DeliveryId);
    }
}

internal sealed class ProactiveCampaignConfiguration : IEntityTypeConfiguration<ProactiveCampaign>
{
    public void Configure(EntityTypeBuilder<ProactiveCampaign> builder)
    {
        builder.Property(c => c.Key).HasMaxLength(ProactiveCampaign.MaxKeyLength);
        builder.Property(c => c.Subject).HasMaxLength(ProactiveCampaign.MaxSubjectLength);
        builder.Property(c => c.Body).HasMaxLength(Domain.Intake.TicketIntakeCheck.MaxDescription);
        builder.Property(c => c.RequestedBy).HasMaxLength(100);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId);
        builder.HasMany(c => c.Recipients).WithOne().HasForeignKey(r => r.CampaignId);
        builder.HasIndex(c => new { c.WorkspaceId, c.Key }).IsUnique();
    }
}

internal sealed class ProactiveRecipientConfiguration : IEntityTypeConfiguration<ProactiveRecipient>
{
    public void Configure(EntityTypeBuilder<ProactiveRecipient> builder)
    {
        builder.Property(r => r.CustomerExternalId).HasMaxLength(Domain.Intake.TicketIntakeCheck.MaxExternalId);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Error).HasMaxLength(ProactiveRecipient.MaxErrorLength);
        builder.HasIndex(r => new { r.CampaignId, r.CustomerExternalId }).IsUnique();

        // The sender's query: queued recipients in the order they came.
        builder.HasIndex(r => new { r.State, r.QueuedAt });
    }
}
