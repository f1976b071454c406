using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsPortal.Migrations.SqlServer.Migrations
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
                type: "nvarchar(128)",
                maxLength: 128,
                nullable: true,
                collation: "Latin1_General_100_BIN2");

            migrationBuilder.CreateIndex(
                name: "IX_Chats_InstanceId_Lid",
                table: "Chats",
                columns: new[] { "InstanceId", "Lid" },
                unique: true,
                filter: "[Lid] IS NOT NULL");
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
