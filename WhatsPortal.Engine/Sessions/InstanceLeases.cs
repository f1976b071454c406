using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Engine.Sessions;

/// <summary>
/// Ownership as an <see cref="InstanceLease"/> row: a node takes it (free, expired, or its own) under the next epoch,
/// renews it while its session runs, and frees it when the session ends. Every change is one conditional statement on
/// the epoch (or the key, for the first insert), so two nodes claiming at once cannot both win on any provider.
/// </summary>
internal sealed class InstanceLeases(
    WhatsPortalDbContextFactory databases,
    IOptions<ClusterOptions> cluster,
    IOptions<EngineOptions> engine,
    TimeProvider time,
    ILogger<InstanceLeases> logger) : IInstanceOwnership
{
    private string Node => cluster.Value.NodeName;
    private TimeSpan Duration => engine.Value.LeaseDuration;

    public async Task<LeaseGrant?> TryClaimAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        // Taken before the statement is sent: this node's idea of the expiry is never later than the row's.
        var now = time.GetUtcNow();
        var until = now + Duration;
        await using var db = databases.AcrossTenants();
        var current = await db.InstanceLeases.AsNoTracking().Where(l => l.InstanceId == instanceId)
            .Select(l => new { l.Node, l.Epoch, l.ExpiresAt }).SingleOrDefaultAsync(cancellationToken);
        if (current is null)
        {
            db.InstanceLeases.Add(new InstanceLease { InstanceId = instanceId, Node = Node, Epoch = 1, AcquiredAt = now.UtcDateTime, ExpiresAt = until.UtcDateTime });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node inserted the row first (the key let one in): it holds the lease.
                logger.LogInformation("Instance {InstanceId}: another node took the lease first", instanceId);
                return null;
            }
            return Granted(instanceId, 1, until);
        }
        if (current.Node != Node && current.ExpiresAt > now.UtcDateTime)
        {
            logger.LogInformation("Instance {InstanceId} is leased to node {Node} until {ExpiresAt:O}", instanceId, current.Node, current.ExpiresAt);
            return null;
        }
        // Compare-and-set on the epoch read: of two nodes taking the same expired lease, the second finds the epoch moved.
        var epoch = current.Epoch + 1;
        var taken = await db.InstanceLeases.Where(l => l.InstanceId == instanceId && l.Epoch == current.Epoch)
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.Node, Node)
                .SetProperty(l => l.Epoch, epoch)
                .SetProperty(l => l.AcquiredAt, now.UtcDateTime)
                .SetProperty(l => l.ExpiresAt, until.UtcDateTime), cancellationToken);
        return taken == 1 ? Granted(instanceId, epoch, until) : null;
    }

    public async Task<DateTimeOffset?> RenewAsync(LeaseGrant lease, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + Duration;
        await using var db = databases.AcrossTenants();
        var renewed = await Held(db, lease).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, until.UtcDateTime), cancellationToken);
        return renewed == 1 ? until : null;
    }

    public async Task ReleaseAsync(LeaseGrant lease, CancellationToken cancellationToken)
    {
        // The row (and its epoch) stays, so epochs only grow; expired now, any node may take it.
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = databases.AcrossTenants();
        await Held(db, lease).ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, now), cancellationToken);
    }

    private LeaseGrant Granted(Guid instanceId, long epoch, DateTimeOffset until)
    {
        logger.LogInformation("Node {Node} leased instance {InstanceId} under epoch {Epoch}", Node, instanceId, epoch);
        return new LeaseGrant(instanceId, Node, epoch, until);
    }

    private static IQueryable<InstanceLease> Held(WhatsPortalDbContext db, LeaseGrant lease) =>
        db.InstanceLeases.Where(l => l.InstanceId == lease.InstanceId && l.Node == lease.Node && l.Epoch == lease.Epoch);

    /// <summary>
    /// Inside <paramref name="db"/>'s open transaction: checks that the lease still has <paramref name="lease"/>'s node and
    /// epoch, and keeps the row locked until the transaction ends (a no-op update locks it on PostgreSQL and SQL Server;
    /// SQLite has one writer), so a takeover cannot commit between this check and the write it guards.
    /// </summary>
    /// <exception cref="LeaseLostException">The lease has another node or a newer epoch: write nothing.</exception>
    public static async Task HoldAsync(WhatsPortalDbContext db, LeaseGrant lease, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("A lease is held inside the transaction of the write it guards.");
        var held = await Held(db, lease).ExecuteUpdateAsync(s => s.SetProperty(l => l.Epoch, l => l.Epoch), cancellationToken);
        if (held == 0) throw new LeaseLostException(lease);
    }
}
