using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Integration;

/// <summary>
/// The row lock that lets every node of a cluster run the webhook dispatcher over the same table without making an
/// attempt twice (docs/architecture.md, "Cluster: events and webhooks"; the relay's is <see cref="Infrastructure.ClusterLock.EventRelay"/>).
/// It is held by a transaction and ends with it, so a node that dies mid-way lets go with its connection. SQLite is one
/// node's file, with nobody to lock against: there nothing is taken and no transaction is held open.
/// </summary>
internal static class OutboxLocks
{
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
