using Orleans.Placement;

namespace WhatsPortal.Engine.Cluster;

/// <summary>A new <see cref="InstanceGrain"/> activation goes to the least-loaded live node that takes instances (<see cref="InstancePlacementDirector"/>).</summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class InstancePlacement : PlacementStrategy
{
    public static InstancePlacement Singleton { get; } = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class InstancePlacementAttribute() : PlacementAttribute(InstancePlacement.Singleton);
