using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WhatsPortal.Data;

/// <summary>
/// Lets SQLite itself wait for a competing writer. Without it Microsoft.Data.Sqlite answers a busy database
/// with a fixed 150 ms sleep before retrying, which the benchmark showed as whole-sleep gaps between sends
/// when the API and ten senders write at once; SQLite's own busy handler retries within milliseconds.
/// </summary>
internal sealed class SqliteBusyTimeoutInterceptor : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
