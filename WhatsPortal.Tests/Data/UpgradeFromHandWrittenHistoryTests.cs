using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Data;

/// <summary>
/// A database made by the last release with hand-written migrations (its schema and history kept in
/// Data/ReleasedSchema, scripted from that release's code) is taken over by the generated history without losing a row.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class UpgradeFromHandWrittenHistoryTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_database_of_the_hand_written_history_upgrades_with_every_row(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var seeded = await CreateReleasedDatabaseAsync(database);

        await new DatabaseMigrator(database.Contexts, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();

        await using (var db = database.Contexts.AcrossTenants())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Contains(db.Database.GetMigrations().First(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal(Sorted(seeded.Tenants), Sorted((await db.Tenants.ToListAsync()).Select(t => $"{t.Id} {t.Name} {t.CreatedAt:O}")));
            Assert.Equal(Sorted(seeded.Instances), Sorted((await db.Instances.ToListAsync()).Select(i => $"{i.Id} {i.TenantId} {i.Name} {i.Status} {i.AutoStart}")));
            Assert.Equal(Sorted(seeded.Chats), Sorted((await db.Chats.ToListAsync()).Select(c => $"{c.Id} {c.InstanceId} {c.RemoteId}")));
            Assert.Equal(Sorted(seeded.Messages), Sorted((await db.Messages.ToListAsync()).Select(m => $"{m.Id} {m.ChatId} {m.Text} {m.Status} {m.IdempotencyKey} {m.CreatedAt:O}")));
        }

        await using var created = await TestDatabase.CreateAsync(provider);
        await using (var db = created.Contexts.AcrossTenants())
            await db.Database.EnsureCreatedAsync();
        Assert.Equal(await SchemaMatchesModelTests.DescribeAsync(created), await SchemaMatchesModelTests.DescribeAsync(database));
    }

    [Fact]
    public async Task A_database_that_stopped_inside_the_hand_written_history_is_refused_untouched()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await CreateReleasedDatabaseAsync(database);
        await using (var db = database.Contexts.AcrossTenants())
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261122080000_PendingEvents'""");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new DatabaseMigrator(database.Contexts, NullLogger<DatabaseMigrator>.Instance).MigrateAsync());

        Assert.Contains("20261122030000_Webhooks", refused.Message);
        await using var after = database.Contexts.AcrossTenants();
        Assert.Equal(["20261122000000_Initial", "20261122030000_Webhooks"], (await after.Database.GetAppliedMigrationsAsync()).Order());
    }

    private sealed record Seeded(List<string> Tenants, List<string> Instances, List<string> Chats, List<string> Messages);

    /// <summary>The released schema, then two tenants with two instances each, two chats per instance and three messages per chat.</summary>
    private static async Task<Seeded> CreateReleasedDatabaseAsync(TestDatabase database)
    {
        await using var db = database.Contexts.AcrossTenants();
        var script = Path.Combine(AppContext.BaseDirectory, "Data", "ReleasedSchema", $"{database.Provider.ToString().ToLowerInvariant()}.sql");
        await db.Database.ExecuteSqlRawAsync(await File.ReadAllTextAsync(script));

        // Literals the way the provider writes them (GUIDs as SQLite's upper-case text, PostgreSQL's timestamptz...),
        // in the columns the released schema has: the current model may have more.
        var mappings = db.GetService<IRelationalTypeMappingSource>();
        string L(object? value) => value is null ? "NULL" : mappings.FindMapping(value.GetType())!.GenerateSqlLiteral(value);
        var at = new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
        var seeded = new Seeded([], [], [], []);
        var sql = new List<string>();
        foreach (var t in new[] { "Acme", "Globex" })
        {
            var tenant = Guid.CreateVersion7();
            sql.Add($"""INSERT INTO "Tenants" ("Id", "Name", "CreatedAt") VALUES ({L(tenant)}, {L(t)}, {L(at)})""");
            seeded.Tenants.Add($"{tenant} {t} {at:O}");
            foreach (var n in new[] { "sales", "support" })
            {
                var instance = Guid.CreateVersion7();
                var name = $"{t} {n}";
                sql.Add($"""
                    INSERT INTO "Instances" ("Id", "TenantId", "Name", "Status", "AutoStart", "SendIntervalMs", "SendJitterMs", "CreatedAt", "UpdatedAt")
                    VALUES ({L(instance)}, {L(tenant)}, {L(name)}, 'logged_out', {L(true)}, 1000, 1000, {L(at)}, {L(at)})
                    """);
                seeded.Instances.Add($"{instance} {tenant} {name} {InstanceStatus.LoggedOut} True");
                foreach (var phone in new[] { "5511900000001", "5511900000002" })
                {
                    var chat = Guid.CreateVersion7();
                    var remoteId = $"{phone}@c.us/{name}";
                    sql.Add($"""
                        INSERT INTO "Chats" ("Id", "TenantId", "InstanceId", "RemoteId", "UnreadCount")
                        VALUES ({L(chat)}, {L(tenant)}, {L(instance)}, {L(remoteId)}, 0)
                        """);
                    seeded.Chats.Add($"{chat} {instance} {remoteId}");
                    foreach (var (i, status, keyed) in new[] { (1, "read", false), (2, "queued", true), (3, "failed", false) })
                    {
                        var key = keyed ? $"key {remoteId}" : null;
                        var message = Guid.CreateVersion7();
                        var text = $"{remoteId} #{i}";
                        sql.Add($"""
                            INSERT INTO "Messages" ("Id", "TenantId", "InstanceId", "ChatId", "Direction", "Status", "Type", "Text", "IdempotencyKey", "Attempts", "Revoked", "CreatedAt")
                            VALUES ({L(message)}, {L(tenant)}, {L(instance)}, {L(chat)}, 'outbound', {L(status)}, 'text', {L(text)}, {L(key)}, 0, {L(false)}, {L(at.AddMinutes(i))})
                            """);
                        seeded.Messages.Add($"{message} {chat} {text} {SnakeCaseEnum<MessageStatus>.Parse(status)} {key} {at.AddMinutes(i):O}");
                    }
                }
            }
        }
        await db.Database.ExecuteSqlRawAsync(string.Join(";\n", sql));
        return seeded;
    }

    private static List<string> Sorted(IEnumerable<string> lines) => lines.Order(StringComparer.Ordinal).ToList();
}
