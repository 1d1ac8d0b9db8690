using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kefu.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SlaRoutingIntelligenceTrust : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_TicketId_CreatedAt",
                table: "AuditEvents");

            migrationBuilder.AddColumn<Guid>(
                name: "ArbitrationTeamId",
                table: "Workspaces",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "DefaultTeamId",
                table: "Workspaces",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "GeneralTeamId",
                table: "Workspaces",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EscalatedAt",
                table: "Tickets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EscalationLevel",
                table: "Tickets",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "EscalationReason",
                table: "Tickets",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "InArbitration",
                table: "Tickets",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "IntakeCheckedAt",
                table: "Tickets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastNudgedAt",
                table: "Tickets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NudgeCount",
                table: "Tickets",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "OfferExpiresAt",
                table: "Tickets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "OfferedToAgentId",
                table: "Tickets",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PassedAgentIds",
                table: "Tickets",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SlaCalendarKey",
                table: "Tickets",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "SlaFirstResponse",
                table: "Tickets",
                type: "interval",
                nullable: true);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "SlaNextResponse",
                table: "Tickets",
                type: "interval",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SlaPolicyId",
                table: "Tickets",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "SlaResolution",
                table: "Tickets",
                type: "interval",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SlaWarnAtPercent",
                table: "Tickets",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<byte[]>(
                name: "TimelineHead",
                table: "Tickets",
                type: "bytea",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TimelineLength",
                table: "Tickets",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "Urgent",
                table: "Tickets",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "CalendarKey",
                table: "Teams",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "MerchantId",
                table: "Teams",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OfferTimeoutSeconds",
                table: "Teams",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "OverflowTeamId",
                table: "Teams",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Strategy",
                table: "Teams",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "VerificationCode",
                table: "Messages",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ManagerAgentId",
                table: "Merchants",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ManagerAgentId",
                table: "Customers",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Tier",
                table: "Customers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<byte[]>(
                name: "Hash",
                table: "AuditEvents",
                type: "bytea",
                maxLength: 32,
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<int>(
                name: "Sequence",
                table: "AuditEvents",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Availability",
                table: "Agents",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "ChatCapacity",
                table: "Agents",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastAssignedAt",
                table: "Agents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "MerchantId",
                table: "Agents",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TicketCapacity",
                table: "Agents",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ClassifierModels",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    TrainedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExampleCount = table.Column<int>(type: "integer", nullable: false),
                    LabelCount = table.Column<int>(type: "integer", nullable: false),
                    TrainSeconds = table.Column<double>(type: "double precision", nullable: false),
                    Model = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClassifierModels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClassifierModels_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EscalationRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Trigger = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Metric = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    NotifySupervisors = table.Column<bool>(type: "boolean", nullable: false),
                    RaisePriority = table.Column<bool>(type: "boolean", nullable: false),
                    MoveToTeamId = table.Column<Guid>(type: "uuid", nullable: true),
                    RaiseLevelTo = table.Column<int>(type: "integer", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EscalationRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EscalationRules_Teams_MoveToTeamId",
                        column: x => x.MoveToTeamId,
                        principalTable: "Teams",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_EscalationRules_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TicketId = table.Column<Guid>(type: "uuid", nullable: true),
                    TicketNumber = table.Column<long>(type: "bigint", nullable: true),
                    Data = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReadAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Notifications_Agents_AgentId",
                        column: x => x.AgentId,
                        principalTable: "Agents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Notifications_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "OfficialChannels",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfficialChannels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OfficialChannels_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RoutingRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Rule = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoutingRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RoutingRules_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SigningKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    KeyId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PublicKey = table.Column<byte[]>(type: "bytea", maxLength: 256, nullable: false),
                    ProtectedPrivateKey = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RetiredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SigningKeys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SigningKeys_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SlaPolicies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Conditions = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Targets = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CalendarKey = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SlaPolicies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SlaPolicies_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TicketClocks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    TicketId = table.Column<Guid>(type: "uuid", nullable: false),
                    Metric = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Target = table.Column<TimeSpan>(type: "interval", nullable: false),
                    WarnAtPercent = table.Column<int>(type: "integer", nullable: false),
                    CalendarKey = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Pauses = table.Column<string>(type: "text", nullable: false),
                    StoppedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    WarnAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    WarnedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    BreachedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NextEventAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketClocks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TicketClocks_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrainingExamples",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Label = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    TicketId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingExamples", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TrainingExamples_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UrgentRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReasonKind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecidedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    ApprovedByRule = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DecisionNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UrgentRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UrgentRequests_Tickets_ItemId",
                        column: x => x.ItemId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkspaceCalendars",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Definition = table.Column<string>(type: "character varying(200000)", maxLength: 200000, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkspaceCalendars", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkspaceCalendars_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Entries written before the chain keep an empty hash, so verification reports them rather than
            // vouching for them; they are numbered in insert order so the unique position index holds.
            migrationBuilder.Sql("""
                UPDATE "AuditEvents" SET "Sequence" = (
                    SELECT COUNT(*) FROM "AuditEvents" AS earlier
                    WHERE earlier."TicketId" = "AuditEvents"."TicketId" AND earlier."Id" <= "AuditEvents"."Id")
                """);
            migrationBuilder.Sql("""
                UPDATE "Tickets" SET "TimelineLength" = (
                    SELECT COUNT(*) FROM "AuditEvents" AS entry WHERE entry."TicketId" = "Tickets"."Id")
                """);

            // Tickets from before the intake assistant are not asked about again.
            migrationBuilder.Sql("UPDATE \"Tickets\" SET \"IntakeCheckedAt\" = \"CreatedAt\"");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_IntakeUnchecked",
                table: "Tickets",
                column: "CreatedAt",
                filter: "\"IntakeCheckedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_OfferExpiresAt",
                table: "Tickets",
                column: "OfferExpiresAt",
                filter: "\"OfferExpiresAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_WorkspaceId_VerificationCode",
                table: "Messages",
                columns: new[] { "WorkspaceId", "VerificationCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_TicketId_Sequence",
                table: "AuditEvents",
                columns: new[] { "TicketId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ClassifierModels_WorkspaceId_Version",
                table: "ClassifierModels",
                columns: new[] { "WorkspaceId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EscalationRules_MoveToTeamId",
                table: "EscalationRules",
                column: "MoveToTeamId");

            migrationBuilder.CreateIndex(
                name: "IX_EscalationRules_WorkspaceId_Position",
                table: "EscalationRules",
                columns: new[] { "WorkspaceId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_AgentId_CreatedAt",
                table: "Notifications",
                columns: new[] { "AgentId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_TicketId",
                table: "Notifications",
                column: "TicketId");

            migrationBuilder.CreateIndex(
                name: "IX_OfficialChannels_WorkspaceId_Kind_Value",
                table: "OfficialChannels",
                columns: new[] { "WorkspaceId", "Kind", "Value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RoutingRules_WorkspaceId_Position",
                table: "RoutingRules",
                columns: new[] { "WorkspaceId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_SigningKeys_KeyId",
                table: "SigningKeys",
                column: "KeyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SigningKeys_WorkspaceId",
                table: "SigningKeys",
                column: "WorkspaceId",
                unique: true,
                filter: "\"RetiredAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_SlaPolicies_WorkspaceId_Position",
                table: "SlaPolicies",
                columns: new[] { "WorkspaceId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_TicketClocks_NextEventAt",
                table: "TicketClocks",
                column: "NextEventAt");

            migrationBuilder.CreateIndex(
                name: "IX_TicketClocks_TicketId_Metric",
                table: "TicketClocks",
                columns: new[] { "TicketId", "Metric" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrainingExamples_WorkspaceId_CreatedAt",
                table: "TrainingExamples",
                columns: new[] { "WorkspaceId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingExamples_WorkspaceId_TicketId",
                table: "TrainingExamples",
                columns: new[] { "WorkspaceId", "TicketId" });

            migrationBuilder.CreateIndex(
                name: "IX_UrgentRequests_ItemId",
                table: "UrgentRequests",
                column: "ItemId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkspaceCalendars_WorkspaceId_Key",
                table: "WorkspaceCalendars",
                columns: new[] { "WorkspaceId", "Key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClassifierModels");

            migrationBuilder.DropTable(
                name: "EscalationRules");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "OfficialChannels");

            migrationBuilder.DropTable(
                name: "RoutingRules");

            migrationBuilder.DropTable(
                name: "SigningKeys");

            migrationBuilder.DropTable(
                name: "SlaPolicies");

            migrationBuilder.DropTable(
                name: "TicketClocks");

            migrationBuilder.DropTable(
                name: "TrainingExamples");

            migrationBuilder.DropTable(
                name: "UrgentRequests");

            migrationBuilder.DropTable(
                name: "WorkspaceCalendars");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_IntakeUnchecked",
                table: "Tickets");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_OfferExpiresAt",
                table: "Tickets");

            migrationBuilder.DropIndex(
                name: "IX_Messages_WorkspaceId_VerificationCode",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_TicketId_Sequence",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "ArbitrationTeamId",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "DefaultTeamId",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "GeneralTeamId",
                table: "Workspaces");

            migrationBuilder.DropColumn(
                name: "EscalatedAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "EscalationLevel",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "EscalationReason",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "InArbitration",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "IntakeCheckedAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "LastNudgedAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "NudgeCount",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "OfferExpiresAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "OfferedToAgentId",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "PassedAgentIds",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "SlaCalendarKey",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "SlaFirstResponse",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "SlaNextResponse",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "SlaPolicyId",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "SlaResolution",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "SlaWarnAtPercent",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "TimelineHead",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "TimelineLength",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "Urgent",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "CalendarKey",
                table: "Teams");

            migrationBuilder.DropColumn(
                name: "MerchantId",
                table: "Teams");

            migrationBuilder.DropColumn(
                name: "OfferTimeoutSeconds",
                table: "Teams");

            migrationBuilder.DropColumn(
                name: "OverflowTeamId",
                table: "Teams");

            migrationBuilder.DropColumn(
                name: "Strategy",
                table: "Teams");

            migrationBuilder.DropColumn(
                name: "VerificationCode",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "ManagerAgentId",
                table: "Merchants");

            migrationBuilder.DropColumn(
                name: "ManagerAgentId",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "Tier",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "Availability",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "ChatCapacity",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "LastAssignedAt",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "MerchantId",
                table: "Agents");

            migrationBuilder.DropColumn(
                name: "TicketCapacity",
                table: "Agents");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_TicketId_CreatedAt",
                table: "AuditEvents",
                columns: new[] { "TicketId", "CreatedAt" });
        }
    }
}
