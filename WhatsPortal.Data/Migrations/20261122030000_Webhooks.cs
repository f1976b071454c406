using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace WhatsPortal.Data.Migrations;

/// <summary>Webhook settings on instances and tenants, and the durable webhook outbox with its attempt log.</summary>
[DbContext(typeof(WhatsPortalDbContext))]
[Migration("20261122030000_Webhooks")]
public sealed class Webhooks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(
            name: "WebhookSecret",
            table: "Instances",
            maxLength: 128,
            nullable: true);
        migrationBuilder.AddColumn<string>(
            name: "WebhookEvents",
            table: "Instances",
            maxLength: 256,
            nullable: true);
        migrationBuilder.AddColumn<string>(
            name: "WebhookUrl",
            table: "Tenants",
            maxLength: 2048,
            nullable: true);
        migrationBuilder.AddColumn<string>(
            name: "WebhookSecret",
            table: "Tenants",
            maxLength: 128,
            nullable: true);
        migrationBuilder.AddColumn<string>(
            name: "WebhookEvents",
            table: "Tenants",
            maxLength: 256,
            nullable: true);

        migrationBuilder.CreateTable(
            name: "WebhookDeliveries",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                TenantId = table.Column<Guid>(nullable: false),
                InstanceId = table.Column<Guid>(nullable: false),
                EventId = table.Column<Guid>(nullable: false),
                EventType = table.Column<string>(maxLength: 32, nullable: false),
                Target = table.Column<string>(maxLength: 16, nullable: false),
                Url = table.Column<string>(maxLength: 2048, nullable: false),
                Payload = table.Column<string>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                Attempts = table.Column<int>(nullable: false),
                NextAttemptAt = table.Column<DateTime>(nullable: false),
                LastStatusCode = table.Column<int>(nullable: true),
                LastError = table.Column<string>(maxLength: 2000, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                DeliveredAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WebhookDeliveries", x => x.Id);
                table.ForeignKey(
                    name: "FK_WebhookDeliveries_Instances_InstanceId",
                    column: x => x.InstanceId,
                    principalTable: "Instances",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "WebhookAttempts",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                TenantId = table.Column<Guid>(nullable: false),
                DeliveryId = table.Column<long>(nullable: false),
                At = table.Column<DateTime>(nullable: false),
                StatusCode = table.Column<int>(nullable: true),
                DurationMs = table.Column<int>(nullable: false),
                Error = table.Column<string>(maxLength: 2000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WebhookAttempts", x => x.Id);
                table.ForeignKey(
                    name: "FK_WebhookAttempts_WebhookDeliveries_DeliveryId",
                    column: x => x.DeliveryId,
                    principalTable: "WebhookDeliveries",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "IX_WebhookAttempts_DeliveryId",
            table: "WebhookAttempts",
            column: "DeliveryId");

        migrationBuilder.CreateIndex(
            name: "IX_WebhookDeliveries_InstanceId_Id",
            table: "WebhookDeliveries",
            columns: new[] { "InstanceId", "Id" });

        migrationBuilder.CreateIndex(
            name: "IX_WebhookDeliveries_Status_NextAttemptAt",
            table: "WebhookDeliveries",
            columns: new[] { "Status", "NextAttemptAt" });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "WebhookAttempts");
        migrationBuilder.DropTable(name: "WebhookDeliveries");
        migrationBuilder.DropColumn(name: "WebhookEvents", table: "Tenants");
        migrationBuilder.DropColumn(name: "WebhookSecret", table: "Tenants");
        migrationBuilder.DropColumn(name: "WebhookUrl", table: "Tenants");
        migrationBuilder.DropColumn(name: "WebhookEvents", table: "Instances");
        migrationBuilder.DropColumn(name: "WebhookSecret", table: "Instances");
    }
}
