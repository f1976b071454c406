using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace WhatsPortal.Data.Migrations;

/// <summary>Engine events committed with the changes they describe, until they are handed to integrators.</summary>
[DbContext(typeof(WhatsPortalDbContext))]
[Migration("20261122080000_PendingEvents")]
public sealed class PendingEvents : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "PendingEvents",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                TenantId = table.Column<Guid>(nullable: false),
                InstanceId = table.Column<Guid>(nullable: false),
                EventId = table.Column<Guid>(nullable: false),
                Payload = table.Column<string>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PendingEvents", x => x.Id);
                table.ForeignKey(
                    name: "FK_PendingEvents_Instances_InstanceId",
                    column: x => x.InstanceId,
                    principalTable: "Instances",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "IX_PendingEvents_InstanceId",
            table: "PendingEvents",
            column: "InstanceId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "PendingEvents");
}
