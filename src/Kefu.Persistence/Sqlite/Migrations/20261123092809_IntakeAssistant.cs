using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kefu.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IntakeAssistant : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "IntakeCheckedAt",
                table: "Tickets",
                type: "INTEGER",
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
