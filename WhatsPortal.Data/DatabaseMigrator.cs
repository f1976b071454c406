using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace WhatsPortal.Data;

/// <summary>Applies the hand-written migrations at start-up, on SQLite and PostgreSQL alike.</summary>
public sealed class DatabaseMigrator(WhatsPortalDbContextFactory factory, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = factory.AcrossTenants();
        if (db.Database.IsSqlite())
        {
            // WAL lets the portal read while the engine writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
            logger.LogInformation("Applying {Count} database migrations: {Migrations}", pending.Count, pending);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
