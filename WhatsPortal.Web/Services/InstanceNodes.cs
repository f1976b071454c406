using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Services;

/// <summary>An instance and the node whose lease on it is unexpired (null when no node runs it).</summary>
public sealed class InstanceOnNode
{
    public required Instance Instance { get; init; }
    public string? Node { get; init; }
}

public static class InstanceNodes
{
    /// <summary>
    /// Each instance with the node running it, read in the same query (a correlated subquery, no read per instance). Only an
    /// unexpired lease counts: an expired one names a node that has stopped renewing, and may be dead.
    /// </summary>
    public static IQueryable<InstanceOnNode> WithNode(this IQueryable<Instance> instances, IQueryable<InstanceLease> leases, DateTime now)
    {
        var unexpired = leases.Where(l => l.ExpiresAt > now);
        return instances.Select(i => new InstanceOnNode { Instance = i, Node = unexpired.Where(l => l.InstanceId == i.Id).Select(l => l.Node).FirstOrDefault() });
    }
}
