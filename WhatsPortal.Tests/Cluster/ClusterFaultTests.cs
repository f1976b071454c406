using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Engine;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Cluster;

/// <summary>
/// Issue 16's guarantees under the faults a cluster meets, on three real nodes over one PostgreSQL and Redis with the
/// simulator as its own process: a node killed (kill -9 of its process group, Chromium included), every node stopped
/// and started in turn, and a node suspended (SIGSTOP) until the others take over, then resumed. Through all of them,
/// messages are posted to the instances through nodes that are up; every one accepted (202) must reach its phone
/// exactly once, and no instance may need a new QR.
/// </summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
[Trait("Category", "Browser")]
[Trait("Category", "Postgres")]
[Trait("Category", "Process")]
public sealed class ClusterFaultTests(LinkedClusterOfThree world) : IClassFixture<LinkedClusterOfThree>
{
    private TestCluster Cluster => world.Cluster;

    [Fact]
    public async Task Kill_9_of_a_node_moves_its_instances_to_the_survivors_without_a_QR_and_each_accepted_message_arrives_once()
    {
        var placement = await world.PrepareAsync();
        var victim = BusiestNode(placement);
        var moved = world.Instances.Where(i => placement[i.Id] == victim.Name).ToList();
        var survivors = Cluster.Nodes.Where(n => n != victim).ToList();
        var (linked, conflicts) = await Cluster.NetworkAsync();
        var events = await LastEventIdAsync();

        await using var load = MessageLoad.Start(Cluster, world.Key, () => survivors, moved, "failover");
        await load.AcceptedAfterAsync(0, moved.Count, $"to {victim.Name}'s instances before the kill");
        await victim.KillAsync();
        var killedAt = load.Mark();
        await Eventually.TrueAsync(() => Task.FromResult(victim.Processes().Count == 0), () => $"nothing of {victim}'s group to be left after kill -9: {string.Join("; ", victim.Processes())}");

        await world.ConnectedAsync(moved, survivors, $"after kill -9 of {victim.Name} (its instances: {string.Join(", ", moved)}); posting: {load.Summary()}");
        await load.AcceptedAfterAsync(load.Mark(), moved.Count, "once they were connected again");
        await load.StopAsync();

        var afterKill = load.AcceptedSince(killedAt);
        var neverAccepted = moved.Where(i => afterKill.All(a => a.Instance != i.Id)).ToList();
        Assert.True(neverAccepted.Count == 0, $"messages to {string.Join(", ", neverAccepted)} should have been accepted after the kill: {load.Summary()}");
        await load.AssertEachArrivedExactlyOnceAsync();
        await AssertNoNewLinkOrQrAsync(linked, events, moved);
        // The dead node's pages died with its group (checked above): from then on no device may connect twice.
        Assert.Equal(conflicts, (await Cluster.NetworkAsync()).Conflicts);
    }

    [Fact]
    public async Task Stopping_and_starting_each_node_in_turn_keeps_every_instance_without_a_QR_and_each_accepted_message_arrives_once()
    {
        await world.PrepareAsync();
        var (linked, conflicts) = await Cluster.NetworkAsync();
        var events = await LastEventIdAsync();
        NodeProcess? down = null;

        await using var load = MessageLoad.Start(Cluster, world.Key, () => Cluster.Nodes.Where(n => n != down && n.IsRunning).ToList(), world.Instances, "rolling");
        await load.AcceptedAfterAsync(0, world.Instances.Count, "before the first stop");
        foreach (var node in Cluster.Nodes)
        {
            down = node;
            Assert.True(await node.StopAsync(), $"{node} should shut down within 60 s of SIGTERM (it was killed)");
            // A graceful stop closes the node's browsers.
            await Eventually.TrueAsync(() => Task.FromResult(node.Processes().Count == 0), () => $"nothing of {node}'s group to be left after its graceful stop: {string.Join("; ", node.Processes())}");
            await world.ConnectedAsync(world.Instances, Cluster.Nodes.Where(n => n != node).ToList(), $"while {node.Name} is stopped; posting: {load.Summary()}");
            await load.AcceptedAfterAsync(load.Mark(), world.Instances.Count, $"while {node.Name} is stopped");
            await node.StartAsync();
            down = null;
        }
        await world.ConnectedAsync(world.Instances, Cluster.Nodes, "after every node was restarted");
        await load.AcceptedAfterAsync(load.Mark(), world.Instances.Count, "after every node was restarted");
        await load.StopAsync();

        await load.AssertEachArrivedExactlyOnceAsync();
        await AssertNoNewLinkOrQrAsync(linked, events, world.Instances);
        Assert.Equal(conflicts, (await Cluster.NetworkAsync()).Conflicts);
    }

