using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kefu.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class IntakeAssistant : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "IntakeCheckedAt",
                table: "Tickets",
                type: "timestamp with time zone",
                nullable: true);

            // Tickets from before the assistant are not asked about again.
            migrationBuilder.Sql("UPDATE \"Tickets\" SET \"IntakeCheckedAt\" = \"CreatedAt\"");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_IntakeUnchecked",
                table: "Tickets",
                column: "CreatedAt",
                filter: "\"IntakeCheckedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_IntakeUnchecked",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "IntakeCheckedAt",
                table: "Tickets");
        }
    }
}
