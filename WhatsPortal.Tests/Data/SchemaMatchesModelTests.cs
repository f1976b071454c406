using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Data;

/// <summary>
/// Each provider's generated history must build exactly the schema EF creates from the model: a hand edit of a
/// generated migration, or a snapshot that drifted from its migrations, shows here. The upgrade from the
/// hand-written history relies on the baseline's schema being the one those migrations made.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class SchemaMatchesModelTests
{
    [SkippableTheory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.SqlServer)]
    public async Task Migrating_an_empty_database_yields_exactly_the_models_schema(DatabaseProvider provider)
    {
        await using var migrated = await TestDatabase.CreateAsync(provider);
        await using var created = await TestDatabase.CreateAsync(provider);

        await using (var db = migrated.Contexts.AcrossTenants())
            await db.Database.MigrateAsync();
        await using (var db = created.Contexts.AcrossTenants())
            await db.Database.EnsureCreatedAsync();

        var expected = await DescribeAsync(created);
        var actual = await DescribeAsync(migrated);

        Assert.Contains(expected, line => line.StartsWith("column Messages.IdempotencyKey", StringComparison.Ordinal));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Migrating_twice_changes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var db = database.Contexts.AcrossTenants())
            await db.Database.MigrateAsync();
        var before = await DescribeAsync(database);
        await using (var db = database.Contexts.AcrossTenants())
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
        Assert.Equal(before, await DescribeAsync(database));
    }

    /// <summary>Every table, column (type, nullability), index (columns, uniqueness, filter) and constraint, one sorted line each.</summary>
    internal static async Task<List<string>> DescribeAsync(TestDatabase database)
    {
        await using var db = database.Contexts.AcrossTenants();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var lines = database.Provider switch
        {
            DatabaseProvider.Sqlite => await DescribeSqliteAsync(connection),
            DatabaseProvider.Postgres => await DescribePostgresAsync(connection),
            _ => await DescribeSqlServerAsync(connection),
        };
        // EF's own bookkeeping tables (history, migration lock) are not part of the model.
        lines.RemoveAll(l => l.Contains("__EFMigrations", StringComparison.Ordinal));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static Task<List<string>> DescribeSqliteAsync(DbConnection connection) => QueryAsync(connection, """
        SELECT 'column ' || m.name || '.' || c.name || ' ' || c.type || (CASE WHEN c."notnull" = 1 THEN ' not null' ELSE ' null' END) || (CASE WHEN c.pk > 0 THEN ' pk' || c.pk ELSE '' END)
          FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
        UNION ALL
        SELECT 'index ' || m.tbl_name || ' ' || m.sql FROM sqlite_master m WHERE m.type = 'index' AND m.sql IS NOT NULL
        UNION ALL
        SELECT 'fk ' || m.name || '.' || f."from" || ' -> ' || f."table" || '.' || f."to" || ' on delete ' || f.on_delete
          FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'
        UNION ALL
        SELECT 'autoincrement ' || m.name FROM sqlite_master m WHERE m.type = 'table' AND m.sql LIKE '%AUTOINCREMENT%'
        """);

    private static Task<List<string>> DescribePostgresAsync(DbConnection connection) => QueryAsync(connection, """
        SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || COALESCE('(' || character_maximum_length || ')', '')
               || (CASE WHEN is_nullable = 'YES' THEN ' null' ELSE ' not null' END) || (CASE WHEN is_identity = 'YES' THEN ' identity ' || identity_generation ELSE '' END)
          FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL
        SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL
        SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
          FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        """);

    private static Task<List<string>> DescribeSqlServerAsync(DbConnection connection) => QueryAsync(connection, """
        SELECT 'column ' + c.TABLE_NAME + '.' + c.COLUMN_NAME + ' ' + c.DATA_TYPE + COALESCE('(' + CAST(c.CHARACTER_MAXIMUM_LENGTH AS varchar(11)) + ')', '')
               + COALESCE(' collate ' + c.COLLATION_NAME, '') + (CASE WHEN c.IS_NULLABLE = 'YES' THEN ' null' ELSE ' not null' END)
               + (CASE WHEN COLUMNPROPERTY(OBJECT_ID(QUOTENAME(c.TABLE_SCHEMA) + '.' + QUOTENAME(c.TABLE_NAME)), c.COLUMN_NAME, 'IsIdentity') = 1 THEN ' identity' ELSE '' END)
          FROM INFORMATION_SCHEMA.COLUMNS c
        UNION ALL
        SELECT 'index ' + OBJECT_NAME(i.object_id) + '.' + i.name + ' ' + i.type_desc + (CASE WHEN i.is_unique = 1 THEN ' unique' ELSE '' END)
               + COALESCE(' where ' + i.filter_definition, '')
               + ' (' + (SELECT STRING_AGG(col.name, ',') WITHIN GROUP (ORDER BY ic.key_ordinal)
                           FROM sys.index_columns ic
                           JOIN sys.columns col ON col.object_id = ic.object_id AND col.column_id = ic.column_id
                          WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id) + ')'
          FROM sys.indexes i
         WHERE OBJECTPROPERTY(i.object_id, 'IsUserTable') = 1 AND i.name IS NOT NULL
        UNION ALL
        SELECT 'fk ' + OBJECT_NAME(f.parent_object_id) + '.' + f.name + ' -> ' + OBJECT_NAME(f.referenced_object_id) + ' on delete ' + f.delete_referential_action_desc
          FROM sys.foreign_keys f
        """);

    private static async Task<List<string>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
            lines.Add(reader.GetString(0));
        return lines;
    }
}
