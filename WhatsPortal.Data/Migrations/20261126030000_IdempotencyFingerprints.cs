using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WhatsPortal.Data.Migrations;

/// <summary>Messages keep the fingerprint of the request their idempotency key came with; older rows have none and match any request.</summary>
[DbContext(typeof(WhatsPortalDbContext))]
[Migration("20261126030000_IdempotencyFingerprints")]
public sealed class IdempotencyFingerprints : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "RequestFingerprint", table: "Messages", maxLength: 64, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "RequestFingerprint", table: "Messages");
}
