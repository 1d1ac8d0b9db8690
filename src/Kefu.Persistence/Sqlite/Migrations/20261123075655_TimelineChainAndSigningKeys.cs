using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kefu.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TimelineChainAndSigningKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_TicketId_CreatedAt",
                table: "AuditEvents");

            migrationBuilder.AddColumn<byte[]>(
                name: "TimelineHead",
                table: "Tickets",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TimelineLength",
                table: "Tickets",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<byte[]>(
                name: "Hash",
                table: "AuditEvents",
                type: "BLOB",
                maxLength: 32,
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<int>(
                name: "Sequence",
                table: "AuditEvents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "SigningKeys",
                columns: table => new
                {
                    Id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    WorkspaceId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PublicKey = table.Column<byte[]>(type: "BLOB", maxLength: 256, nullable: false),
                    ProtectedPrivateKey = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RetiredAt = table.Column<long>(type: "INTEGER", nullable: true)
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

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_TicketId_Sequence",
                table: "AuditEvents",
                columns: new[] { "TicketId", "Sequence" },
                unique: true);

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SigningKeys");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_TicketId_Sequence",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "TimelineHead",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "TimelineLength",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "AuditEvents");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_TicketId_CreatedAt",
                table: "AuditEvents",
                columns: new[] { "TicketId", "CreatedAt" });
        }
    }
}
