using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;

namespace WhatsPortal.Web.Integration;

/// <summary>
/// Carries engine events to integrators: each becomes one <see cref="IntegrationEvent"/>, stored in the webhook
/// outbox and pushed to hub subscribers of its tenant and instance.
/// <list type="bullet">
/// <item>Journaled events are relayed from <see cref="PendingEvent"/> rows, which the engine commits with the
/// changes they describe: each batch's deliveries are stored and its rows removed in one commit, so a crash at any
/// point leaves every event either relayed or still pending, and the next start relays what is pending.</item>
/// <item>The live bus only wakes the relay, feeds the metrics, and carries the unjournaled events (QR codes). It is
/// registered before the engine so it is listening before the first instance starts, and stopped after it, so what
/// the engine raised last still reaches the outbox.</item>
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
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // The listener subscribes before its first await, so before anything else here waits.
        Task.WhenAll(ListenAsync(stoppingToken), RelayAsync(stoppingToken));

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var events = engineEvents.SubscribeAsync(stoppingToken).GetAsyncEnumerator(stoppingToken);
        var next = events.MoveNextAsync();
        await SeedInstanceGaugeAsync(stoppingToken);
        try
        {
            while (await next)
            {
                var engineEvent = events.Current;
                metrics.Observe(engineEvent);
                if (engineEvent.Journaled) _journaled.Wake();
                else await HandleUnjournaledAsync(engineEvent, _abandon.Token);
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
                if (await RelayBatchAsync(stoppingToken) < BatchSize) await _journaled.WaitAsync(RelayPoll, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // What is left stays pending, and the next start relays it.
        }
    }

    /// <summary>Relays the oldest pending events; how many rows it took.</summary>
    private async Task<int> RelayBatchAsync(CancellationToken ct)
    {
        try
        {
            // Relaxed: should the machine lose this commit, the rows come back with it and are relayed again; delivery is
            // at least once, with the same event ids.
            await using var db = contexts.AcrossTenants(CommitDurability.Relaxed);
            var rows = await db.PendingEvents.OrderBy(p => p.Id).Take(BatchSize).ToListAsync(ct);
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
            if (staged) outbox.WakeDispatcher();
            foreach (var integrationEvent in relayed) await PushAsync(integrationEvent, ct);
            return rows.Count;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Failing before the commit removes nothing, and the same rows are tried again after the poll interval
            // (rows of an instance deleted meanwhile are gone with it); failing after it loses only live hub pushes.
            logger.LogError(ex, "Could not relay pending events to integrators");
            return 0;
        }
    }

    private async Task<IntegrationEvent?> DescribeAsync(PendingEvent row, CancellationToken ct)
    {
        try
        {
            return await factory.CreateAsync(EventJournal.Read(row), row.EventId, ct);
        }
        catch (JsonException ex)
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
