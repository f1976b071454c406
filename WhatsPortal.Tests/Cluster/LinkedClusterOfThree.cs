using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Cluster;

/// <summary>An instance of the shared cluster: its own number, and the customer phone the tests write to from it.</summary>
public sealed record ClusterInstance(Guid Id, string Number, string Customer)
{
    public override string ToString() => $"{Number} ({Id})";
}

/// <summary>
/// Three nodes with fifteen instances linked and connected across them, shared by the cluster fault tests: linking
/// fifteen Chromiums costs minutes on two cores, and every test starts by bringing the cluster back to all nodes
/// running and every instance connected, which it checks.
/// </summary>
public sealed class LinkedClusterOfThree : IAsyncLifetime
{
    public const int InstanceCount = 15;
    // Chromium launches are spread out: a few links at a time, not fifteen browsers starting at once.
    private const int LinkingAtOnce = 3;

    internal TestCluster Cluster { get; private set; } = null!;
    public string Key { get; private set; } = "";
    public IReadOnlyList<ClusterInstance> Instances { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Cluster = await TestCluster.StartAsync(3);
        try
        {
            Key = await Cluster.NewTenantKeyAsync();
            var planned = Enumerable.Range(0, InstanceCount).Select(i => (Number: $"55118800{i:D4}", Customer: $"55118900{i:D4}")).ToList();
            foreach (var (_, customer) in planned) await Cluster.Simulator.CreatePhoneAsync(customer, "Customer " + customer);
            using var slots = new SemaphoreSlim(LinkingAtOnce);
            // Each created through another node: any node answers any request, and placement decides where it runs.
            Instances = await Task.WhenAll(planned.Select(async (p, i) =>
            {
                await slots.WaitAsync();
                try
                {
                    using var api = Cluster.Api(Cluster.Nodes[i % Cluster.Nodes.Count], Key);
                    return new ClusterInstance(await Cluster.LinkInstanceAsync(api, "line " + p.Number, p.Number), p.Number, p.Customer);
                }
                finally
                {
                    slots.Release();
                }
            }));
            var placement = await ConnectedAsync(Instances, Cluster.Nodes, "after linking");
            var empty = Cluster.Nodes.Where(n => !placement.ContainsValue(n.Name)).ToList();
            Assert.True(empty.Count == 0, $"the {InstanceCount} instances should run across all three nodes; none runs on {string.Join(", ", empty)}: {Describe(placement)}");
        }
        catch
        {
            await Cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts any node a test left stopped or killed, and waits until every instance is connected again; returns where
    /// each runs. A test's precondition, so a failure here names what the previous test left behind.
    /// </summary>
    internal async Task<Dictionary<Guid, string>> PrepareAsync()
    {
        await Cluster.StartStoppedNodesAsync();
        return await ConnectedAsync(Instances, Cluster.Nodes, "at the start of the test (all nodes running)");
    }

    /// <summary>Waits until each of <paramref name="instances"/> is connected on one of <paramref name="nodes"/>; returns the node of each.</summary>
    internal async Task<Dictionary<Guid, string>> ConnectedAsync(IReadOnlyList<ClusterInstance> instances, IReadOnlyList<NodeProcess> nodes, string moment, TimeSpan? timeout = null)
    {
        var allowed = nodes.Select(n => n.Name).ToHashSet();
        var states = new Dictionary<Guid, (string Status, string? Node)>();
        await Eventually.TrueAsync(async () =>
        {
            // Asked through a node that is running now (the test may have stopped or killed others).
            using var api = Cluster.Api(nodes.FirstOrDefault(n => n.IsRunning) ?? Cluster.Nodes.First(n => n.IsRunning), Key);
            foreach (var instance in instances)
            {
                try
                {
                    states[instance.Id] = await Cluster.StateAsync(api, instance.Id);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    states[instance.Id] = ($"unanswered ({e.GetType().Name})", null);
                }
            }
            return instances.All(i => states[i.Id] is ("connected", { } node) && allowed.Contains(node));
        }, () => $"every instance to be connected on {string.Join(" or ", allowed)} {moment}: {string.Join(", ", instances.Select(i => $"{i.Number} {states.GetValueOrDefault(i.Id)}"))} ({Cluster.Logs})",
            timeout ?? TimeSpan.FromSeconds(300));
        return instances.ToDictionary(i => i.Id, i => states[i.Id].Node!);
    }

    internal static string Describe(Dictionary<Guid, string> placement) =>
        string.Join(", ", placement.GroupBy(p => p.Value).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"));

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
