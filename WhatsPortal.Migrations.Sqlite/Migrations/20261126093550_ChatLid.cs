using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsPortal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ChatLid : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Lid",
                table: "Chats",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Chats_InstanceId_Lid",
                table: "Chats",
                columns: new[] { "InstanceId", "Lid" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Chats_InstanceId_Lid",
                table: "Chats");

            migrationBuilder.DropColumn(
                name: "Lid",
                table: "Chats");
        }
    }
}
