using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kefu.Persistence.Postgres.Migrations
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Address = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    Bounces = table.Column<int>(type: "integer", nullable: false),
                    FirstBouncedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastBouncedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    FromAddress = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    FromName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    ImapHost = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: true),
                    ImapPort = table.Column<int>(type: "integer", nullable: false),
                    ImapSecurity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ImapUser = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    ImapPasswordProtected = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    SmtpHost = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: true),
                    SmtpPort = table.Column<int>(type: "integer", nullable: false),
                    SmtpSecurity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SmtpUser = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    SmtpPasswordProtected = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    InboundSecretHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ImapUidValidity = table.Column<long>(type: "bigint", nullable: false),
                    LastSeenUid = table.Column<long>(type: "bigint", nullable: false),
                    LastPolledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastPollError = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
