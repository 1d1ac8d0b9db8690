using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kefu.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Routing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<TimeSpan>(
                name: "HandleTime",
                table: "Tickets",
                type: "interval",
                nullable: true);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "HandledFor",
                table: "Tickets",
                type: "interval",
                nullable: false,
                defaultValue: new TimeSpan(0, 0, 0, 0, 0));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "HandlingSince",
                table: "Tickets",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "UrgentLanes",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Rules = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UrgentLanes", x => x.WorkspaceId);
                    table.ForeignKey(
                        name: "FK_UrgentLanes_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_HandleTimes",
                table: "Tickets",
                columns: new[] { "WorkspaceId", "SolvedAt" },
                filter: "\"HandleTime\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UrgentLanes");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_HandleTimes",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "HandleTime",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "HandledFor",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "HandlingSince",
                table: "Tickets");
        }
    }
}
