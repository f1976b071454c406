using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using WhatsPortal.Data;

namespace WhatsPortal.Tests.Data;

/// <summary>
/// Checks that need no database server, so they run everywhere, SQL Server's included: each provider's generated
/// history is complete, and SQL Server's script creates the whole model within SQL Server's limits.
/// </summary>
[Trait("Category", "Postgres")]
public sealed partial class GeneratedMigrationsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void Every_provider_has_a_migration_for_the_current_model(DatabaseProvider provider)
    {
        using var db = Offline(provider);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model changed but {DatabaseProviders.MigrationsAssembly(provider)} has no migration for it: run scripts/add-migration.sh <NameOfTheChange>.");
    }

    [Fact]
    public void The_idempotent_SQL_Server_script_creates_every_table_column_key_and_index_of_the_model()
    {
        using var db = Offline(DatabaseProvider.SqlServer);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var tables = db.GetService<IDesignTimeModel>().Model.GetRelationalModel().Tables.ToList();

        Assert.Contains(tables, t => t.Name == "Messages");
        foreach (var table in tables)
        {
            Assert.Contains($"CREATE TABLE [{table.Name}] (", script);
            foreach (var column in table.Columns)
            {
                var collation = column.StoreType.StartsWith("nvarchar", StringComparison.Ordinal) ? " COLLATE Latin1_General_100_BIN2" : "";
                var definition = $"[{column.Name}] {column.StoreType}{collation}{(column.IsNullable ? " NULL" : " NOT NULL")}";
                Assert.True(script.Contains(definition, StringComparison.Ordinal), $"{table.Name} lacks {definition}");
            }
            Assert.Contains($"CONSTRAINT [{table.PrimaryKey!.Name}] PRIMARY KEY ", script);
            foreach (var foreignKey in table.ForeignKeyConstraints)
                Assert.Contains($"CONSTRAINT [{foreignKey.Name}] FOREIGN KEY ", script);
            foreach (var index in table.Indexes)
                Assert.Contains($"CREATE {(index.IsUnique ? "UNIQUE " : "")}INDEX [{index.Name}] ON [{table.Name}] ", script);
        }
        foreach (var migration in db.Database.GetMigrations())
            Assert.Contains($"IF NOT EXISTS (\n    SELECT * FROM [__EFMigrationsHistory]\n    WHERE [MigrationId] = N'{migration}'\n)", script.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void SQL_Server_keys_and_indexes_fit_in_its_key_size()
    {
        using var db = Offline(DatabaseProvider.SqlServer);
        var tables = db.GetService<IDesignTimeModel>().Model.GetRelationalModel().Tables;

        // A clustered key (the primary key) holds at most 900 bytes, any other index key 1,700; (max) columns none.
        var keys = tables.SelectMany(t => t.Indexes.Select(i => (Name: i.Name, Columns: i.Columns, Limit: 1700))
            .Concat(t.UniqueConstraints.Select(u => (Name: u.Name, Columns: u.Columns, Limit: u.GetIsPrimaryKey() ? 900 : 1700))));
        Assert.All(keys, key =>
        {
            var bytes = key.Columns.Sum(c => KeyBytes(c.StoreType));
            Assert.True(bytes <= key.Limit, $"{key.Name} ({string.Join(", ", key.Columns.Select(c => $"{c.Name} {c.StoreType}"))}) takes {bytes} bytes, over {key.Limit}.");
        });
    }

    private static int KeyBytes(string storeType) => storeType switch
    {
        "uniqueidentifier" => 16,
        "int" => 4,
        "bigint" or "datetime2" => 8,
        "bit" => 1,
        _ when NVarChar().Match(storeType) is { Success: true } m => 2 * int.Parse(m.Groups[1].Value),
        _ => throw new Xunit.Sdk.XunitException($"{storeType} cannot be (or is not known to be) part of a SQL Server index key."),
    };

    [GeneratedRegex(@"^nvarchar\((\d+)\)$")]
    private static partial Regex NVarChar();

    /// <summary>A context of the provider that reads its model and migrations without ever connecting.</summary>
    private static WhatsPortalDbContext Offline(DatabaseProvider provider) =>
        new WhatsPortalDbContextFactory(new DbContextOptionsBuilder<WhatsPortalDbContext>()
            .Use(provider, provider switch
            {
                DatabaseProvider.Sqlite => "Data Source=:memory:",
                DatabaseProvider.Postgres => "Host=unused",
                _ => "Server=unused",
            }).Options, TimeProvider.System).AcrossTenants();
}
