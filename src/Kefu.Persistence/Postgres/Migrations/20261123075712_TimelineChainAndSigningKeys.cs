using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kefu.Persistence.Postgres.Migrations
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
                type: "bytea",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TimelineLength",
                table: "Tickets",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<byte[]>(
                name: "Hash",
                table: "AuditEvents",
                type: "bytea",
                maxLength: 32,
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<int>(
                name: "Sequence",
                table: "AuditEvents",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "SigningKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    KeyId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PublicKey = table.Column<byte[]>(type: "bytea", maxLength: 256, nullable: false),
                    ProtectedPrivateKey = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RetiredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
