using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;
using WhatsPortal.Web.Integration;

namespace WhatsPortal.Tests.Integration;

/// <summary>
/// Two nodes of one cluster in this process, over one PostgreSQL database and one Redis: what one node's engine raises
/// reaches the other node's hub clients and live subscribers once, and webhooks go out once, in order.
/// </summary>
[Trait("Category", "Postgres")]
[Trait("Category", "Cluster")]
public sealed class ClusterEventsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_event_raised_on_one_node_reaches_hub_clients_and_live_subscribers_of_the_other_exactly_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var cluster = await TwoNodes.StartAsync();
        var (a, b) = (cluster.A, cluster.B);
        var (tenantId, key, instanceId) = await InstanceWithWebhookAsync(a, receiver.Url);
        await using var hub = await EventsHubClient.ConnectAsync(a.Server, key);
        await hub.Connection.InvokeAsync("SubscribeInstance", instanceId);
        using var stop = new CancellationTokenSource();
        var live = new ConcurrentQueue<EngineEvent>();
        var listening = CollectAsync(a.Services.GetRequiredService<IEngineEvents>(), live, stop.Token);

        await RaiseStepAsync(b, tenantId, instanceId, 1);
        var now = DateTime.UtcNow;
        b.Services.GetRequiredService<IEngineEvents>().Publish(new QrCodeChanged(tenantId, instanceId, now, new QrCode("2@cluster-qr", now.AddMinutes(1))));
        await RaiseStepAsync(b, tenantId, instanceId, 2);

        Assert.Equal(["step 1", "2@cluster-qr", "step 2"], new[] { Describe(await hub.NextEventAsync(Wait)), Describe(await hub.NextEventAsync(Wait)), Describe(await hub.NextEventAsync(Wait)) });
        // A second copy of any of them (pushed by both nodes) would come before this one.
        await RaiseStepAsync(b, tenantId, instanceId, 3);
        Assert.Equal("step 3", Describe(await hub.NextEventAsync(Wait)));

        await Eventually.TrueAsync(() => Task.FromResult(live.Count(e => e.InstanceId == instanceId) >= 4), "node A's subscriber hears node B's four events");
        var heard = live.Where(e => e.InstanceId == instanceId).ToList();
        Assert.Equal(["step 1", "2@cluster-qr", "step 2", "step 3"], heard.Select(Describe));
        Assert.All(heard, e => Assert.True(e.RaisedElsewhere));
        // The per-state gauge covers every node: node A counts node B's three status changes (starting → connecting).
        using (var metrics = a.CreateClient())
            await Eventually.TrueAsync(async () => (await metrics.GetStringAsync("/metrics")).Contains("whatsportal_instances{otel_scope_name=\"WhatsPortal\",state=\"connecting\"} 3"),
                "node A's whatsportal_instances gauge to count node B's status changes");

        // Only node B hands its QR to the outbox: one delivery of each event, in the order raised.
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Any(r => Describe(Body(r)) == "step 3")), "the webhook receives the last event");
        Assert.Equal(["step 1", "2@cluster-qr", "step 2", "step 3"], receiver.Requests.Select(r => Describe(Body(r))));

        await stop.CancelAsync();
        await listening;
    }

    [Fact]
    public async Task With_a_dispatcher_on_each_node_a_receiver_gets_every_event_of_an_instance_once_and_in_order()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // Slow answers keep each delivery in flight long enough for the other node's dispatcher to find it pending.
        receiver.AnswerDelay = TimeSpan.FromMilliseconds(150);
        await using var cluster = await TwoNodes.StartAsync();
        var (tenantId, _, instanceId) = await InstanceWithWebhookAsync(cluster.A, receiver.Url);

        const int steps = 12;
        for (var step = 1; step <= steps; step++)
            await RaiseStepAsync(step % 2 == 0 ? cluster.A : cluster.B, tenantId, instanceId, step);
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Any(r => Describe(Body(r)) == $"step {steps}")), "the last event is delivered");
        // A second delivery of any event would have been made before the next one's first.
        await RaiseStepAsync(cluster.B, tenantId, instanceId, steps + 1);
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Any(r => Describe(Body(r)) == $"step {steps + 1}")), "the sentinel is delivered");

        Assert.Equal(Enumerable.Range(1, steps + 1).Select(s => $"step {s}"), receiver.Requests.Select(r => Describe(Body(r))));
    }

    [Fact]
    public async Task The_relays_and_dispatchers_of_two_nodes_racing_over_the_same_journal_hand_over_nothing_twice()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerDelay = TimeSpan.FromMilliseconds(20);
        await using var cluster = await TwoNodes.StartAsync();
        var (tenantId, _, instanceId) = await InstanceWithWebhookAsync(cluster.A, receiver.Url);

        // More than one relay batch, journaled where no node hears it, then announced to both nodes at once as the
        // engine announces what it journaled: both relays go for the same rows together.
        const int steps = 130;
        var unheard = new EventJournal(new InMemoryEngineEvents());
        await using (var db = cluster.A.Services.GetRequiredService<WhatsPortalDbContextFactory>().ForTenant(tenantId))
            for (var step = 1; step <= steps; step++)
                await unheard.SaveAsync(db, Step(tenantId, instanceId, step), CancellationToken.None);
        long last;
        await using (var db = cluster.A.AcrossTenants())
            last = await db.PendingEvents.MaxAsync(p => p.Id);
        var announced = Step(tenantId, instanceId, steps) with { JournalPosition = last };
        await Task.WhenAll(
            Task.Run(() => cluster.A.Services.GetRequiredService<IEngineEvents>().Publish(announced)),
            Task.Run(() => cluster.B.Services.GetRequiredService<IEngineEvents>().Publish(announced)));

        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Any(r => Describe(Body(r)) == $"step {steps}")), "the last event is delivered", TimeSpan.FromMinutes(2));
        await RaiseStepAsync(cluster.B, tenantId, instanceId, steps + 1);
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Any(r => Describe(Body(r)) == $"step {steps + 1}")), "the sentinel is delivered");

        Assert.Equal(Enumerable.Range(1, steps + 1).Select(s => $"step {s}"), receiver.Requests.Select(r => Describe(Body(r))));
        await using (var db = cluster.A.AcrossTenants())
        {
            Assert.Equal(steps + 1, await db.WebhookDeliveries.CountAsync(d => d.InstanceId == instanceId));
            Assert.False(await db.PendingEvents.AnyAsync());
        }
    }

    [Fact]
    public async Task A_receiver_slower_than_the_idle_transaction_limit_has_its_delivery_recorded_after_one_request()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // The attempt keeps its delivery row locked in a transaction that waits for this answer.
        receiver.AnswerDelay = DatabaseProviders.IdleTransactionLimit + TimeSpan.FromSeconds(2);
        await using var cluster = await TwoNodes.StartAsync(new KeyValuePair<string, string?>("Webhooks:Timeout", (receiver.AnswerDelay * 2).ToString()));
        var (tenantId, _, instanceId) = await InstanceWithWebhookAsync(cluster.A, receiver.Url);

        await RaiseStepAsync(cluster.A, tenantId, instanceId, 1);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = cluster.A.AcrossTenants();
            return await db.WebhookDeliveries.AnyAsync(d => d.InstanceId == instanceId && d.Status != WebhookDeliveryStatus.Pending);
        }, () => $"the delivery to be recorded (the receiver got {receiver.Requests.Count} requests)", TimeSpan.FromMinutes(1));

        await using var recorded = cluster.A.AcrossTenants();
        var delivery = await recorded.WebhookDeliveries.SingleAsync(d => d.InstanceId == instanceId);
        Assert.Equal((WebhookDeliveryStatus.Delivered, 1), (delivery.Status, delivery.Attempts));
        Assert.Single(receiver.Requests);
    }

    private static InstanceStatusChanged Step(Guid tenantId, Guid instanceId, int step) =>
        new(tenantId, instanceId, DateTime.UtcNow, InstanceStatus.Starting, InstanceStatus.Connecting, $"step {step}");

    /// <summary>Journaled and published on <paramref name="node"/> as its engine would, the reason naming the step.</summary>
    private static async Task RaiseStepAsync(PortalFactory node, Guid tenantId, Guid instanceId, int step)
    {
        await using var db = node.Services.GetRequiredService<WhatsPortalDbContextFactory>().ForTenant(tenantId);
        await node.Services.GetRequiredService<EventJournal>().SaveAsync(db, Step(tenantId, instanceId, step), CancellationToken.None);
    }

    private static async Task<(Guid TenantId, string Key, Guid InstanceId)> InstanceWithWebhookAsync(PortalFactory node, Uri webhookUrl)
    {
        var (tenantId, key) = await node.CreateTenantWithKeyAsync();
        using var api = node.ApiClient(key);
        var created = await api.PostAsJsonAsync("/api/v1/instances", new { name = "clustered", webhookUrl = webhookUrl.ToString() });
        created.EnsureSuccessStatusCode();
        return (tenantId, key, (await created.Content.ReadFromJsonAsync<InstancesApi.InstanceResponse>())!.Id);
    }

    private static async Task CollectAsync(IEngineEvents bus, ConcurrentQueue<EngineEvent> into, CancellationToken stop)
    {
        // The first MoveNextAsync subscribes before anything is awaited: nothing raised after this call is missed.
        await using var events = bus.SubscribeAsync(stop).GetAsyncEnumerator(stop);
        var next = events.MoveNextAsync();
        await Task.Yield();
        while (await next)
        {
            into.Enqueue(events.Current);
            next = events.MoveNextAsync();
        }
    }

    private static JsonElement Body(WebhookReceiver.Received request) => JsonDocument.Parse(request.Body).RootElement;

    /// <summary>The QR's code or the status change's reason: what tells the test's events apart.</summary>
    private static string Describe(JsonElement integrationEvent) =>
        integrationEvent.GetProperty("data").GetProperty(integrationEvent.GetProperty("type").GetString() == IntegrationEventTypes.InstanceQr ? "code" : "reason").GetString()
        ?? "";

    private static string Describe(EngineEvent engineEvent) => engineEvent switch
    {
        QrCodeChanged qr => qr.Qr?.Code ?? "",
        InstanceStatusChanged status => status.Reason ?? "",
        _ => engineEvent.GetType().Name,
    };

    /// <summary>Two nodes of one cluster sharing a fresh PostgreSQL database and the test Redis, started one after the other.</summary>
    private sealed class TwoNodes : IAsyncDisposable
    {
        private TwoNodes(IntegrationPortal a, IntegrationPortal b) => (A, B) = (a, b);

        public IntegrationPortal A { get; }
        public IntegrationPortal B { get; }

        public static async Task<TwoNodes> StartAsync(params KeyValuePair<string, string?>[] settings)
        {
            var database = await TestPostgres.CreateDatabaseAsync();
            var redis = TestRedis.Endpoint;
            var a = Node("node-a", database, redis, settings);
            // One after the other: the first migrates the database and makes the operator account.
            _ = a.Server;
            var b = Node("node-b", database, redis, settings);
            _ = b.Server;
            return new TwoNodes(a, b);
        }

        private static IntegrationPortal Node(string name, string database, string redis, KeyValuePair<string, string?>[] settings) => new(
        [
            .. settings,
            new("Database:Provider", "Postgres"),
            new("ConnectionStrings:Postgres", database),
            new("Cluster:Enabled", "true"),
            new("Cluster:Redis", redis),
            new("Cluster:NodeName", name),
            new("Cluster:SiloPort", "0"),
            new("Cluster:GatewayPort", "0"),
        ]);

        public async ValueTask DisposeAsync()
        {
            await B.DisposeAsync();
            await A.DisposeAsync();
        }
    }
}
