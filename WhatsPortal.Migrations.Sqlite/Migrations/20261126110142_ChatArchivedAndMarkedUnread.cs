using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ChatArchivedAndMarkedUnread : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Archived",
                table: "Chats",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "MarkedUnread",
                table: "Chats",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Archived",
                table: "Chats");

            migrationBuilder.DropColumn(
                name: "MarkedUnread",
                table: "Chats");
        }
    }
}
