namespace WhatsPortal.Data.Entities;

/// <summary>A node of the cluster as it last reported itself (every few seconds while it runs), for placement and the operator.</summary>
public sealed class ClusterNode
{
    public required string Name { get; set; }
    /// <summary>The silo's endpoint (host:port) other nodes reach it on.</summary>
    public required string Address { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime HeartbeatAt { get; set; }
    public int InstanceCount { get; set; }
    /// <summary>The node process's working set.</summary>
    public long MemoryBytes { get; set; }
    /// <summary>An operator drained the node: its instances move to others and it takes no new ones.</summary>
    public bool Draining { get; set; }
}
