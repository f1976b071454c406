using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WhatsPortal.Data;

namespace WhatsPortal.Engine.Cluster;

/// <summary>
/// Makes sure every instance marked to run (AutoStart) has a live owner: each node, every few seconds, calls the grain
/// of every such instance that holds no unexpired lease (a lease is a node saying it runs the session). The call
/// activates the grain where placement says, or reaches its activation, where it is a no-op when the session runs.
/// This is also how instances start when the app starts, and how they come back after a node died or was drained.
/// </summary>
internal sealed class InstanceReconciler(
    WhatsPortalDbContextFactory databases,
    IGrainFactory grains,
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
            unowned = await db.Instances
                .Where(i => i.AutoStart && !db.InstanceLeases.Any(l => l.InstanceId == i.Id && l.ExpiresAt > now))
                .OrderBy(i => i.CreatedAt).Select(i => i.Id).ToListAsync(stopping);
        }
        foreach (var id in unowned)
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
