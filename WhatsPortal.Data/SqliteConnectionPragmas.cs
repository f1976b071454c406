using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WhatsPortal.Data;

/// <summary>
/// Sets up every SQLite connection as it opens (pooled connections keep what the previous user set, so both
/// pragmas are set every time, in one command):
/// <list type="bullet">
/// <item><c>busy_timeout</c> lets SQLite itself wait for a competing writer. Without it Microsoft.Data.Sqlite answers
/// a busy database with a fixed 150 ms sleep before retrying, which the benchmark showed as whole-sleep gaps
/// between sends when the API and ten senders write at once.</item>
/// <item><c>synchronous</c> follows the context's <see cref="CommitDurability"/>: FULL, or NORMAL (no fsync per
/// commit under WAL) for relaxed bookkeeping.</item>
/// </list>
/// </summary>
internal sealed class SqliteConnectionPragmas : DbConnectionInterceptor
{
    private const string Full = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL;";
    private const string Relaxed = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = PragmasFor(eventData);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = PragmasFor(eventData);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string PragmasFor(ConnectionEndEventData eventData) =>
        eventData.Context is WhatsPortalDbContext { Durability: CommitDurability.Relaxed } ? Relaxed : Full;
}
