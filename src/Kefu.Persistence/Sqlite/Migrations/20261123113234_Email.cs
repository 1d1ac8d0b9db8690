using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kefu.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Email : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BouncingAddresses",
                columns: table => new
                {
                    Id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    WorkspaceId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Bounces = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstBouncedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastBouncedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BouncingAddresses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BouncingAddresses_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EmailChannels",
                columns: table => new
                {
                    Id = table.Column<byte[]>(type: "BLOB", nullable: false),
                    WorkspaceId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    FromAddress = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    FromName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    ImapHost = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    ImapPort = table.Column<int>(type: "INTEGER", nullable: false),
                    ImapSecurity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ImapUser = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    ImapPasswordProtected = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SmtpHost = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    SmtpPort = table.Column<int>(type: "INTEGER", nullable: false),
                    SmtpSecurity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SmtpUser = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    SmtpPasswordProtected = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    InboundSecretHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ImapUidValidity = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenUid = table.Column<long>(type: "INTEGER", nullable: false),
                    LastPolledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastPollError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmailChannels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EmailChannels_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BouncingAddresses_WorkspaceId_Address",
                table: "BouncingAddresses",
                columns: new[] { "WorkspaceId", "Address" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EmailChannels_InboundSecretHash",
                table: "EmailChannels",
                column: "InboundSecretHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EmailChannels_WorkspaceId_FromAddress",
                table: "EmailChannels",
                columns: new[] { "WorkspaceId", "FromAddress" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BouncingAddresses");

            migrationBuilder.DropTable(
                name: "EmailChannels");
        }
    }
}
