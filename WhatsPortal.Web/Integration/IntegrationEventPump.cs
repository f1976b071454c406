using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Events;
using WhatsPortal.Web.Infrastructure;

namespace WhatsPortal.Web.Integration;

/// <summary>
/// Carries engine events to integrators: each becomes one <see cref="IntegrationEvent"/>, stored in the webhook
/// outbox and pushed to hub subscribers of its tenant and instance.
/// <list type="bullet">
/// <item>Journaled events are relayed from <see cref="PendingEvent"/> rows, which the engine commits with the
/// changes they describe: each batch's deliveries are stored and its rows removed in one commit, so a crash at any
/// point leaves every event either relayed or still pending, and the next start relays what is pending.</item>
/// <item>The live bus paces the relay, feeds the metrics, and carries the unjournaled events (QR codes). The relay
/// hands over rows up to the last journal position seen on the bus, and an unjournaled event goes out after the
/// rows before it, so an instance's events keep the order they were raised in. The pump is registered before the
/// engine so it is listening before the first instance starts, and stopped after it, so what the engine raised
/// last still reaches the outbox.</item>
/// <item>In a cluster every node runs one. Each node hands over the unjournaled events it raised and paces the relay by
/// its own journal positions; relay batches hold a cluster-wide lock (<see cref="OutboxLocks"/>), so a row is relayed
/// once, by one node, and each batch starts from what the one before it left. Hub pushes reach the clients of every
/// node through the SignalR Redis backplane. Events that came from another node are left to that node.</item>
/// </list>
/// </summary>
public sealed class IntegrationEventPump(
    IEngineEvents engineEvents,
    IntegrationEventFactory factory,
    WebhookOutbox outbox,
    IHubContext<EventsHub> hub,
    WhatsPortalMetrics metrics,
    WhatsPortalDbContextFactory contexts,
    ILogger<IntegrationEventPump> logger) : BackgroundService
{
    private const int BatchSize = 100;
    // Rows nobody woke the relay for (left by a crash, or a wake-up lost to a failed batch) are found this often.
    private static readonly TimeSpan RelayPoll = TimeSpan.FromSeconds(1);

    private readonly WakeUpSignal _journaled = new();
    // One batch at a time: the relay loop and the listener (before an unjournaled event) both relay.
    private readonly SemaphoreSlim _relaying = new(1, 1);
    // The last journal position seen on the bus (at start: the last row left by the previous run). Rows after it
    // are committed but not yet raised in order with the unjournaled events, so they wait for their turn.
    private long _seen;
    // Cancelled only when the host stops waiting for shutdown: until then a stop drains what was already published.
    private readonly CancellationTokenSource _abandon = new();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var abandonWithTheHost = cancellationToken.Register(_abandon.Cancel);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        _relaying.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The listener subscribes before its first await, so before anything else here waits.
        await Task.WhenAll(ListenAsync(stoppingToken), RelayAsync(stoppingToken));
        // Stopping: what the engine committed last (its instances stopping) is handed over now, not at the next start.
        try
        {
            await RelayPendingAsync(long.MaxValue, _abandon.Token);
        }
        catch (OperationCanceledException)
        {
            // The host stopped waiting: what is left stays pending, and the next start relays it.
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var events = engineEvents.SubscribeAsync(stoppingToken).GetAsyncEnumerator(stoppingToken);
        var next = events.MoveNextAsync();
        await SeedInstanceGaugeAsync(stoppingToken);
        await using (var db = contexts.AcrossTenants())
            Volatile.Write(ref _seen, await db.PendingEvents.MaxAsync(p => (long?)p.Id, stoppingToken) ?? 0);
        _journaled.Wake();
        try
        {
            while (await next)
            {
                var engineEvent = events.Current;
                // From another node: that node counts it and hands it over, and only it knows what it raised before.
                if (!engineEvent.RaisedElsewhere) await HandleAsync(engineEvent);
                else metrics.ObserveElsewhere(engineEvent);
                next = events.MoveNextAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await events.DisposeAsync();
        }
    }

    private async Task HandleAsync(EngineEvent engineEvent)
    {
        metrics.Observe(engineEvent);
        if (engineEvent.Journaled)
        {
            if (engineEvent.JournalPosition > Volatile.Read(ref _seen)) Volatile.Write(ref _seen, engineEvent.JournalPosition);
            _journaled.Wake();
        }
        else
        {
            await RelayPendingAsync(Volatile.Read(ref _seen), _abandon.Token);
            await HandleUnjournaledAsync(engineEvent, _abandon.Token);
        }
    }

    private async Task HandleUnjournaledAsync(EngineEvent engineEvent, CancellationToken ct)
    {
        try
        {
            if (await factory.CreateAsync(engineEvent, Guid.CreateVersion7(), ct) is not { } integrationEvent) return;
            await outbox.EnqueueAsync(integrationEvent, ct);
            await PushAsync(integrationEvent, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not hand {EventType} of instance {InstanceId} to integrators", engineEvent.GetType().Name, engineEvent.InstanceId);
        }
    }

    private async Task RelayAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await RelayBatchAsync(Volatile.Read(ref _seen), stoppingToken) < BatchSize) await _journaled.WaitAsync(RelayPoll, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // What is left stays pending, and the next start relays it.
        }
    }

    /// <summary>Relays until nothing up to <paramref name="upTo"/> is pending (or a batch fails).</summary>
    private async Task RelayPendingAsync(long upTo, CancellationToken ct)
    {
        while (await RelayBatchAsync(upTo, ct) == BatchSize)
        {
        }
    }

    /// <summary>Relays the oldest pending events up to journal position <paramref name="upTo"/>; how many rows it took.</summary>
    private async Task<int> RelayBatchAsync(long upTo, CancellationToken ct)
    {
        await _relaying.WaitAsync(ct);
        try
        {
            // Relaxed: should the machine lose this commit, the rows come back with it and are relayed again; delivery is
            // at least once, with the same event ids.
            await using var db = contexts.AcrossTenants(CommitDurability.Relaxed);
            await using var relayLock = await ClusterLock.EventRelay.TakeAsync(db, ct);
            var rows = await db.PendingEvents.Where(p => p.Id <= upTo).OrderBy(p => p.Id).Take(BatchSize).ToListAsync(ct);
            if (rows.Count == 0) return 0;
            var relayed = new List<IntegrationEvent>(rows.Count);
            var staged = false;
            foreach (var row in rows)
            {
                if (await DescribeAsync(row, ct) is not { } integrationEvent) continue;
                relayed.Add(integrationEvent);
                staged |= await outbox.StageAsync(db, integrationEvent, ct);
            }
            db.PendingEvents.RemoveRange(rows);
            await db.SaveChangesAsync(ct);
            if (relayLock is not null) await relayLock.CommitAsync(ct);
            if (staged) outbox.WakeDispatcher();
            foreach (var integrationEvent in relayed) await PushAsync(integrationEvent, ct);
            return rows.Count;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Failing before the commit removes nothing, and the same rows are tried again after the poll interval
            // (rows of an instance deleted meanwhile are gone with it); failing after it loses only live hub pushes.
            logger.LogError(ex, "Could not relay pending events to integrators");
            return 0;
        }
        finally
        {
            _relaying.Release();
        }
    }

    private async Task<IntegrationEvent?> DescribeAsync(PendingEvent row, CancellationToken ct)
    {
        try
        {
            return await factory.CreateAsync(EventJournal.Read(row), row.EventId, ct);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            // Unreadable (written by a version that no longer exists): dropped with the batch instead of blocking it forever.
            logger.LogError(ex, "Pending event {PendingEventId} of instance {InstanceId} cannot be read and is dropped", row.Id, row.InstanceId);
            return null;
        }
    }

    private Task PushAsync(IntegrationEvent integrationEvent, CancellationToken ct) =>
        hub.Clients.Groups(EventsHub.TenantGroup(integrationEvent.TenantId), EventsHub.InstanceGroup(integrationEvent.InstanceId))
            .SendAsync(EventsHub.EventMethod, integrationEvent, ct);

    private async Task SeedInstanceGaugeAsync(CancellationToken ct)
    {
        await using var db = contexts.AcrossTenants();
        var counts = await db.Instances.GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        metrics.SetInstanceCounts(counts.ToDictionary(c => c.Key, c => c.Count));
    }
}
