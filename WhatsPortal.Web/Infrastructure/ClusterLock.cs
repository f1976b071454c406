using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using WhatsPortal.Data;

namespace WhatsPortal.Web.Infrastructure;

/// <summary>
/// A lock the nodes of a cluster take one at a time, held by a transaction and released with it, so a node that dies
/// holding it lets go with its connection (and one frozen holding it, after PostgreSQL's idle-transaction limit).
/// SQLite is one node's file, with nobody to lock against: there nothing is taken and no transaction is held open (a
/// SQLite write transaction would stop every other writer).
/// </summary>
/// <param name="Key">PostgreSQL's name for it: advisory locks are named by a 64-bit number, the same on every node.</param>
/// <param name="Name">SQL Server's name for it (<c>sp_getapplock</c>).</param>
internal sealed record ClusterLock(long Key, string Name)
{
    /// <summary>One event relay batch at a time (docs/architecture.md, "Cluster: events and webhooks").</summary>
    public static readonly ClusterLock EventRelay = new(0x5750_5265_6C61_79, "whatsportal-event-relay"); // "WPRelay"

    /// <summary>One node at a time makes the key ring's first key (<see cref="FirstDataProtectionKey"/>).</summary>
    public static readonly ClusterLock KeyRing = new(0x5750_4B65_7952_6E, "whatsportal-key-ring"); // "WPKeyRn"

    /// <summary>Begins a transaction holding this lock, waiting for the node that holds it. Null on SQLite.</summary>
    public async Task<IDbContextTransaction?> TakeAsync(WhatsPortalDbContext db, CancellationToken ct)
    {
        if (db.Database.IsSqlite()) return null;
        var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({Key})", ct);
            else
                await db.Database.ExecuteSqlAsync($"EXEC sp_getapplock @Resource = {Name}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = -1", ct);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }
}
