using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kefu.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RoutingAndAvailability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "ArbitrationTeamId",
                table: "Workspaces",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "DefaultTeamId",
                table: "Workspaces",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "GeneralTeamId",
                table: "Workspaces",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OfferExpiresAt",
                table: "Tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "OfferedToAgentId",
                table: "Tickets",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PassedAgentIds",
                table: "Tickets",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "Urgent",
                table: "Tickets",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "CalendarKey",
                table: "Teams",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "MerchantId",
                table: "Teams",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OfferTimeoutSeconds",
                table: "Teams",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "OverflowTeamId",
                table: "Teams",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Strategy",
                table: "Teams",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Availability",
                table: "Agents",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "ChatCapacity",
                table: "Agents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "LastAssignedAt",
                table: "Agents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "MerchantId",
                table: "Agents",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TicketCapacity",
                table: "Agents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "RoutingRules",
                columns: table => new
                {
                    Id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    WorkspaceId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Rule = table.Column<string>(type: "TEXT", nullable: false)
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
