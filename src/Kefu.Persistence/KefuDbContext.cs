using Kefu.Domain.Agents;
using Kefu.Domain.Chat;

using Kefu.Domain.Calls;
using Kefu.Domain.Channels;

using Kefu.Domain.Analytics;
using Kefu.Domain.Csat;
using Kefu.Domain.Classification;
using Kefu.Domain.Customers;
using Kefu.Domain.Email;
using Kefu.Domain.Notifications;
using Kefu.Domain.Outbox;
using Kefu.Domain.Proactive;
using Kefu.Domain.Routing;
using Kefu.Domain.Sla;
using Kefu.Domain.Tickets;
using Kefu.Domain.Webhooks;

using Kefu.Domain.WeChat;
using Kefu.Domain.Workspaces;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Kefu.Persistence;

/// <summary>
/// The one model of Kefu's data. Each database provider derives from it only to carry its own
/// migrations and type conventions, so the model itself never branches on the provider.
/// </summary>
public abstract class KefuDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<Merchant> Merchants => Set<Merchant>();
    public DbSet<IntegrationKey> IntegrationKeys => Set<IntegrationKey>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<TicketCounter> TicketCounters => Set<TicketCounter>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CustomerIdentity> CustomerIdentities => Set<CustomerIdentity>();
    public DbSet<Agent> Agents => Set<Agent>();
    public DbSet<AgentToken> AgentTokens => Set<AgentToken>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<StoredBlob> Blobs => Set<StoredBlob>();
    public DbSet<SlaPolicy> SlaPolicies => Set<SlaPolicy>();
    public DbSet<TicketClock> TicketClocks => Set<TicketClock>();
    public DbSet<EscalationRule> EscalationRules => Set<EscalationRule>();
    public DbSet<WorkspaceCalendar> WorkspaceCalendars => Set<WorkspaceCalendar>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<WorkspaceRoutingRule> RoutingRules => Set<WorkspaceRoutingRule>();
    public DbSet<TrainingExample> TrainingExamples => Set<TrainingExample>();
    public DbSet<ClassifierModel> ClassifierModels => Set<ClassifierModel>();
    public DbSet<UrgentRequest> UrgentRequests => Set<UrgentRequest>();
    public DbSet<OfficialChannel> OfficialChannels => Set<OfficialChannel>();

    /// <summary>The data-protection key ring every node shares (session cookies, protected receipt keys, secrets).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    // Outbox, outbound webhooks and proactive messages
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<ProactiveCampaign> ProactiveCampaigns => Set<ProactiveCampaign>();
    public DbSet<ProactiveRecipient> ProactiveRecipients => Set<ProactiveRecipient>();

    // Chat: the web widget's keys and read marks.
    public DbSet<ChatWidget> ChatWidgets => Set<ChatWidget>();
    public DbSet<ChatReadMark> ChatReadMarks => Set<ChatReadMark>();

    // Email channel
    public DbSet<EmailChannel> EmailChannels => Set<EmailChannel>();
    public DbSet<BouncingAddress> BouncingAddresses => Set<BouncingAddress>();

    // WeChat, webhook channels, hotline log, customer merge
    public DbSet<WeChatChannel> WeChatChannels => Set<WeChatChannel>();
    public DbSet<InboundChannel> InboundChannels => Set<InboundChannel>();
    public DbSet<CallLog> CallLogs => Set<CallLog>();
    public DbSet<CallbackRequest> CallbackRequests => Set<CallbackRequest>();
    public DbSet<CustomerMerge> CustomerMerges => Set<CustomerMerge>();

    // Analytics and the quality loop: metric facts, rollups, CSAT, follow-ups.
    public DbSet<TicketFact> TicketFacts => Set<TicketFact>();
    public DbSet<TicketLedger> TicketLedgers => Set<TicketLedger>();
    public DbSet<MetricRollup> MetricRollups => Set<MetricRollup>();
    public DbSet<CsatSurvey> CsatSurveys => Set<CsatSurvey>();
    public DbSet<FollowUpTask> FollowUpTasks => Set<FollowUpTask>();
    public DbSet<QualitySettings> QualitySettings => Set<QualitySettings>();

    // Quality: follow-on ticket links (reopen window) and the merchant early warning's episodes.
    public DbSet<TicketLink> TicketLinks => Set<TicketLink>();
    public DbSet<MerchantWarningState> MerchantWarningStates => Set<MerchantWarningState>();

    // Web UI: macros and the customer portal's link key
    public DbSet<Kefu.Domain.Macros.Macro> Macros => Set<Kefu.Domain.Macros.Macro>();
    public DbSet<Kefu.Domain.Portal.PortalKey> PortalKeys => Set<Kefu.Domain.Portal.PortalKey>();

    // Routing: a workspace's editable urgent lane (加急).
    public DbSet<WorkspaceUrgentLane> UrgentLanes => Set<WorkspaceUrgentLane>();

    // Search: one token string per searchable document; the full-text index over it is provider-made (see SearchConfigurations).
    public DbSet<Kefu.Domain.Search.SearchEntry> SearchEntries => Set<Kefu.Domain.Search.SearchEntry>();

    // Trust: the admin audit log
    public DbSet<Kefu.Domain.Audit.AdminAuditEntry> AdminAuditEntries => Set<Kefu.Domain.Audit.AdminAuditEntry>();

    // Knowledge base and the FAQ bot
    public DbSet<Kefu.Domain.Knowledge.KnowledgeEntry> KnowledgeEntries => Set<Kefu.Domain.Knowledge.KnowledgeEntry>();
    public DbSet<Kefu.Domain.Bot.BotSettings> BotSettings => Set<Kefu.Domain.Bot.BotSettings>();
    public DbSet<Kefu.Domain.Bot.BotSession> BotSessions => Set<Kefu.Domain.Bot.BotSession>();
    public DbSet<Kefu.Domain.Bot.BotTurn> BotTurns => Set<Kefu.Domain.Bot.BotTurn>();

    // Web UI (web2): sub-tasks of a ticket, agents' saved inbox views
    public DbSet<Kefu.Domain.Tickets.SubTask> SubTasks => Set<Kefu.Domain.Tickets.SubTask>();
    public DbSet<Kefu.Domain.Tickets.SavedView> SavedViews => Set<Kefu.Domain.Tickets.SavedView>();

    /// <summary>Which provider this context talks to, for the few raw statements (ticket numbers) that need it.</summary>
    public abstract DatabaseProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(KefuDbContext).Assembly);

        // Ids are made by the application (time-ordered Guid v7) so a write needs no round trip for its key;
        // telling EF so makes it insert, rather than update, new entities it finds through navigations.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var key in entity.GetKeys().SelectMany(k => k.Properties).Where(p => p.ClrType == typeof(Guid)))
            {
                key.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // Enums as text: the database stays readable for operators and survives reordering of enum members.
        configurationBuilder.Properties<TicketStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<TicketPriority>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Channel>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<MessageDirection>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<MessageVisibility>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AuthorKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AgentRole>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<IdentityKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AgentAvailability>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<AssignmentStrategy>().HaveConversion<string>().HaveMaxLength(16);
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
