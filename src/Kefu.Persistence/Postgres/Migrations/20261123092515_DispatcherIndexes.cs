using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kefu.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DispatcherIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_WorkspaceId_AssigneeId_TeamId_Status_CreatedAt",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_OfferExpiresAt",
                table: "Tickets",
                column: "OfferExpiresAt",
                filter: "\"OfferExpiresAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_OfferExpiresAt",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_WorkspaceId_AssigneeId_TeamId_Status_CreatedAt",
                table: "Tickets",
                columns: new[] { "WorkspaceId", "AssigneeId", "TeamId", "Status", "CreatedAt" });
        }
    }
}
