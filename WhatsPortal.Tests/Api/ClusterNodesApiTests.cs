using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WhatsPortal.Data;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.Api;

/// <summary>The app on a clock the test moves, so a heartbeat's age is exactly what the test says.</summary>
public sealed class ClusterPortalFactory : PortalFactory
{
    public ClusterPortalFactory() => Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
}

/// <summary>The same on PostgreSQL, the database a cluster runs on.</summary>
public sealed class ClusterPostgresPortalFactory : PostgresPortalFactory
{
    public ClusterPostgresPortalFactory() => Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
}

public sealed class ClusterNodesApiOnSqliteTests(ClusterPortalFactory factory) : ClusterNodesApiTests<ClusterPortalFactory>(factory);

[Trait("Category", "Postgres")]
public sealed class ClusterNodesApiOnPostgresTests(ClusterPostgresPortalFactory factory) : ClusterNodesApiTests<ClusterPostgresPortalFactory>(factory);

/// <summary>
/// The operator's API for the cluster: nodes with their status, drain and undrain, and the node on every instance answer.
/// The nodes' heartbeats and the leases are written here as the nodes would write them. The component door of the same
/// command is proven by ClusterNodesComponentTests.
/// </summary>
public abstract class ClusterNodesApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : PortalFactory
{
    private readonly WhatsPortalDbContextFactory contexts = factory.Services.GetRequiredService<WhatsPortalDbContextFactory>();

    private FakeTimeProvider Clock => (FakeTimeProvider)factory.Clock!;

