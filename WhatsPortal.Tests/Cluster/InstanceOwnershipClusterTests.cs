using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Tests.EndToEnd;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Cluster;

/// <summary>
/// Two app processes joined in one cluster over one PostgreSQL and one Redis, with the simulator: an instance runs on
/// one node, commands sent through the other reach it there, and a drain moves it to the other node.
/// </summary>
[Trait("Category", "Cluster")]
[Trait("Category", "Process")]
[Trait("Category", "Browser")]
public sealed class InstanceOwnershipClusterTests
{
    [Fact]
    public async Task Commands_through_either_node_reach_the_node_that_runs_the_instance_and_a_drain_moves_it_to_the_other()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        using var work = new TestDirectory();
        var operatorKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        // One file per node: two appending writers on one file overwrite each other's lines.
        var log = Path.Combine(work.Path, "node-*.log");
        const string phone = "5511955550000";
        await simulator.CreatePhoneAsync(phone, "Cluster phone");

        await using var nodeA = await AppProcess.StartAsync(NodeEnvironment("node-a"), Path.Combine(work.Path, "node-a.log"));
        await using var nodeB = await AppProcess.StartAsync(NodeEnvironment("node-b"), Path.Combine(work.Path, "node-b.log"));
        var apiKey = await AppKilledTests.KeyOfNewTenantAsync(nodeA.BaseAddress, operatorKey);
        using var throughA = AppKilledTests.Client(nodeA.BaseAddress, apiKey);
        using var throughB = AppKilledTests.Client(nodeB.BaseAddress, apiKey);

        var id = (await AppKilledTests.ReadAsync(await throughA.PostAsJsonAsync("api/v1/instances", new { name = "clustered" }))).GetProperty("id").GetGuid();
        (await throughA.PostAsync($"api/v1/instances/{id}/start", null)).EnsureSuccessStatusCode();
        var owner = await NodeRunningAsync(1);
        var (ownerApi, otherApi, other) = owner == "node-a" ? (throughA, throughB, "node-b") : (throughB, throughA, "node-a");

        // The QR lives in the owner's Chromium; the other node reads it through the instance's grain.
        string? code = null;
        await Eventually.TrueAsync(async () => (code = await AppKilledTests.QrAsync(otherApi, id)) is not null, $"the QR through {other} (log: {log})", TimeSpan.FromSeconds(120));
        using (var linked = await simulator.LinkAsync(phone, code!)) Assert.True(linked.IsSuccessStatusCode);
        await AppKilledTests.WaitForStatusAsync(otherApi, id, "connected", log);
        // The owner's session refuses; the refusal crosses back with its type and sentence (409 problem details).
        using (var refused = await otherApi.PostAsJsonAsync($"api/v1/instances/{id}/pairing-code", new { phone }))
        {
            Assert.Equal(409, (int)refused.StatusCode);
            Assert.Contains("A pairing code can only be asked for while the instance shows a QR code (it is connected).", await refused.Content.ReadAsStringAsync());
        }

        // Drained, the owner hands the instance over with a snapshot of its session; the other node starts it without a QR.
        await SetDrainingAsync(owner, true);
        Assert.Equal(other, await NodeRunningAsync(1, butNot: owner));
        await Eventually.TrueAsync(async () => (await InstanceCountAsync(owner)) == 0, $"{owner} to run nothing (log: {log})", TimeSpan.FromSeconds(60));
        await AppKilledTests.WaitForStatusAsync(ownerApi, id, "connected", log);

        // A stop sent through the drained node reaches the new owner, which ends its session there.
        (await ownerApi.PostAsync($"api/v1/instances/{id}/stop", null)).EnsureSuccessStatusCode();
        await AppKilledTests.WaitForStatusAsync(otherApi, id, "stopped", log);
        await Eventually.TrueAsync(async () => (await InstanceCountAsync(other)) == 0, $"{other} to run nothing after the stop (log: {log})", TimeSpan.FromSeconds(60));

        Dictionary<string, string> NodeEnvironment(string name)
        {
            var environment = AppProcess.Environment(Path.Combine(work.Path, name), operatorKey, simulator.WebPageUrl);
            environment["Database__Provider"] = "Postgres";
            environment["ConnectionStrings__Postgres"] = database.ConnectionString;
            environment["Cluster__Enabled"] = "true";
            environment["Cluster__Redis"] = TestRedis.Endpoint;
            environment["Cluster__NodeName"] = name;
            environment["RateLimits__RequestsPerMinute"] = "1000000";
            return environment;
        }

        async Task<string> NodeRunningAsync(int count, string? butNot = null)
        {
            string? node = null;
            await Eventually.TrueAsync(async () =>
            {
                await using var db = database.Contexts.AcrossTenants();
                node = await db.ClusterNodes.Where(n => n.InstanceCount == count && n.Name != butNot).Select(n => n.Name).FirstOrDefaultAsync();
                return node is not null;
            }, $"a node{(butNot is null ? "" : " other than " + butNot)} to run the instance (log: {log})", TimeSpan.FromSeconds(90));
            return node!;
        }

        async Task<int> InstanceCountAsync(string node)
        {
            await using var db = database.Contexts.AcrossTenants();
            return await db.ClusterNodes.Where(n => n.Name == node).Select(n => n.InstanceCount).SingleAsync();
        }

        // The operator's drain command writes this flag; the node reads it with its heartbeat.
        async Task SetDrainingAsync(string node, bool draining)
        {
            await using var db = database.Contexts.AcrossTenants();
            await db.ClusterNodes.Where(n => n.Name == node).ExecuteUpdateAsync(n => n.SetProperty(x => x.Draining, draining));
        }
    }
}
