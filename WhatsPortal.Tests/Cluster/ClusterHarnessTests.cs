using WhatsPortal.Tests.Engine;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Cluster;

/// <summary>
/// The multi-node harness itself: three nodes over one PostgreSQL with the simulator as its own process, each node a
/// process group that holds its Chromium, so that what the cluster tests do to a "machine" (kill -9, SIGSTOP, a
/// graceful stop) reaches its browsers too. Whatever the cluster does with the instances is the cluster tests' concern.
/// </summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
[Trait("Category", "Browser")]
[Trait("Category", "Postgres")]
[Trait("Category", "Process")]
public sealed class ClusterHarnessTests
{
    [Fact]
    public async Task A_node_killed_suspended_or_stopped_through_its_process_group_takes_its_Chromium_with_it()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var key = await cluster.NewTenantKeyAsync();
        using var api = cluster.Api(cluster.Nodes[0], key);
        var instances = new List<Guid>();
        for (var i = 0; i < 3; i++) instances.Add(await cluster.LinkInstanceAsync(api, $"harness-{i}", $"551197000{i:D3}"));

        // Messages posted through every node are counted on the simulator, each exactly once.
        var targets = instances.Select((id, i) => new ClusterInstance(id, $"551197000{i:D3}", $"551197100{i:D3}")).ToList();
        foreach (var target in targets) await cluster.Simulator.CreatePhoneAsync(target.Customer, "Customer " + target.Customer);
        await using (var load = MessageLoad.Start(cluster, key, () => cluster.Nodes, targets, "harness"))
        {
            await load.AcceptedAfterAsync(0, 3 * targets.Count, "through the three nodes");
            await load.StopAsync();
            Assert.Equal(cluster.Nodes.Select(n => n.Name).Order(), load.AcceptedSince(0).Select(a => a.Via).Distinct().Order());
            await load.AssertEachArrivedExactlyOnceAsync();
        }

        // Every browser of an instance, and every process it started, belongs to the group of the node running it.
        var hosts = instances.ToDictionary(id => id, id => cluster.Nodes.Where(n => n.ChromiumOf(id).Count > 0).ToList());
        Assert.True(hosts.Values.All(h => h.Count == 1), $"each instance's Chromium should run in exactly one node's group: {string.Join(", ", hosts.Select(h => $"{h.Key} on [{string.Join(", ", h.Value.Select(n => n.Name))}]"))} ({cluster.Logs})");
        foreach (var node in cluster.Nodes)
        {
            var group = node.Processes().Select(p => p.Pid).ToHashSet();
            var outside = ChromiumProcesses.Of(node.DataDirectory).SelectMany(ChromiumProcesses.WithDescendants).Where(pid => !group.Contains(pid)).ToList();
            Assert.True(outside.Count == 0, $"{node}'s Chromium processes {string.Join(", ", outside)} left its process group {node.Group}");
        }
        var victim = hosts[instances[0]][0];
        var chromium = victim.Processes().Where(p => p.Pid != victim.Group).ToList();
        Assert.NotEmpty(chromium);

        // SIGSTOP of the group freezes the node and its Chromium; SIGCONT brings them back.
        await victim.SuspendAsync();
        await Eventually.TrueAsync(() => Task.FromResult(victim.Processes().All(p => p.State == 'T')),
            $"every process of {victim}'s group to be stopped: {string.Join("; ", victim.Processes())}");
        await victim.ResumeAsync();
        await Eventually.TrueAsync(() => Task.FromResult(victim.Processes().All(p => p.State != 'T')),
            $"every process of {victim}'s group to run again: {string.Join("; ", victim.Processes())}");
        using (var resumed = cluster.Api(victim, key))
            await Eventually.TrueAsync(async () => (await resumed.GetAsync("health")).IsSuccessStatusCode, $"{victim} to answer /health after SIGCONT");

        // kill -9 of the group: nothing of the node is left, browsers included.
        await victim.KillAsync();
        await Eventually.TrueAsync(() => Task.FromResult(victim.Processes().Count == 0),
            $"{victim}'s group to be empty after kill -9: {string.Join("; ", victim.Processes())}");
        Assert.DoesNotContain(chromium, p => ChromiumProcesses.CommandLine(p.Pid) == p.CommandLine);

        // A graceful stop ends the node and everything it started; started again, it answers on its address.
        var stopped = cluster.Nodes.Last(n => n != victim);
        Assert.True(await stopped.StopAsync(), $"{stopped} should shut down within 60 s of SIGTERM (it was killed)");
        Assert.False(stopped.IsRunning);
        await Eventually.TrueAsync(() => Task.FromResult(stopped.Processes().Count == 0),
            $"{stopped}'s group to be empty after SIGTERM: {string.Join("; ", stopped.Processes())}");
        await cluster.StartStoppedNodesAsync();
        Assert.All(cluster.Nodes, n => Assert.True(n.IsRunning, $"{n} should run again"));
        var groups = cluster.Nodes.Select(n => n.Group).ToList();

        await cluster.DisposeAsync();
        Assert.All(groups, g => Assert.Empty(ProcessGroup.Members(g)));
    }
}