    [Fact]
    public async Task Each_node_is_alive_draining_or_down_by_its_heartbeats_age_and_one_silent_for_a_day_is_not_listed()
    {
        var (alive, draining, down, drainingDown, forgotten) = (ClusterRows.NewNodeName(), ClusterRows.NewNodeName(), ClusterRows.NewNodeName(), ClusterRows.NewNodeName(), ClusterRows.NewNodeName());
        await contexts.AddNodeAsync(Clock, alive, TimeSpan.FromSeconds(2), instances: 4, memoryBytes: 734003200);
        await contexts.AddNodeAsync(Clock, draining, TimeSpan.FromSeconds(9), draining: true);
        await contexts.AddNodeAsync(Clock, down, TimeSpan.FromSeconds(11));
        await contexts.AddNodeAsync(Clock, drainingDown, TimeSpan.FromMinutes(5), draining: true);
        await contexts.AddNodeAsync(Clock, forgotten, TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        using var client = factory.OperatorClient();

        var nodes = (await client.GetFromJsonAsync<AdminApi.NodeResponse[]>("/api/v1/admin/nodes"))!.ToDictionary(n => n.Name);

        Assert.Equal("alive", nodes[alive].Status);
        Assert.Equal((4, 734003200L, "127.0.0.1:11111"), (nodes[alive].InstanceCount, nodes[alive].MemoryBytes, nodes[alive].Address));
        Assert.Equal(Clock.GetUtcNow().UtcDateTime.AddSeconds(-2), nodes[alive].HeartbeatAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal("draining", nodes[draining].Status);
        Assert.Equal("down", nodes[down].Status);
        Assert.Equal("down", nodes[drainingDown].Status);
        Assert.False(nodes.ContainsKey(forgotten));

        // The same node, silent past the threshold, reads as down.
        Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal("down", (await client.GetFromJsonAsync<AdminApi.NodeResponse[]>("/api/v1/admin/nodes"))!.Single(n => n.Name == alive).Status);
    }

    [Fact]
    public async Task The_operator_drains_a_node_while_another_takes_instances_and_undrains_it()
    {
        var (node, peer) = (ClusterRows.NewNodeName(), ClusterRows.NewNodeName());
        await contexts.AddNodeAsync(Clock, node, TimeSpan.Zero);
        await contexts.AddNodeAsync(Clock, peer, TimeSpan.Zero);
        using var client = factory.OperatorClient();

        var drained = await client.PostAsync($"/api/v1/admin/nodes/{node}/drain", null);
        Assert.Equal(HttpStatusCode.OK, drained.StatusCode);
        Assert.Equal("draining", (await drained.Content.ReadFromJsonAsync<AdminApi.NodeResponse>())!.Status);
        Assert.True(await contexts.IsDrainingAsync(node));
        // Again: nothing to refuse, it already drains.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/admin/nodes/{node}/drain", null)).StatusCode);

        var undrained = await client.PostAsync($"/api/v1/admin/nodes/{node}/undrain", null);
        Assert.Equal(HttpStatusCode.OK, undrained.StatusCode);
        Assert.Equal("alive", (await undrained.Content.ReadFromJsonAsync<AdminApi.NodeResponse>())!.Status);
        Assert.False(await contexts.IsDrainingAsync(node));
    }

    [Fact]
    public async Task Draining_the_last_live_node_taking_instances_is_a_409_saying_why_and_changes_nothing()
    {
        await contexts.DrainEveryNodeAsync();
        var (last, silent) = (ClusterRows.NewNodeName(), ClusterRows.NewNodeName());
        await contexts.AddNodeAsync(Clock, last, TimeSpan.Zero);
        // A node that is down takes nothing, so it does not count as somewhere to go.
        await contexts.AddNodeAsync(Clock, silent, TimeSpan.FromSeconds(30));
        using var client = factory.OperatorClient();

        var problem = await (await client.PostAsync($"/api/v1/admin/nodes/{last}/drain", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal($"Node '{last}' cannot be drained: no other node is alive and taking instances, so its instances would have nowhere to go.", problem.Detail);
        Assert.False(await contexts.IsDrainingAsync(last));
    }

    [Fact]
    public async Task Draining_or_undraining_an_unknown_node_is_a_404_naming_it()
    {
        using var client = factory.OperatorClient();
        var problem = await (await client.PostAsync("/api/v1/admin/nodes/no-such-node/drain", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("There is no node 'no-such-node'.", problem.Detail);
        await (await client.PostAsync("/api/v1/admin/nodes/no-such-node/undrain", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_tenants_key_can_neither_list_nor_drain_nodes()
    {
        var (node, peer) = (ClusterRows.NewNodeName(), ClusterRows.NewNodeName());
        await contexts.AddNodeAsync(Clock, node, TimeSpan.Zero);
        await contexts.AddNodeAsync(Clock, peer, TimeSpan.Zero);
        var (_, key) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.ApiClient(key);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/admin/nodes")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/v1/admin/nodes/{node}/drain", null)).StatusCode);
        Assert.False(await contexts.IsDrainingAsync(node));
    }

    [Fact]
    public async Task Every_instance_answer_names_the_node_holding_its_unexpired_lease_and_none_without_one()
    {
        var (_, key) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.ApiClient(key);
        var running = await CreateInstanceAsync(client, "running");
        var expired = await CreateInstanceAsync(client, "expired");
        var unleased = await CreateInstanceAsync(client, "unleased");
        Assert.Null(running.Node);
        await contexts.AddLeaseAsync(Clock, running.Id, "node-a", TimeSpan.FromSeconds(30));
        await contexts.AddLeaseAsync(Clock, expired.Id, "node-gone", TimeSpan.FromSeconds(-1));

        var listed = (await client.GetFromJsonAsync<InstancesApi.InstanceResponse[]>("/api/v1/instances"))!.ToDictionary(i => i.Id, i => i.Node);
        Assert.Equal("node-a", listed[running.Id]);
        Assert.Null(listed[expired.Id]);
        Assert.Null(listed[unleased.Id]);
        Assert.Equal("node-a", (await client.GetFromJsonAsync<InstancesApi.InstanceResponse>($"/api/v1/instances/{running.Id}"))!.Node);
        Assert.Null((await client.GetFromJsonAsync<InstancesApi.InstanceResponse>($"/api/v1/instances/{expired.Id}"))!.Node);
        var stopped = await client.PostAsync($"/api/v1/instances/{running.Id}/stop", null);
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        Assert.Equal("node-a", (await stopped.Content.ReadFromJsonAsync<InstancesApi.InstanceResponse>())!.Node);

        // The lease runs out: the instance no longer names the node.
        Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Null((await client.GetFromJsonAsync<InstancesApi.InstanceResponse>($"/api/v1/instances/{running.Id}"))!.Node);
    }

    private static async Task<InstancesApi.InstanceResponse> CreateInstanceAsync(HttpClient client, string name)
    {
        var created = await client.PostAsJsonAsync("/api/v1/instances", new { name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<InstancesApi.InstanceResponse>())!;
    }
}
