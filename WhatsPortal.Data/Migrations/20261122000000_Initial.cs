using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace WhatsPortal.Data.Migrations;

/// <summary>
/// The first schema. One migration serves both providers: column types are left to each provider's
/// type mapping, and provider annotations (Sqlite:*, Npgsql:*) are ignored by the other provider.
/// SchemaMatchesModelTests proves the result equals the model on SQLite and PostgreSQL.
/// </summary>
[DbContext(typeof(WhatsPortalDbContext))]
[Migration("20261122000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AspNetRoles",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                Name = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedName = table.Column<string>(maxLength: 256, nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetRoles", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "Tenants",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                InstanceQuota = table.Column<int>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                SuspendedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Tenants", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "AspNetRoleClaims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                RoleId = table.Column<string>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                table.ForeignKey(
                    name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                    column: x => x.RoleId,
                    principalTable: "AspNetRoles",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "ApiKeys",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                Prefix = table.Column<string>(maxLength: 12, nullable: false),
                Hash = table.Column<string>(maxLength: 64, nullable: false),
                Scopes = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                LastUsedAt = table.Column<DateTime>(nullable: true),
                RevokedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ApiKeys", x => x.Id);
                table.ForeignKey(
                    name: "FK_ApiKeys_Tenants_TenantId",
                    column: x => x.TenantId,
                    principalTable: "Tenants",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUsers",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                TenantId = table.Column<Guid>(nullable: true),
                DisplayName = table.Column<string>(maxLength: 100, nullable: true),
                Culture = table.Column<string>(maxLength: 16, nullable: true),
                TimeZone = table.Column<string>(maxLength: 64, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UserName = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedUserName = table.Column<string>(maxLength: 256, nullable: true),
                Email = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedEmail = table.Column<string>(maxLength: 256, nullable: true),
                EmailConfirmed = table.Column<bool>(nullable: false),
                PasswordHash = table.Column<string>(nullable: true),
                SecurityStamp = table.Column<string>(nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
                PhoneNumber = table.Column<string>(nullable: true),
                PhoneNumberConfirmed = table.Column<bool>(nullable: false),
                TwoFactorEnabled = table.Column<bool>(nullable: false),
                LockoutEnd = table.Column<DateTimeOffset>(nullable: true),
                LockoutEnabled = table.Column<bool>(nullable: false),
                AccessFailedCount = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                table.ForeignKey(
                    name: "FK_AspNetUsers_Tenants_TenantId",
                    column: x => x.TenantId,
                    principalTable: "Tenants",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Instances",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                Status = table.Column<string>(maxLength: 32, nullable: false),
                StatusReason = table.Column<string>(maxLength: 2000, nullable: true),
                AutoStart = table.Column<bool>(nullable: false),
                WhatsAppId = table.Column<string>(maxLength: 128, nullable: true),
                WebhookUrl = table.Column<string>(maxLength: 2048, nullable: true),
                SendIntervalMs = table.Column<int>(nullable: false),
                SendJitterMs = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                LastActivityAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Instances", x => x.Id);
                table.ForeignKey(
                    name: "FK_Instances_Tenants_TenantId",
                    column: x => x.TenantId,
                    principalTable: "Tenants",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserClaims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                UserId = table.Column<string>(nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                table.ForeignKey(
                    name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                    column: x => x.UserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserLogins",
            columns: table => new
            {
                LoginProvider = table.Column<string>(nullable: false),
                ProviderKey = table.Column<string>(nullable: false),
                ProviderDisplayName = table.Column<string>(nullable: true),
                UserId = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                table.ForeignKey(
                    name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                    column: x => x.UserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserRoles",
            columns: table => new
            {
                UserId = table.Column<string>(nullable: false),
                RoleId = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                table.ForeignKey(
                    name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                    column: x => x.RoleId,
                    principalTable: "AspNetRoles",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
                table.ForeignKey(
                    name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                    column: x => x.UserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserTokens",
            columns: table => new
            {
                UserId = table.Column<string>(nullable: false),
                LoginProvider = table.Column<string>(nullable: false),
                Name = table.Column<string>(nullable: false),
                Value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                table.ForeignKey(
                    name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                    column: x => x.UserId,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Chats",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                InstanceId = table.Column<Guid>(nullable: false),
                RemoteId = table.Column<string>(maxLength: 128, nullable: false),
                Name = table.Column<string>(maxLength: 256, nullable: true),
                UnreadCount = table.Column<int>(nullable: false),
                LastMessageAt = table.Column<DateTime>(nullable: true),
                LastMessagePreview = table.Column<string>(maxLength: 200, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Chats", x => x.Id);
                table.ForeignKey(
                    name: "FK_Chats_Instances_InstanceId",
                    column: x => x.InstanceId,
                    principalTable: "Instances",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "InstanceEvents",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                TenantId = table.Column<Guid>(nullable: false),
                InstanceId = table.Column<Guid>(nullable: false),
                Type = table.Column<string>(maxLength: 64, nullable: false),
                Level = table.Column<string>(maxLength: 16, nullable: false),
                FromStatus = table.Column<string>(maxLength: 32, nullable: true),
                ToStatus = table.Column<string>(maxLength: 32, nullable: true),
                Message = table.Column<string>(maxLength: 2000, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_InstanceEvents", x => x.Id);
                table.ForeignKey(
                    name: "FK_InstanceEvents_Instances_InstanceId",
                    column: x => x.InstanceId,
                    principalTable: "Instances",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Messages",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                TenantId = table.Column<Guid>(nullable: false),
                InstanceId = table.Column<Guid>(nullable: false),
                ChatId = table.Column<Guid>(nullable: false),
                Direction = table.Column<string>(maxLength: 16, nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                Type = table.Column<string>(maxLength: 16, nullable: false),
                Text = table.Column<string>(maxLength: 65536, nullable: true),
                WhatsAppId = table.Column<string>(maxLength: 256, nullable: true),
                SenderId = table.Column<string>(maxLength: 128, nullable: true),
                MediaPath = table.Column<string>(maxLength: 512, nullable: true),
                MediaMimeType = table.Column<string>(maxLength: 127, nullable: true),
                MediaFileName = table.Column<string>(maxLength: 255, nullable: true),
                MediaSize = table.Column<long>(nullable: true),
                IdempotencyKey = table.Column<string>(maxLength: 128, nullable: true),
                Error = table.Column<string>(maxLength: 2000, nullable: true),
                Attempts = table.Column<int>(nullable: false),
                Revoked = table.Column<bool>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                SentAt = table.Column<DateTime>(nullable: true),
                DeliveredAt = table.Column<DateTime>(nullable: true),
                ReadAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Messages", x => x.Id);
                table.ForeignKey(
                    name: "FK_Messages_Chats_ChatId",
                    column: x => x.ChatId,
                    principalTable: "Chats",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "IX_ApiKeys_Hash",
            table: "ApiKeys",
            column: "Hash",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_ApiKeys_TenantId",
            table: "ApiKeys",
            column: "TenantId");

        migrationBuilder.CreateIndex(
            name: "IX_AspNetRoleClaims_RoleId",
            table: "AspNetRoleClaims",
            column: "RoleId");

        migrationBuilder.CreateIndex(
            name: "RoleNameIndex",
            table: "AspNetRoles",
            column: "NormalizedName",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_AspNetUserClaims_UserId",
            table: "AspNetUserClaims",
            column: "UserId");

        migrationBuilder.CreateIndex(
            name: "IX_AspNetUserLogins_UserId",
            table: "AspNetUserLogins",
            column: "UserId");

        migrationBuilder.CreateIndex(
            name: "IX_AspNetUserRoles_RoleId",
            table: "AspNetUserRoles",
            column: "RoleId");

        migrationBuilder.CreateIndex(
            name: "EmailIndex",
            table: "AspNetUsers",
            column: "NormalizedEmail");

        migrationBuilder.CreateIndex(
            name: "IX_AspNetUsers_TenantId",
            table: "AspNetUsers",
            column: "TenantId");

        migrationBuilder.CreateIndex(
            name: "UserNameIndex",
            table: "AspNetUsers",
            column: "NormalizedUserName",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Chats_InstanceId_LastMessageAt",
            table: "Chats",
            columns: new[] { "InstanceId", "LastMessageAt" });

        migrationBuilder.CreateIndex(
            name: "IX_Chats_InstanceId_RemoteId",
            table: "Chats",
            columns: new[] { "InstanceId", "RemoteId" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_InstanceEvents_InstanceId_Id",
            table: "InstanceEvents",
            columns: new[] { "InstanceId", "Id" });

        migrationBuilder.CreateIndex(
            name: "IX_Instances_TenantId_Name",
            table: "Instances",
            columns: new[] { "TenantId", "Name" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Messages_ChatId_CreatedAt",
            table: "Messages",
            columns: new[] { "ChatId", "CreatedAt" });

        migrationBuilder.CreateIndex(
            name: "IX_Messages_InstanceId_IdempotencyKey",
            table: "Messages",
            columns: new[] { "InstanceId", "IdempotencyKey" },
            unique: true,
            filter: "\"IdempotencyKey\" IS NOT NULL");

        migrationBuilder.CreateIndex(
            name: "IX_Messages_InstanceId_Status_CreatedAt",
            table: "Messages",
            columns: new[] { "InstanceId", "Status", "CreatedAt" });

        migrationBuilder.CreateIndex(
            name: "IX_Messages_InstanceId_WhatsAppId",
            table: "Messages",
            columns: new[] { "InstanceId", "WhatsAppId" });

        migrationBuilder.CreateIndex(
            name: "IX_Tenants_Name",
            table: "Tenants",
            column: "Name",
            unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "Messages");
        migrationBuilder.DropTable(name: "InstanceEvents");
        migrationBuilder.DropTable(name: "Chats");
        migrationBuilder.DropTable(name: "AspNetUserTokens");
        migrationBuilder.DropTable(name: "AspNetUserRoles");
        migrationBuilder.DropTable(name: "AspNetUserLogins");
        migrationBuilder.DropTable(name: "AspNetUserClaims");
        migrationBuilder.DropTable(name: "Instances");
        migrationBuilder.DropTable(name: "AspNetUsers");
        migrationBuilder.DropTable(name: "ApiKeys");
        migrationBuilder.DropTable(name: "AspNetRoleClaims");
        migrationBuilder.DropTable(name: "Tenants");
        migrationBuilder.DropTable(name: "AspNetRoles");
    }
}
