using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Tests.Infrastructure;

/// <summary>The rows the cluster's nodes write (heartbeats, leases), written by a test as a node would.</summary>
internal static class ClusterRows
{
    public static string NewNodeName() => "node-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A node whose last heartbeat was <paramref name="silentFor"/> ago by <paramref name="clock"/>.</summary>
    public static async Task<ClusterNode> AddNodeAsync(this WhatsPortalDbContextFactory contexts, TimeProvider clock, string name, TimeSpan silentFor,
        bool draining = false, int instances = 0, long memoryBytes = 512L * 1024 * 1024, string address = "127.0.0.1:11111")
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var node = new ClusterNode
        {
            Name = name, Address = address, StartedAt = now.AddHours(-1), HeartbeatAt = now - silentFor,
            Draining = draining, InstanceCount = instances, MemoryBytes = memoryBytes,
        };
        await using var db = contexts.AcrossTenants();
        db.ClusterNodes.Add(node);
        await db.SaveChangesAsync();
        return node;
    }

    /// <summary>Every node already there stops taking instances, so a test decides alone which nodes can.</summary>
    public static async Task DrainEveryNodeAsync(this WhatsPortalDbContextFactory contexts)
    {
        await using var db = contexts.AcrossTenants();
        await db.ClusterNodes.ExecuteUpdateAsync(s => s.SetProperty(n => n.Draining, true));
    }

    /// <summary><paramref name="node"/>'s lease on the instance, ending <paramref name="expiresIn"/> from now (negative: already expired).</summary>
    public static async Task AddLeaseAsync(this WhatsPortalDbContextFactory contexts, TimeProvider clock, Guid instanceId, string node, TimeSpan expiresIn)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = contexts.AcrossTenants();
        db.InstanceLeases.Add(new InstanceLease { InstanceId = instanceId, Node = node, Epoch = 1, AcquiredAt = now.AddMinutes(-1), ExpiresAt = now + expiresIn });
        await db.SaveChangesAsync();
    }

    public static async Task<bool> IsDrainingAsync(this WhatsPortalDbContextFactory contexts, string name)
    {
        await using var db = contexts.AcrossTenants();
        return (await db.ClusterNodes.SingleAsync(n => n.Name == name)).Draining;
    }
}
