using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kefu.Persistence.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SearchEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WorkspaceId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SourceId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TicketId = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Terms = table.Column<string>(type: "TEXT", nullable: false),
                    IndexedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SearchEntries_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SearchEntries_SourceId_Kind",
                table: "SearchEntries",
                columns: new[] { "SourceId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SearchEntries_WorkspaceId",
                table: "SearchEntries",
                column: "WorkspaceId");

            // The full-text index is not part of the EF model: an external-content FTS5 table over SearchEntries.Terms,
            // kept in step by triggers so every write that adds an entry makes it searchable in the same transaction.
            // Terms are already tokenised (CJK bigrams, words), so unicode61 only has to split on the spaces.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "SearchEntriesFts" USING fts5(
                    "Terms", content='SearchEntries', content_rowid='Id', columnsize=0,
                    tokenize='unicode61 remove_diacritics 0');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "SearchEntries_AfterInsert" AFTER INSERT ON "SearchEntries" BEGIN
                    INSERT INTO "SearchEntriesFts"(rowid, "Terms") VALUES (new."Id", new."Terms");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "SearchEntries_AfterDelete" AFTER DELETE ON "SearchEntries" BEGIN
                    INSERT INTO "SearchEntriesFts"("SearchEntriesFts", rowid, "Terms") VALUES ('delete', old."Id", old."Terms");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "SearchEntries_AfterUpdate" AFTER UPDATE ON "SearchEntries" BEGIN
                    INSERT INTO "SearchEntriesFts"("SearchEntriesFts", rowid, "Terms") VALUES ('delete', old."Id", old."Terms");
                    INSERT INTO "SearchEntriesFts"(rowid, "Terms") VALUES (new."Id", new."Terms");
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "SearchEntries_AfterUpdate";""");
            migrationBuilder.Sql("""DROP TRIGGER "SearchEntries_AfterDelete";""");
            migrationBuilder.Sql("""DROP TRIGGER "SearchEntries_AfterInsert";""");
            migrationBuilder.Sql("""DROP TABLE "SearchEntriesFts";""");
            migrationBuilder.DropTable(
                name: "SearchEntries");
        }
    }
}
