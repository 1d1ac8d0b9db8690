using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kefu.Persistence.Sqlite.Migrations
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "HandledFor",
                table: "Tickets",
                type: "TEXT",
                nullable: false,
                defaultValue: new TimeSpan(0, 0, 0, 0, 0));

            migrationBuilder.AddColumn<long>(
                name: "HandlingSince",
                table: "Tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "UrgentLanes",
                columns: table => new
                {
                    WorkspaceId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Rules = table.Column<string>(type: "TEXT", nullable: false)
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
