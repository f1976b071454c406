using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Engine.Leases;

/// <summary>
/// Two nodes (two engine hosts with their own <c>Cluster:NodeName</c>, data directory and clock) over one real
/// PostgreSQL database, real Chromium and the simulator on real Kestrel. Node A stops renewing because its clock stands
/// still while node B's moves past the lease: from the database's side that is exactly a suspended node (no renewal
/// arrives), and unlike SIGSTOP it leaves A's sender free to try a claim after the takeover, which is what the fencing
/// must refuse, and lets the test choose which of A's paths (a claim, a renewal) finds the loss first.
/// </summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
[Trait("Category", "Postgres")]
public sealed class LeaseTakeoverTests
{
    private const string Business = "5511933330000";
    private const string Customer = "5511944440000";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_node_cannot_start_an_instance_another_holds_and_after_taking_it_over_the_old_node_sends_nothing()
    {
        await using var world = await TwoNodesAsync();
        var (simulator, a, b, instance) = (world.Simulator, world.A, world.B, world.Instance);
        var refused = await Assert.ThrowsAsync<InstanceStateException>(() => b.Engine.StartAsync(instance.Id));
        Assert.Contains("another node", refused.Message);
        var browserOfA = BrowserTree(a, instance.Id);

        var marker = await a.LastEventIdAsync(instance.Id);
        world.ClockOfB.Advance(LeaseDuration);
        await b.Engine.StartAsync(instance.Id);
        Assert.Equal(("node-b", 2L), await LeaseAsync(a, instance.Id));

        // Queued through node A, whose session still runs: its claim under epoch 1 is refused and it kills its browser.
        var message = await a.SendTextAsync(instance, Customer, "exactly once");
        await Eventually.TrueAsync(() => Task.FromResult(Alive(browserOfA).Count == 0), "node A's browser to be killed", TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () => await a.Engine.GetStatusAsync(instance.Id) is null, "node A's session to end", TimeSpan.FromSeconds(60));
        var untouched = await a.MessageAsync(message.Id);
        Assert.Equal((MessageStatus.Queued, 0), (untouched.Status, untouched.Attempts));

        // Node B links (its data directory has no profile) and sends the message, once.
        await Eventually.TrueAsync(async () => await b.Engine.GetQrAsync(instance.Id) is not null, "node B's QR code to show", TimeSpan.FromSeconds(60));
        using (var linked = await simulator.LinkAsync(Business, (await b.Engine.GetQrAsync(instance.Id))!.Code))
            Assert.True(linked.IsSuccessStatusCode, $"Linking answered {(int)linked.StatusCode}: {await linked.Content.ReadAsStringAsync()}");
        await b.WaitForMessageAsync(message.Id, m => m.WhatsAppId is not null && m.Status != MessageStatus.Queued, "node B to send the message");
        Assert.Single(await simulator.MessagesAsync(Customer), m => m.GetProperty("text").GetString() == "exactly once");
        // Every status since the takeover is node B's own: node A recorded nothing (no reconnecting, no stopped).
        Assert.Equal([InstanceStatus.Starting, InstanceStatus.Qr, InstanceStatus.Connecting, InstanceStatus.Connected],
            await a.TransitionsAsync(instance.Id, marker));
    }

    [Fact]
    public async Task The_old_node_kills_its_browser_at_its_next_renewal_after_another_took_the_lease()
    {
        await using var world = await TwoNodesAsync();
        var (a, b, instance) = (world.A, world.B, world.Instance);
        var browserOfA = BrowserTree(a, instance.Id);

        var marker = await a.LastEventIdAsync(instance.Id);
        world.ClockOfB.Advance(LeaseDuration);
        await b.Engine.StartAsync(instance.Id);
        await Eventually.TrueAsync(async () => await b.Engine.GetQrAsync(instance.Id) is not null, "node B's QR code to show", TimeSpan.FromSeconds(60));
        Assert.NotEmpty(Alive(browserOfA));

        world.ClockOfA.Advance(LeaseDuration / 3);
        await Eventually.TrueAsync(() => Task.FromResult(Alive(browserOfA).Count == 0), "node A's browser to be killed", TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () => await a.Engine.GetStatusAsync(instance.Id) is null, "node A's session to end", TimeSpan.FromSeconds(60));
        Assert.Equal(("node-b", 2L), await LeaseAsync(a, instance.Id));
        Assert.Equal([InstanceStatus.Starting, InstanceStatus.Qr], await a.TransitionsAsync(instance.Id, marker));
        Assert.Equal(InstanceStatus.Qr, (await a.InstanceAsync(instance.Id)).Status);
    }

