using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Sessions;

namespace WhatsPortal.Engine.Cluster;

/// <summary>
/// This node's <see cref="ClusterNode"/> row, written every <see cref="Period"/>: what placement and the operator read
/// about it. The row is also how an operator's drain reaches the node: while it says Draining, the node hands every
/// session over (stopped here, AutoStart kept, its grain migrated to the node placement picks, where the reconcilers
/// start it) and starts none.
/// </summary>
internal sealed class NodeHeartbeat(
    WhatsPortalDbContextFactory databases,
    InstanceSupervisor supervisor,
    ILocalSiloDetails silo,
    IGrainFactory grains,
    IOptions<ClusterOptions> cluster,
    TimeProvider time,
    ILogger<NodeHeartbeat> logger) : SiloLoop(time, logger)
{
    /// <summary>Placement takes a node whose row is older than this for gone.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(10);

    private DateTime? _startedAt;

    protected override TimeSpan Period => TimeSpan.FromSeconds(2);

    /// <summary>The address a node's row carries, for placement to match rows with silos.</summary>
    public static string AddressOf(SiloAddress silo) => silo.Endpoint.ToString();

    protected override async Task RunOnceAsync(CancellationToken stopping)
    {
        var draining = await BeatAsync(stopping);
        supervisor.Draining = draining;
        if (!draining) return;
        foreach (var id in supervisor.Running)
        {
            logger.LogInformation("Node draining: handing instance {InstanceId} over", id);
            await grains.GetGrain<IInstanceGrain>(id).HandOverAsync(stopping);
            // A session whose activation is not here (it should be) is stopped all the same.
            if (supervisor.IsRunning(id)) await supervisor.ReleaseAsync(id, "Moving to another node.");
        }
    }

    /// <returns>Whether an operator drained this node.</returns>
    private async Task<bool> BeatAsync(CancellationToken stopping)
    {
        await using var db = databases.AcrossTenants();
        var name = cluster.Value.NodeName;
        var node = await db.ClusterNodes.FirstOrDefaultAsync(n => n.Name == name, stopping);
        if (node is null)
        {
            node = new ClusterNode { Name = name, Address = AddressOf(silo.SiloAddress) };
            db.ClusterNodes.Add(node);
        }
        node.Address = AddressOf(silo.SiloAddress);
        node.HeartbeatAt = Time.GetUtcNow().UtcDateTime;
        node.StartedAt = _startedAt ??= node.HeartbeatAt;
        node.InstanceCount = supervisor.Running.Count;
        node.MemoryBytes = Environment.WorkingSet;
        await db.SaveChangesAsync(stopping);
        return node.Draining;
    }
}
