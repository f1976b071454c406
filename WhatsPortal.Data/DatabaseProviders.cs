using Microsoft.EntityFrameworkCore;
using Npgsql;

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
            DatabaseProvider.Postgres => builder.UseNpgsql(WithIdleTransactionLimit(connectionString), o => o.MigrationsAssembly(migrations)),
            DatabaseProvider.SqlServer => builder.UseSqlServer(connectionString, o => o.MigrationsAssembly(migrations)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };
    }

    /// <summary>
    /// How long PostgreSQL lets a transaction of ours wait for its client between statements before ending it. A node
    /// frozen mid-transaction (a paused VM, a stopped process) keeps its connection, and with it every lock it took: an
    /// instance's lease row, which the node taking the instance over must update, or the event relay's lock. Without a
    /// limit those wait until the frozen node wakes, however long after its lease ran out. Our transactions send their
    /// statements back to back; the one that waits for something else (a webhook attempt) raises its own limit.
    /// </summary>
    public static readonly TimeSpan IdleTransactionLimit = TimeSpan.FromSeconds(10);

    /// <summary>The connection string with <see cref="IdleTransactionLimit"/> as a startup option, unless it sets its own.</summary>
    private static string WithIdleTransactionLimit(string connectionString)
    {
        const string setting = "idle_in_transaction_session_timeout";
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains(setting, StringComparison.Ordinal) != true)
            builder.Options = $"{builder.Options} -c {setting}={(int)IdleTransactionLimit.TotalMilliseconds}".Trim();
        return builder.ConnectionString;
    }

    /// <summary>The SQLite file under the data directory.</summary>
    public static string SqliteConnectionString(string file) => $"Data Source={file};Default Timeout=30";
}
