using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kefu.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Analytics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CsatSurveys",
                columns: table => new
                {
                    Id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    WorkspaceId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TicketId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TicketNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    Cycle = table.Column<int>(type: "INTEGER", nullable: false),
                    SolvedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LinkDueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LinkIssuedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AgentIds = table.Column<string>(type: "TEXT", nullable: false),
                    Rating = table.Column<int>(type: "INTEGER", nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnsweredVia = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CsatSurveys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CsatSurveys_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FollowUpTasks",
                columns: table => new
                {
                    Id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    WorkspaceId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TicketId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TicketNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    Cycle = table.Column<int>(type: "INTEGER", nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    RuleNote = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AssigneeId = table.Column<byte[]>(type: "BLOB", nullable: true),
                    TeamId = table.Column<byte[]>(type: "BLOB", nullable: true),
                    MerchantId = table.Column<byte[]>(type: "BLOB", nullable: true),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedBy = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FollowUpTasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FollowUpTasks_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MetricRollups",
                columns: table => new
                {
                    WorkspaceId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Dimension = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Bucket = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false),
                    Timed = table.Column<long>(type: "INTEGER", nullable: false),
                    WallSeconds = table.Column<double>(type: "REAL", nullable: false),
                    BusinessSeconds = table.Column<double>(type: "REAL", nullable: false),
                    Targeted = table.Column<long>(type: "INTEGER", nullable: false),
                    Met = table.Column<long>(type: "INTEGER", nullable: false),
                    Flagged = table.Column<long>(type: "INTEGER", nullable: false),
                    ValueSum = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MetricRollups", x => new { x.WorkspaceId, x.Dimension, x.Kind, x.Bucket, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "QualitySettings",
                columns: table => new
                {
                    WorkspaceId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    ReopenWindow = table.Column<TimeSpan>(type: "TEXT", nullable: false),
                    CsatLinkDelay = table.Column<TimeSpan>(type: "TEXT", nullable: false),
                    AverageHandleMinutes = table.Column<double>(type: "REAL", nullable: false),
                    FollowUpRules = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QualitySettings", x => x.WorkspaceId);
                    table.ForeignKey(
                        name: "FK_QualitySettings_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TicketFacts",
                columns: table => new
                {
                    Id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    WorkspaceId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TicketId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TicketNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Cycle = table.Column<int>(type: "INTEGER", nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LocalDay = table.Column<int>(type: "INTEGER", nullable: false),
                    LocalHour = table.Column<int>(type: "INTEGER", nullable: false),
                    WallSeconds = table.Column<double>(type: "REAL", nullable: true),
                    BusinessSeconds = table.Column<double>(type: "REAL", nullable: true),
                    WithinTarget = table.Column<bool>(type: "INTEGER", nullable: true),
                    Flag = table.Column<bool>(type: "INTEGER", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    AgentId = table.Column<byte[]>(type: "BLOB", nullable: true),
                    TeamId = table.Column<byte[]>(type: "BLOB", nullable: true),
                    CategoryId = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MerchantId = table.Column<byte[]>(type: "BLOB", nullable: true),
                    CustomerTier = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedHour = table.Column<int>(type: "INTEGER", nullable: false),
                    AttributionOnly = table.Column<bool>(type: "INTEGER", nullable: false),
                    RolledUp = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketFacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TicketFacts_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TicketLedgers",
                columns: table => new
                {
                    TicketId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    WorkspaceId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CustomerTier = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedHour = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Cycle = table.Column<int>(type: "INTEGER", nullable: false),
                    LastSolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AwaitingSince = table.Column<long>(type: "INTEGER", nullable: true),
                    AwaitingBusinessSeconds = table.Column<double>(type: "REAL", nullable: false),
                    AwaitingRunningSince = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolutionBusinessSeconds = table.Column<double>(type: "REAL", nullable: false),
                    ResolutionRunningSince = table.Column<long>(type: "INTEGER", nullable: true),
                    Responded = table.Column<bool>(type: "INTEGER", nullable: false),
                    AgentReplies = table.Column<int>(type: "INTEGER", nullable: false),
                    CycleAgentReplies = table.Column<int>(type: "INTEGER", nullable: false),
                    CycleAgentIds = table.Column<string>(type: "TEXT", nullable: false),
                    Reopens = table.Column<int>(type: "INTEGER", nullable: false),
                    EverSolved = table.Column<bool>(type: "INTEGER", nullable: false),
                    CountedOneTouch = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketLedgers", x => x.TicketId);
                    table.ForeignKey(
                        name: "FK_TicketLedgers_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CsatSurveys_LinkDueAt",
                table: "CsatSurveys",
                column: "LinkDueAt",
                filter: "\"LinkIssuedAt\" IS NULL AND \"AnsweredAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CsatSurveys_TicketId_Cycle",
                table: "CsatSurveys",
                columns: new[] { "TicketId", "Cycle" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CsatSurveys_TokenHash",
                table: "CsatSurveys",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpTasks_TicketId_Cycle_Trigger",
                table: "FollowUpTasks",
                columns: new[] { "TicketId", "Cycle", "Trigger" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpTasks_WorkspaceId_AssigneeId_Status_DueAt",
                table: "FollowUpTasks",
                columns: new[] { "WorkspaceId", "AssigneeId", "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_FollowUpTasks_WorkspaceId_TeamId_Status_DueAt",
                table: "FollowUpTasks",
                columns: new[] { "WorkspaceId", "TeamId", "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TicketFacts_Pending",
                table: "TicketFacts",
                column: "RolledUp",
                filter: "\"RolledUp\" = FALSE");

            migrationBuilder.CreateIndex(
                name: "IX_TicketFacts_TicketId",
                table: "TicketFacts",
                column: "TicketId");

            migrationBuilder.CreateIndex(
                name: "IX_TicketFacts_WorkspaceId_Kind_LocalDay",
                table: "TicketFacts",
                columns: new[] { "WorkspaceId", "Kind", "LocalDay" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CsatSurveys");

            migrationBuilder.DropTable(
                name: "FollowUpTasks");

            migrationBuilder.DropTable(
                name: "MetricRollups");

            migrationBuilder.DropTable(
                name: "QualitySettings");

            migrationBuilder.DropTable(
                name: "TicketFacts");

            migrationBuilder.DropTable(
                name: "TicketLedgers");
        }
    }
}
