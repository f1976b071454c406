using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Integration;

/// <summary>
/// The locks that let every node of a cluster run the relay and the dispatcher over the same tables without handing
/// anything over twice (docs/architecture.md, "Cluster: events and webhooks"). Each is held by a transaction and ends
/// with it, so a node that dies mid-way lets go with its connection. SQLite is one node's file, with nobody to lock
/// against: there nothing is taken and no transaction is held open (a SQLite write transaction would stop every other writer).
/// </summary>
internal static class OutboxLocks
{
    // Any number, the same on every node: PostgreSQL's advisory locks are named by a 64-bit key.
    private const long RelayLockKey = 0x5750_5265_6C61_79; // "WPRelay"
    private const string RelayLockName = "whatsportal-event-relay";

    /// <summary>
    /// Begins a transaction holding the relay lock, waiting for the node that holds it: one relay at a time in the
    /// cluster, each reading the journal only once the one before it has committed. Null on SQLite.
    /// </summary>
    public static async Task<IDbContextTransaction?> TakeRelayAsync(WhatsPortalDbContext db, CancellationToken ct)
    {
        if (db.Database.IsSqlite()) return null;
        var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({RelayLockKey})", ct);
            else
                await db.Database.ExecuteSqlAsync($"EXEC sp_getapplock @Resource = {RelayLockName}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = -1", ct);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The delivery, locked until the transaction this begins ends (the caller commits it with the attempt's result);
    /// null when another node holds it, or there is no such delivery. On SQLite: the delivery, and no transaction.
    /// </summary>
    /// <param name="attemptTimeout">How long the attempt may wait for the receiver, with the lock held.</param>
    public static async Task<WebhookDelivery?> ClaimDeliveryAsync(WhatsPortalDbContext db, long deliveryId, TimeSpan attemptTimeout, CancellationToken ct)
    {
        if (db.Database.IsSqlite()) return await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId, ct);
        await db.Database.BeginTransactionAsync(ct);
        // The one transaction that waits between statements: for the receiver's answer, beyond the usual idle limit.
        if (db.Database.IsNpgsql())
        {
            var limit = (int)(attemptTimeout + DatabaseProviders.IdleTransactionLimit).TotalMilliseconds;
            await db.Database.ExecuteSqlAsync($"SELECT set_config('idle_in_transaction_session_timeout', {limit.ToString(CultureInfo.InvariantCulture)}, true)", ct);
        }
        // Skipping a locked row instead of waiting for it: its holder is delivering it right now.
        var locked = db.Database.IsNpgsql()
            ? db.WebhookDeliveries.FromSql($"""SELECT * FROM "WebhookDeliveries" WHERE "Id" = {deliveryId} FOR UPDATE SKIP LOCKED""")
            : db.WebhookDeliveries.FromSql($"SELECT * FROM [WebhookDeliveries] WITH (UPDLOCK, ROWLOCK, READPAST) WHERE [Id] = {deliveryId}");
        return await locked.SingleOrDefaultAsync(ct);
    }
}