    [Fact]
    public async Task A_node_suspended_until_declared_dead_kills_its_Chromium_when_resumed_and_no_message_is_sent_twice()
    {
        var placement = await world.PrepareAsync();
        var victim = BusiestNode(placement);
        var moved = world.Instances.Where(i => placement[i.Id] == victim.Name).ToList();
        var survivors = Cluster.Nodes.Where(n => n != victim).ToList();
        var (linked, _) = await Cluster.NetworkAsync();
        var events = await LastEventIdAsync();
        // Each moved instance's browser and every process it started, remembered with its command line (a reused pid is not it).
        var browsers = moved.SelectMany(i => victim.ChromiumOf(i.Id)).ToList();
        Assert.True(browsers.Count >= moved.Count, $"each of {victim.Name}'s instances should have its Chromium in the node's group: {string.Join("; ", victim.Processes())}");
        var chromium = browsers.SelectMany(b => ChromiumProcesses.WithDescendants(b.Pid))
            .Select(pid => (Pid: pid, CommandLine: ChromiumProcesses.CommandLine(pid))).Where(p => p.CommandLine is not null).ToList();

        await using var load = MessageLoad.Start(Cluster, world.Key, () => survivors, moved, "suspend");
        await load.AcceptedAfterAsync(0, moved.Count, $"to {victim.Name}'s instances before the suspension");
        await victim.SuspendAsync();
        // Long enough to be declared dead: the survivors own its instances and have connected them.
        await world.ConnectedAsync(moved, survivors, $"while {victim.Name} is suspended (its instances: {string.Join(", ", moved)}); posting: {load.Summary()}");
        await load.AcceptedAfterAsync(load.Mark(), moved.Count, $"while {victim.Name} is suspended");
        await victim.ResumeAsync();

        List<int> StillRunning() => chromium.Where(p => ChromiumProcesses.CommandLine(p.Pid) == p.CommandLine).Select(p => p.Pid).ToList();
        await Eventually.TrueAsync(() => Task.FromResult(StillRunning().Count == 0),
            () => $"{victim} to kill the Chromium of the instances it lost once resumed; still running: {string.Join(", ", StillRunning())}; node {(victim.IsRunning ? "running" : "exited")}",
            TimeSpan.FromSeconds(120));
        await load.AcceptedAfterAsync(load.Mark(), moved.Count, $"after {victim.Name} was resumed");
        await load.StopAsync();

        await load.AssertEachArrivedExactlyOnceAsync();
        await world.ConnectedAsync(moved, survivors, $"after {victim.Name} was resumed and gave them up");
        await AssertNoNewLinkOrQrAsync(linked, events, moved);
    }

    /// <summary>The node running the most instances, so a fault there moves the most.</summary>
    private NodeProcess BusiestNode(Dictionary<Guid, string> placement) =>
        Cluster.Node(placement.Values.GroupBy(n => n).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key);

    private async Task<long> LastEventIdAsync()
    {
        await using var db = Cluster.Database.Contexts.AcrossTenants();
        return await db.InstanceEvents.MaxAsync(e => (long?)e.Id) ?? 0;
    }

    /// <summary>
    /// No instance was linked again: the simulator counts no new device, and none of <paramref name="instances"/> went
    /// through <c>qr</c> since event <paramref name="since"/> (each new owner restored the session instead).
    /// </summary>
    private async Task AssertNoNewLinkOrQrAsync(int linkedBefore, long since, IReadOnlyList<ClusterInstance> instances)
    {
        Assert.Equal(linkedBefore, (await Cluster.NetworkAsync()).LinkedDevices);
        var ids = instances.Select(i => i.Id).ToList();
        await using var db = Cluster.Database.Contexts.AcrossTenants();
        var qrs = await db.InstanceEvents.Where(e => e.Id > since && ids.Contains(e.InstanceId) && e.ToStatus == InstanceStatus.Qr).Select(e => e.InstanceId).ToListAsync();
        Assert.True(qrs.Count == 0, $"no instance should have shown a QR; these did: {string.Join(", ", qrs.Distinct())} ({Cluster.Logs})");
    }
}
