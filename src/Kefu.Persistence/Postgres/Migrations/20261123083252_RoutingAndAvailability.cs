using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kefu.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RoutingAndAvailability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_WorkspaceId_AssigneeId_TeamId_Status_CreatedAt",
                table: "Tickets",
                columns: new[] { "WorkspaceId", "AssigneeId", "TeamId", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RoutingRules_WorkspaceId_Position",
                table: "RoutingRules",
                columns: new[] { "WorkspaceId", "Position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RoutingRules");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_WorkspaceId_AssigneeId_TeamId_Status_CreatedAt",
                table: "Tickets");

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
                name: "OfferExpiresAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "OfferedToAgentId",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "PassedAgentIds",
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
        }
    }
}
