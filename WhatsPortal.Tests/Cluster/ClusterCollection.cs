namespace WhatsPortal.Tests.Cluster;

/// <summary>Cluster tests run one at a time: each runs several nodes with their Chromium, and the build machines are small.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "Cluster";
}
