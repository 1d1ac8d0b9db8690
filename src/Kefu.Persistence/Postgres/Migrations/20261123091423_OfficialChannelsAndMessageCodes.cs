using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kefu.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class OfficialChannelsAndMessageCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "VerificationCode",
                table: "Messages",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "OfficialChannels",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfficialChannels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OfficialChannels_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_WorkspaceId_VerificationCode",
                table: "Messages",
                columns: new[] { "WorkspaceId", "VerificationCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OfficialChannels_WorkspaceId_Kind_Value",
                table: "OfficialChannels",
                columns: new[] { "WorkspaceId", "Kind", "Value" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OfficialChannels");

            migrationBuilder.DropIndex(
                name: "IX_Messages_WorkspaceId_VerificationCode",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "VerificationCode",
                table: "Messages");
        }
    }
}
