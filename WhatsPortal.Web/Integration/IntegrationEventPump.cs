using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Engine.Events;

namespace WhatsPortal.Web.Integration;

/// <summary>
/// Carries engine events to integrators: each becomes one <see cref="IntegrationEvent"/>, stored in the
/// webhook outbox and pushed to hub subscribers of its tenant and instance. It is registered before the
/// engine so it is listening before the first instance starts, and stopped after it, so what the engine raised
/// last (its instances stopping) still reaches the outbox.
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var events = engineEvents.SubscribeAsync(stoppingToken).GetAsyncEnumerator(stoppingToken);
        // Starts listening (the subscription is made on the first MoveNextAsync) before anything else awaits.
        var next = events.MoveNextAsync();
        await SeedInstanceGaugeAsync(stoppingToken);
        try
        {
            while (await next)
            {
                await HandleAsync(events.Current, _abandon.Token);
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

    private async Task HandleAsync(EngineEvent engineEvent, CancellationToken ct)
    {
        metrics.Observe(engineEvent);
        try
        {
            if (await factory.CreateAsync(engineEvent, ct) is not { } integrationEvent) return;
            await outbox.EnqueueAsync(integrationEvent, ct);
            await hub.Clients.Groups(EventsHub.TenantGroup(integrationEvent.TenantId), EventsHub.InstanceGroup(integrationEvent.InstanceId))
                .SendAsync(EventsHub.EventMethod, integrationEvent, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not hand {EventType} of instance {InstanceId} to integrators", engineEvent.GetType().Name, engineEvent.InstanceId);
        }
    }

    private async Task SeedInstanceGaugeAsync(CancellationToken ct)
    {
        await using var db = contexts.AcrossTenants();
        var counts = await db.Instances.GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        metrics.SetInstanceCounts(counts.ToDictionary(c => c.Key, c => c.Count));
    }
}
