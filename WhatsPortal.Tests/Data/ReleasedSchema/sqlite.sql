CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);

CREATE TABLE "Tenants" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Tenants" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "InstanceQuota" INTEGER NULL,
    "CreatedAt" TEXT NOT NULL,
    "SuspendedAt" TEXT NULL
);

CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ApiKeys" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_ApiKeys" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Prefix" TEXT NOT NULL,
    "Hash" TEXT NOT NULL,
    "Scopes" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "LastUsedAt" TEXT NULL,
    "RevokedAt" TEXT NULL,
    CONSTRAINT "FK_ApiKeys_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "TenantId" TEXT NULL,
    "DisplayName" TEXT NULL,
    "Culture" TEXT NULL,
    "TimeZone" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" TEXT NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL,
    CONSTRAINT "FK_AspNetUsers_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Instances" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Instances" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "StatusReason" TEXT NULL,
    "AutoStart" INTEGER NOT NULL,
    "WhatsAppId" TEXT NULL,
    "WebhookUrl" TEXT NULL,
    "SendIntervalMs" INTEGER NOT NULL,
    "SendJitterMs" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "LastActivityAt" TEXT NULL,
    CONSTRAINT "FK_Instances_Tenants_TenantId" FOREIGN KEY ("TenantId") REFERENCES "Tenants" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Chats" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Chats" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "InstanceId" TEXT NOT NULL,
    "RemoteId" TEXT NOT NULL,
    "Name" TEXT NULL,
    "UnreadCount" INTEGER NOT NULL,
    "LastMessageAt" TEXT NULL,
    "LastMessagePreview" TEXT NULL,
    CONSTRAINT "FK_Chats_Instances_InstanceId" FOREIGN KEY ("InstanceId") REFERENCES "Instances" ("Id") ON DELETE CASCADE
);

CREATE TABLE "InstanceEvents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_InstanceEvents" PRIMARY KEY AUTOINCREMENT,
    "TenantId" TEXT NOT NULL,
    "InstanceId" TEXT NOT NULL,
    "Type" TEXT NOT NULL,
    "Level" TEXT NOT NULL,
    "FromStatus" TEXT NULL,
    "ToStatus" TEXT NULL,
    "Message" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_InstanceEvents_Instances_InstanceId" FOREIGN KEY ("InstanceId") REFERENCES "Instances" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Messages" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Messages" PRIMARY KEY,
    "TenantId" TEXT NOT NULL,
    "InstanceId" TEXT NOT NULL,
    "ChatId" TEXT NOT NULL,
    "Direction" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Type" TEXT NOT NULL,
    "Text" TEXT NULL,
    "WhatsAppId" TEXT NULL,
    "SenderId" TEXT NULL,
    "MediaPath" TEXT NULL,
    "MediaMimeType" TEXT NULL,
    "MediaFileName" TEXT NULL,
    "MediaSize" INTEGER NULL,
    "IdempotencyKey" TEXT NULL,
    "Error" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "Revoked" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "SentAt" TEXT NULL,
    "DeliveredAt" TEXT NULL,
    "ReadAt" TEXT NULL,
    CONSTRAINT "FK_Messages_Chats_ChatId" FOREIGN KEY ("ChatId") REFERENCES "Chats" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_ApiKeys_Hash" ON "ApiKeys" ("Hash");

CREATE INDEX "IX_ApiKeys_TenantId" ON "ApiKeys" ("TenantId");

CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");

CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");

CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");

CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");

CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");

CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");

CREATE INDEX "IX_AspNetUsers_TenantId" ON "AspNetUsers" ("TenantId");

CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");

CREATE INDEX "IX_Chats_InstanceId_LastMessageAt" ON "Chats" ("InstanceId", "LastMessageAt");

CREATE UNIQUE INDEX "IX_Chats_InstanceId_RemoteId" ON "Chats" ("InstanceId", "RemoteId");

CREATE INDEX "IX_InstanceEvents_InstanceId_Id" ON "InstanceEvents" ("InstanceId", "Id");

CREATE UNIQUE INDEX "IX_Instances_TenantId_Name" ON "Instances" ("TenantId", "Name");

CREATE INDEX "IX_Messages_ChatId_CreatedAt" ON "Messages" ("ChatId", "CreatedAt");

CREATE UNIQUE INDEX "IX_Messages_InstanceId_IdempotencyKey" ON "Messages" ("InstanceId", "IdempotencyKey") WHERE "IdempotencyKey" IS NOT NULL;

CREATE INDEX "IX_Messages_InstanceId_Status_CreatedAt" ON "Messages" ("InstanceId", "Status", "CreatedAt");

CREATE INDEX "IX_Messages_InstanceId_WhatsAppId" ON "Messages" ("InstanceId", "WhatsAppId");

CREATE UNIQUE INDEX "IX_Tenants_Name" ON "Tenants" ("Name");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261122000000_Initial', '10.0.14');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "Instances" ADD "WebhookSecret" TEXT NULL;

ALTER TABLE "Instances" ADD "WebhookEvents" TEXT NULL;

ALTER TABLE "Tenants" ADD "WebhookUrl" TEXT NULL;

ALTER TABLE "Tenants" ADD "WebhookSecret" TEXT NULL;

ALTER TABLE "Tenants" ADD "WebhookEvents" TEXT NULL;

CREATE TABLE "WebhookDeliveries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_WebhookDeliveries" PRIMARY KEY AUTOINCREMENT,
    "TenantId" TEXT NOT NULL,
    "InstanceId" TEXT NOT NULL,
    "EventId" TEXT NOT NULL,
    "EventType" TEXT NOT NULL,
    "Target" TEXT NOT NULL,
    "Url" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" TEXT NOT NULL,
    "LastStatusCode" INTEGER NULL,
    "LastError" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "DeliveredAt" TEXT NULL,
    CONSTRAINT "FK_WebhookDeliveries_Instances_InstanceId" FOREIGN KEY ("InstanceId") REFERENCES "Instances" ("Id") ON DELETE CASCADE
);

CREATE TABLE "WebhookAttempts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_WebhookAttempts" PRIMARY KEY AUTOINCREMENT,
    "TenantId" TEXT NOT NULL,
    "DeliveryId" INTEGER NOT NULL,
    "At" TEXT NOT NULL,
    "StatusCode" INTEGER NULL,
    "DurationMs" INTEGER NOT NULL,
    "Error" TEXT NULL,
    CONSTRAINT "FK_WebhookAttempts_WebhookDeliveries_DeliveryId" FOREIGN KEY ("DeliveryId") REFERENCES "WebhookDeliveries" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_WebhookAttempts_DeliveryId" ON "WebhookAttempts" ("DeliveryId");

CREATE INDEX "IX_WebhookDeliveries_InstanceId_Id" ON "WebhookDeliveries" ("InstanceId", "Id");

CREATE INDEX "IX_WebhookDeliveries_Status_NextAttemptAt" ON "WebhookDeliveries" ("Status", "NextAttemptAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261122030000_Webhooks', '10.0.14');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "PendingEvents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PendingEvents" PRIMARY KEY AUTOINCREMENT,
    "TenantId" TEXT NOT NULL,
    "InstanceId" TEXT NOT NULL,
    "EventId" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_PendingEvents_Instances_InstanceId" FOREIGN KEY ("InstanceId") REFERENCES "Instances" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_PendingEvents_InstanceId" ON "PendingEvents" ("InstanceId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261122080000_PendingEvents', '10.0.14');

COMMIT;

