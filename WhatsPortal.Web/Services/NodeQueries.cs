using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Authentication;

namespace WhatsPortal.Web.Services;

/// <summary>A node as the operator sees it: alive (taking instances), draining (alive, giving its instances away), or down.</summary>
public enum NodeStatus
{
    Alive,
    Draining,
    Down,
}

/// <summary>One node of the cluster as its last heartbeat described it, with the status that heartbeat's age gives it.</summary>
public sealed record NodeView(string Name, string Address, NodeStatus Status, int InstanceCount, long MemoryBytes, DateTime StartedAt, DateTime HeartbeatAt)
{
    /// <summary>Nodes write their heartbeat every ~2 s: five missed ones and the node counts as down.</summary>
    public static readonly TimeSpan DownAfter = TimeSpan.FromSeconds(10);

    /// <summary>A node silent this long is gone for good (renamed, retired): it is no longer listed. Its row stays, to come back alive when it does.</summary>
    public static readonly TimeSpan ForgottenAfter = TimeSpan.FromDays(1);

    public static NodeView Of(ClusterNode node, DateTime now) => new(node.Name, node.Address, StatusOf(node, now), node.InstanceCount, node.MemoryBytes, node.StartedAt, node.HeartbeatAt);

    /// <summary>A silent node is down whatever its flag says: draining is something only a live node does.</summary>
    public static NodeStatus StatusOf(ClusterNode node, DateTime now) =>
        now - node.HeartbeatAt > DownAfter ? NodeStatus.Down : node.Draining ? NodeStatus.Draining : NodeStatus.Alive;
}

/// <summary>The cluster's nodes, for the operator only: anyone else gets null (the page answers "not found").</summary>
public sealed class NodeQueries(CurrentUser caller, WhatsPortalDbContextFactory contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<NodeView>?> ListAsync(CancellationToken ct = default)
    {
        if (!caller.IsOperator) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - NodeView.ForgottenAfter;
        await using var db = contexts.AcrossTenants();
        var nodes = await db.ClusterNodes.AsNoTracking().Where(n => n.HeartbeatAt >= since).OrderBy(n => n.Name).ToListAsync(ct);
        return [.. nodes.Select(n => NodeView.Of(n, now))];
    }
}