    /// <summary>Node A runs the instance linked to <see cref="Business"/>; node B is up on the same database.</summary>
    private static async Task<TwoNodes> TwoNodesAsync()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var simulator = await SimulatorServer.StartAsync();
        await simulator.CreatePhoneAsync(Business, "Sales");
        await simulator.CreatePhoneAsync(Customer, "Ana");
        var clockOfA = NewClock();
        var clockOfB = NewClock();
        var a = await EngineHost.StartAsync(simulator, settings: Node("node-a", database), clock: clockOfA);
        var b = await EngineHost.StartAsync(simulator, settings: Node("node-b", database), clock: clockOfB);
        var instance = await a.CreateInstanceAsync("sales");
        await a.LinkAsync(simulator, instance.Id, Business);
        Assert.Equal(("node-a", 1L), await LeaseAsync(a, instance.Id));
        // Node B starts without node A's session: these tests are about the lease, and a restored session would connect B
        // as the same device, whose conflict with A's page (WhatsApp drops the older) would race the paths under test.
        // A stores its session once connected; it is dropped once there, and A's clock stands still, so none follows.
        await Eventually.TrueAsync(async () =>
        {
            await using var db = a.Db();
            return await db.SessionSnapshots.Where(s => s.InstanceId == instance.Id).ExecuteDeleteAsync() > 0;
        }, "node A to store the session it linked", TimeSpan.FromSeconds(60));
        return new TwoNodes(simulator, a, b, clockOfA, clockOfB, instance);
    }

    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    // The clocks stand still, so health checks never run; sends are not paced.
    private static Dictionary<string, string?> Node(string name, string database) => new()
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Postgres"] = database,
        ["Cluster:NodeName"] = name,
        ["Engine:LeaseDuration"] = LeaseDuration.ToString(),
        ["Engine:HealthCheckInterval"] = "01:00:00",
    };

    private static async Task<(string Node, long Epoch)> LeaseAsync(EngineHost host, Guid instanceId)
    {
        await using var db = host.Db();
        var lease = await db.InstanceLeases.AsNoTracking().SingleAsync(l => l.InstanceId == instanceId);
        return (lease.Node, lease.Epoch);
    }

    /// <summary>The browser's processes with their command lines (a pid reused later has another).</summary>
    private static List<(int Pid, string? CommandLine)> BrowserTree(EngineHost host, Guid instanceId)
    {
        var tree = ChromiumProcesses.Of(host.Paths.ProfileDirectory(instanceId)).SelectMany(ChromiumProcesses.WithDescendants)
            .Distinct().Select(pid => (pid, ChromiumProcesses.CommandLine(pid))).ToList();
        Assert.NotEmpty(tree);
        return tree;
    }

    private static List<int> Alive(List<(int Pid, string? CommandLine)> tree) =>
        tree.Where(p => p.CommandLine is not null && ChromiumProcesses.CommandLine(p.Pid) == p.CommandLine).Select(p => p.Pid).ToList();

    private sealed record TwoNodes(SimulatorServer Simulator, EngineHost A, EngineHost B, FakeTimeProvider ClockOfA, FakeTimeProvider ClockOfB, Instance Instance)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await B.DisposeAsync();
            await A.DisposeAsync();
            await Simulator.DisposeAsync();
        }
    }
}
