using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using WhatsPortal.Data;
using WhatsPortal.Tests.EndToEnd;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Cluster;

/// <summary>
/// Several WhatsPortal nodes on loopback as an operator runs them on separate machines: one fresh PostgreSQL
/// database, the throwaway Redis of scripts/test.sh, the simulator as its own process, and each node a process group
/// of its own. Clusters sharing the Redis never see each other's silos: a cluster is named after its database (the
/// nodes' Orleans cluster id is derived from it), and each test cluster has a database of its own. Every failure
/// names the logs.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private readonly TestDirectory _work;
    private bool _disposed;

    private TestCluster(TestDirectory work, TestDatabase database, SimulatorServer simulator, IReadOnlyList<NodeProcess> nodes, string operatorKey)
    {
        _work = work;
        Database = database;
        Simulator = simulator;
        Nodes = nodes;
        OperatorKey = operatorKey;
    }

    public TestDatabase Database { get; }
    public SimulatorServer Simulator { get; }
    public IReadOnlyList<NodeProcess> Nodes { get; }
    public string OperatorKey { get; }

    /// <summary>Every log of the cluster, for failure messages.</summary>
    public string Logs => $"logs: simulator {Simulator.LogPath}; {string.Join("; ", Nodes.Select(n => $"{n.Name} {n.LogPath}"))}";

    public NodeProcess Node(string name) => Nodes.SingleOrDefault(n => n.Name == name) ?? throw new InvalidOperationException($"No node is named '{name}' ({Logs}).");

    /// <summary>
    /// Starts the simulator and <paramref name="count"/> nodes (node-1, node-2…), one after the other: the first
    /// migrates the database, and Chromium-heavy start-ups do not pile up on a small machine.
    /// </summary>
    /// <param name="settings">Settings of every node, over the cluster's own (e.g. <c>Cluster__Enabled=false</c>).</param>
    public static async Task<TestCluster> StartAsync(int count, IReadOnlyDictionary<string, string>? settings = null)
    {
        var redis = TestRedis.Endpoint;
        var work = new TestDirectory();
        TestDatabase? database = null;
        SimulatorServer? simulator = null;
        var nodes = new List<NodeProcess>();
        try
        {
            database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
            simulator = await SimulatorServer.StartProcessAsync(Path.Combine(work.Path, "simulator"), Path.Combine(work.Path, "simulator.log"));
            var operatorKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            // One environment for all, so every node has the same operator password and key, as one deployment does.
            var shared = AppProcess.Environment(Path.Combine(work.Path, "unused"), operatorKey, simulator.WebPageUrl);
            shared["Database__Provider"] = "Postgres";
            shared["ConnectionStrings__Postgres"] = database.ConnectionString;
            shared["Cluster__Enabled"] = "true";
            shared["Cluster__Redis"] = redis;
            shared["Engine__DefaultSendIntervalMs"] = "0";
            shared["Engine__DefaultSendJitterMs"] = "0";
            shared["RateLimits__RequestsPerMinute"] = "1000000";
            shared["RateLimits__MessagesPerMinutePerInstance"] = "1000000";
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) shared[key] = value;
            for (var i = 1; i <= count; i++)
            {
                var name = $"node-{i}";
                var data = Path.Combine(work.Path, name);
                var environment = new Dictionary<string, string>(shared)
                {
                    ["Storage__DataDirectory"] = data,
                    ["Cluster__NodeName"] = name,
                    ["Cluster__SiloPort"] = AppProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Cluster__GatewayPort"] = AppProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                var node = new NodeProcess(name, environment, data, Path.Combine(work.Path, name + ".log"), AppProcess.FreePort());
                nodes.Add(node);
                await node.StartAsync();
            }
            return new TestCluster(work, database, simulator, nodes, operatorKey);
        }
        catch
        {
            foreach (var node in nodes) await node.DisposeAsync();
            if (simulator is not null) await simulator.DisposeAsync();
            if (database is not null) await database.DisposeAsync();
            // The logs stay on disk (the failure names them); only a clean run removes the directory.
            throw;
        }
    }

    /// <summary>Starts again every node that is not running (killed, stopped, or exited by itself); resumes none.</summary>
    public async Task StartStoppedNodesAsync()
    {
        foreach (var node in Nodes.Where(n => !n.IsRunning)) await node.StartAsync();
    }

    /// <summary>A new tenant with a key of every scope, provisioned through a running node's operator API.</summary>
    public Task<string> NewTenantKeyAsync() => AppKilledTests.KeyOfNewTenantAsync(Nodes.First(n => n.IsRunning).BaseAddress, OperatorKey);

    public HttpClient Api(NodeProcess node, string key) => AppKilledTests.Client(node.BaseAddress, key);

    /// <summary>
    /// Creates an instance through <paramref name="api"/>, starts it, links it to sandbox phone <paramref name="phone"/>
    /// (created here) with the QR it shows, and waits until it is connected.
    /// </summary>
    public async Task<Guid> LinkInstanceAsync(HttpClient api, string name, string phone)
    {
        await Simulator.CreatePhoneAsync(phone, name);
        var id = (await AppKilledTests.ReadAsync(await api.PostAsJsonAsync("api/v1/instances", new { name }))).GetProperty("id").GetGuid();
        (await api.PostAsync($"api/v1/instances/{id}/start", null)).EnsureSuccessStatusCode();
        string? code = null;
        await Eventually.TrueAsync(async () => (code = await AppKilledTests.QrAsync(api, id)) is not null, $"instance {name} ({id}) to show a QR ({Logs})", TimeSpan.FromSeconds(180));
        using (var linked = await Simulator.LinkAsync(phone, code!))
            Assert.True(linked.IsSuccessStatusCode, $"Linking {name} answered {(int)linked.StatusCode}: {await linked.Content.ReadAsStringAsync()}");
        await AppKilledTests.WaitForStatusAsync(api, id, "connected", Logs);
        return id;
    }

    /// <summary>An instance as the API answers it: its status and the node it runs on (<c>node</c>, null while no node owns it).</summary>
    public async Task<(string Status, string? Node)> StateAsync(HttpClient api, Guid id)
    {
        var instance = await api.GetFromJsonAsync<JsonElement>($"api/v1/instances/{id}");
        if (!instance.TryGetProperty("node", out var node))
            Assert.Fail($"GET /api/v1/instances/{id} carries no `node` (issue 16: every instance answer names the node it runs on): {instance}");
        return (instance.GetProperty("status").GetString()!, node.ValueKind == JsonValueKind.String ? node.GetString() : null);
    }

    /// <summary>The simulator's counters: <c>linkedDevices</c> (a new QR link adds one), <c>conflicts</c> (one device connected twice at once).</summary>
    public async Task<(int LinkedDevices, int Conflicts)> NetworkAsync()
    {
        var stats = await Simulator.GetJsonAsync("stats");
        return (stats.GetProperty("linkedDevices").GetInt32(), stats.GetProperty("conflicts").GetInt32());
    }

    /// <summary>Stops every node (SIGTERM, then whatever is left of its group is killed), the simulator, and drops the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var node in Nodes) await node.DisposeAsync();
        await Simulator.DisposeAsync();
        await Database.DisposeAsync();
        _work.Dispose();
    }
}
