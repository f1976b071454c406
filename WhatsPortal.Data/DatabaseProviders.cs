using Microsoft.EntityFrameworkCore;

namespace WhatsPortal.Data;

/// <summary>
/// The one place that knows how each <see cref="DatabaseProvider"/> is set up: its EF provider, its connection
/// settings and its migrations assembly (one generated history per provider, see docs/architecture.md). The host
/// and the EF tools' design-time factories both come through here, so they never disagree.
/// </summary>
public static class DatabaseProviders
{
    /// <summary>The assembly holding the provider's generated migrations and model snapshot.</summary>
    public static string MigrationsAssembly(DatabaseProvider provider) => $"WhatsPortal.Migrations.{provider}";

    public static DbContextOptionsBuilder<WhatsPortalDbContext> Use(
        this DbContextOptionsBuilder<WhatsPortalDbContext> builder, DatabaseProvider provider, string connectionString)
    {
        var migrations = MigrationsAssembly(provider);
        return provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(connectionString, o => o.MigrationsAssembly(migrations))
                .AddInterceptors(new SqliteConnectionPragmas()),
            DatabaseProvider.Postgres => builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(migrations)),
            DatabaseProvider.SqlServer => builder.UseSqlServer(connectionString, o => o.MigrationsAssembly(migrations)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };
    }

    /// <summary>The SQLite file under the data directory.</summary>
    public static string SqliteConnectionString(string file) => $"Data Source={file};Default Timeout=30";
}
