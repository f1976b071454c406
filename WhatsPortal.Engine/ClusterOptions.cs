using System.ComponentModel.DataAnnotations;

namespace WhatsPortal.Engine;

/// <summary>
/// <c>Cluster:*</c> configuration. Every node runs the portal, the API and an Orleans silo; without
/// <see cref="Enabled"/> the node is a one-silo cluster of its own on loopback, so both run the same code.
/// </summary>
public sealed class ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>Join the other nodes that share <see cref="Redis"/> and the database (PostgreSQL or SQL Server, never SQLite).</summary>
    public bool Enabled { get; set; }

    /// <summary>The membership store the silos find each other in, e.g. <c>127.0.0.1:6379</c>.</summary>
    public string? Redis { get; set; }

    /// <summary>This node's name, unique in the cluster: leases, the operator's node list and every instance answer show it.</summary>
    [Required, RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>Port the silos talk to each other on; 0 picks a free one (the single-node default).</summary>
    [Range(0, 65535)]
    public int SiloPort { get; set; }

    /// <summary>Port Orleans clients would connect to; 0 (the default) opens none: every node calls its grains in-process.</summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; }
}
