using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

namespace WhatsPortal.Data;

/// <summary>
/// Applies the configured provider's generated migrations at start-up. A database made by a release with the
/// hand-written history (SQLite or PostgreSQL) already has the baseline's schema: its baseline is recorded as
/// applied instead of run (docs/architecture.md, "Generated migrations, one history per provider").
/// </summary>
public sealed class DatabaseMigrator(WhatsPortalDbContextFactory factory, ILogger<DatabaseMigrator> logger)
{
    /// <summary>The hand-written history the releases before the generated one applied, oldest first.</summary>
    internal static readonly IReadOnlyList<string> HandWrittenHistory =
        ["20261122000000_Initial", "20261122030000_Webhooks", "20261122080000_PendingEvents"];

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = factory.AcrossTenants();
        if (db.Database.IsSqlite())
        {
            // WAL lets the portal read while the engine writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        await AdoptHandWrittenHistoryAsync(db, cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
            logger.LogInformation("Applying {Count} database migrations: {Migrations}", pending.Count, pending);
        await db.Database.MigrateAsync(cancellationToken);
    }

    private async Task AdoptHandWrittenHistoryAsync(WhatsPortalDbContext db, CancellationToken cancellationToken)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToHashSet();
        if (!applied.Overlaps(HandWrittenHistory)) return;
        if (!applied.Contains(HandWrittenHistory[^1]))
            throw new InvalidOperationException(
                $"This database stopped at migration {applied.Intersect(HandWrittenHistory).Max()}, before the last hand-written one ({HandWrittenHistory[^1]}). " +
                "Run the previous release on it once, so that it reaches the last one, then this version.");
        var baseline = db.Database.GetMigrations().First();
        if (applied.Contains(baseline)) return;
        var history = db.GetService<IHistoryRepository>();
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion())), cancellationToken);
        logger.LogInformation("The database has the schema of the hand-written history; recorded {Baseline} as applied", baseline);
    }
}
