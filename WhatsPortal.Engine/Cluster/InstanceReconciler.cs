using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WhatsPortal.Data;
using WhatsPortal.Engine.Sessions;

namespace WhatsPortal.Engine.Cluster;

/// <summary>
/// Makes sure every instance marked to run (AutoStart) has a live owner: each node, every few seconds, calls the grain
/// of every such instance that does not run here and holds no unexpired lease of another node (a lease is a node saying
/// it runs the session). The call activates the grain where placement says, or reaches its activation, where it is a no-op when the session runs.
/// This is also how instances start when the app starts, and how they come back after a node died or was drained.
/// </summary>
internal sealed class InstanceReconciler(
    WhatsPortalDbContextFactory databases,
    IGrainFactory grains,
    InstanceSupervisor supervisor,
    IOptions<ClusterOptions> cluster,
    TimeProvider time,
    ILogger<InstanceReconciler> logger) : SiloLoop(time, logger)
{
    protected override TimeSpan Period => TimeSpan.FromSeconds(5);

    protected override async Task RunOnceAsync(CancellationToken stopping)
    {
        List<Guid> unowned;
        await using (var db = databases.AcrossTenants())
        {
            var now = Time.GetUtcNow().UtcDateTime;
            // A lease of this node's name that no session here renews is a previous run's (the process restarted): ours to take again.
            var node = cluster.Value.NodeName;
            unowned = await db.Instances
                .Where(i => i.AutoStart && !db.InstanceLeases.Any(l => l.InstanceId == i.Id && l.ExpiresAt > now && l.Node != node))
                .OrderBy(i => i.CreatedAt).Select(i => i.Id).ToListAsync(stopping);
        }
        foreach (var id in unowned.Except(supervisor.Running))
        {
            try
            {
                await grains.GetGrain<IInstanceGrain>(id).EnsureRunningAsync(stopping);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Deleted meanwhile, or its node died mid-call: the next round looks again.
                logger.LogWarning(ex, "Could not make sure instance {InstanceId} runs", id);
            }
        }
    }
}
