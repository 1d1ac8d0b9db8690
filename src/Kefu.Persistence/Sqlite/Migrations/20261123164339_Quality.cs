using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kefu.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Quality : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MerchantWarningStates",
                columns: table => new
                {
                    WorkspaceId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    MerchantId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    EpisodeStartDay = table.Column<int>(type: "INTEGER", nullable: false),
                    LastFlaggedDay = table.Column<int>(type: "INTEGER", nullable: false),
                    Complaints = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MerchantWarningStates", x => new { x.WorkspaceId, x.MerchantId });
                    table.ForeignKey(
                        name: "FK_MerchantWarningStates_Merchants_MerchantId",
                        column: x => x.MerchantId,
                        principalTable: "Merchants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MerchantWarningStates_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TicketLinks",
                columns: table => new
                {
                    Id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    WorkspaceId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TicketId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TicketNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    EarlierTicketId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    EarlierTicketNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TicketLinks_Tickets_EarlierTicketId",
                        column: x => x.EarlierTicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_TicketLinks_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MerchantWarningStates_MerchantId",
                table: "MerchantWarningStates",
                column: "MerchantId");

            migrationBuilder.CreateIndex(
                name: "IX_TicketLinks_EarlierTicketId",
                table: "TicketLinks",
                column: "EarlierTicketId");

            migrationBuilder.CreateIndex(
                name: "IX_TicketLinks_TicketId",
                table: "TicketLinks",
                column: "TicketId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MerchantWarningStates");

            migrationBuilder.DropTable(
                name: "TicketLinks");
        }
    }
}
