using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using WhatsPortal.Data;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Cluster;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Engine.Placement;

/// <summary>
/// Where a new instance's grain (and so its Chromium) goes, read from the nodes' heartbeat rows in a real database:
/// the least-loaded live node, never a drained, silent or departed one, and Engine:MaxInstances per node.
/// </summary>
public sealed class InstancePlacementDirectorTests
{
    private static readonly SiloAddress A = Silo(11111), B = Silo(11112), Drained = Silo(11113), Silent = Silo(11114), Departed = Silo(11115);

    [Fact]
    public async Task A_new_instance_goes_to_the_least_loaded_live_node_until_each_holds_MaxInstances()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using (var db = database.Contexts.AcrossTenants()) await db.Database.EnsureCreatedAsync();
        await database.Contexts.AddNodeAsync(clock, "node-a", TimeSpan.Zero, instances: 2, address: NodeHeartbeat.AddressOf(A));
        await database.Contexts.AddNodeAsync(clock, "node-b", TimeSpan.Zero, instances: 1, address: NodeHeartbeat.AddressOf(B));
        await database.Contexts.AddNodeAsync(clock, "node-drained", TimeSpan.Zero, draining: true, address: NodeHeartbeat.AddressOf(Drained));
        await database.Contexts.AddNodeAsync(clock, "node-silent", NodeHeartbeat.Freshness, address: NodeHeartbeat.AddressOf(Silent));
        // A row whose silo left the membership (it is not among the compatible silos).
        await database.Contexts.AddNodeAsync(clock, "node-departed", TimeSpan.Zero, address: NodeHeartbeat.AddressOf(Departed));
        var director = new InstancePlacementDirector(database.Contexts, Options.Create(new EngineOptions { MaxInstances = 3 }), clock);
        var membership = new Membership(local: A, A, B, Drained, Silent);

        // B (1) goes first; then A and B, both at 2, take one each in either order: the director counts its own
        // placements until it reads the rows again, so a burst does not all land on the node that was least loaded.
        Assert.Equal(B, await director.OnAddActivation(null!, default, membership));
        var placed = new List<SiloAddress>();
        for (var i = 0; i < 2; i++) placed.Add(await director.OnAddActivation(null!, default, membership));
        Assert.Equal([A, B], placed.OrderBy(s => s.Endpoint.Port));

        // Every live node is full: the grain still goes to one of them, where the start is refused with the MaxInstances sentence.
        var overflow = await director.OnAddActivation(null!, default, membership);
        Assert.Contains(overflow, new[] { A, B });
    }

    [Fact]
    public async Task Before_any_node_wrote_its_row_the_node_placing_the_grain_takes_it()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var db = database.Contexts.AcrossTenants()) await db.Database.EnsureCreatedAsync();
        var director = new InstancePlacementDirector(database.Contexts, Options.Create(new EngineOptions()), TimeProvider.System);

        Assert.Equal(B, await director.OnAddActivation(null!, default, new Membership(local: B, A, B)));
    }

    private static SiloAddress Silo(int port) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1);

    /// <summary>Orleans' view of the cluster at placement: which silos are members, and which one is placing.</summary>
    private sealed class Membership(SiloAddress local, params SiloAddress[] silos) : IPlacementContext
    {
        public SiloAddress LocalSilo => local;
        public SiloStatus LocalSiloStatus => SiloStatus.Active;
        public SiloAddress[] GetCompatibleSilos(PlacementTarget target) => silos;
        public IReadOnlyDictionary<ushort, SiloAddress[]> GetCompatibleSilosWithVersions(PlacementTarget target) => new Dictionary<ushort, SiloAddress[]> { [0] = silos };
    }
}
