using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Engine.Cluster;

/// <summary>
/// Places an instance's grain (and so its session) on the live node with the fewest instances that is not drained and
/// below Engine:MaxInstances (every node is expected to run with the same limit). "Live" is both: in Orleans' membership
/// (the compatible silos) and with a fresh <see cref="NodeHeartbeat"/> row. When no node qualifies, a node that is not
/// drained takes it anyway, so that the start is refused there with the MaxInstances sentence; before any node wrote its
/// row (a cluster starting) this node does.
/// </summary>
internal sealed class InstancePlacementDirector(WhatsPortalDbContextFactory databases, IOptions<EngineOptions> engine, TimeProvider time) : IPlacementDirector
{
    /// <summary>Node rows change every heartbeat; reading them once a second spares the database a burst of placements.</summary>
    private static readonly TimeSpan RowsLifetime = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private Dictionary<string, ClusterNode> _nodes = [];
    // Activations placed since the rows were read: a burst of placements must not all go to the node that was least loaded before it.
    private readonly Dictionary<string, int> _placedSinceRead = [];

    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        await RefreshAsync();
        lock (_placedSinceRead)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var open = silos
                .Select(silo => (Silo: silo, Node: _nodes.GetValueOrDefault(NodeHeartbeat.AddressOf(silo))))
                .Where(s => s.Node is { Draining: false } node && now - node.HeartbeatAt < NodeHeartbeat.Freshness)
                .Select(s => (s.Silo, Load: s.Node!.InstanceCount + _placedSinceRead.GetValueOrDefault(NodeHeartbeat.AddressOf(s.Silo))))
                .ToList();
            var chosen = open.Where(s => s.Load < engine.Value.MaxInstances).OrderBy(s => s.Load).ThenBy(_ => Random.Shared.Next()).Select(s => s.Silo).FirstOrDefault()
                ?? open.OrderBy(s => s.Load).Select(s => s.Silo).FirstOrDefault()
                ?? (silos.Contains(context.LocalSilo) ? context.LocalSilo : silos[Random.Shared.Next(silos.Length)]);
            var address = NodeHeartbeat.AddressOf(chosen);
            _placedSinceRead[address] = _placedSinceRead.GetValueOrDefault(address) + 1;
            return chosen;
        }
    }

    private async Task RefreshAsync()
    {
        if (time.GetUtcNow() - _readAt < RowsLifetime) return;
        await _refresh.WaitAsync();
        try
        {
            if (time.GetUtcNow() - _readAt < RowsLifetime) return;
            await using var db = databases.AcrossTenants();
            var rows = await db.ClusterNodes.AsNoTracking().ToListAsync();
            lock (_placedSinceRead)
            {
                _nodes = rows.GroupBy(n => n.Address).ToDictionary(g => g.Key, g => g.OrderByDescending(n => n.HeartbeatAt).First());
                _placedSinceRead.Clear();
                _readAt = time.GetUtcNow();
            }
        }
        finally
        {
            _refresh.Release();
        }
    }
}
