using Kefu.Domain.Agents;
using Kefu.Domain.Customers;
using Kefu.Domain.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kefu.Persistence.Configurations;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.Property(c => c.ExternalId).HasMaxLength(128);
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.Phone).HasMaxLength(32);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId);

        // The one guard that makes "many first tickets at once from a new customer" create one customer.
        builder.HasIndex(c => new { c.WorkspaceId, c.ExternalId }).IsUnique();
        builder.HasMany(c => c.Identities).WithOne().HasForeignKey(i => i.CustomerId);
    }
}

internal sealed class CustomerIdentityConfiguration : IEntityTypeConfiguration<CustomerIdentity>
{
    public void Configure(EntityTypeBuilder<CustomerIdentity> builder)
    {
        builder.Property(i => i.Handle).HasMaxLength(254);
        builder.HasIndex(i => new { i.WorkspaceId, i.Kind, i.Handle });
        builder.HasIndex(i => new { i.CustomerId, i.Kind, i.Handle }).IsUnique();
    }
}

internal sealed class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> builder)
    {
        builder.Property(a => a.AgentNumber).HasMaxLength(16);
        builder.Property(a => a.DisplayName).HasMaxLength(100);
        builder.Property(a => a.Email).HasMaxLength(254);
        builder.Property(a => a.PasswordHash).HasMaxLength(256);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(a => a.WorkspaceId);
        builder.HasIndex(a => new { a.WorkspaceId, a.AgentNumber }).IsUnique();
        builder.HasIndex(a => new { a.WorkspaceId, a.Email }).IsUnique();
    }
}

internal sealed class AgentTokenConfiguration : IEntityTypeConfiguration<AgentToken>
{
    public void Configure(EntityTypeBuilder<AgentToken> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Prefix).HasMaxLength(16);
        builder.Property(t => t.SecretHash).HasMaxLength(64);
        builder.HasIndex(t => t.SecretHash).IsUnique();
        builder.HasOne<Agent>().WithMany().HasForeignKey(t => t.AgentId);
    }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(t => t.WorkspaceId);
        builder.HasIndex(t => new { t.WorkspaceId, t.Name }).IsUnique();
        builder.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TeamId);
    }
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> builder)
    {
        builder.HasKey(m => new { m.TeamId, m.AgentId });
        builder.HasOne<Agent>().WithMany().HasForeignKey(m => m.AgentId);
    }
}
