using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Integration;

/// <summary>Stores an event once per webhook that wants it, before anything is sent, and wakes the dispatcher.</summary>
public sealed class WebhookOutbox(WhatsPortalDbContextFactory contexts, WebhookDispatchSignal signal, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task EnqueueAsync(IntegrationEvent integrationEvent, CancellationToken ct)
    {
        await using var db = contexts.ForTenant(integrationEvent.TenantId);
        var targets = await db.Instances.AsNoTracking().Where(i => i.Id == integrationEvent.InstanceId)
            .Join(db.Tenants, i => i.TenantId, t => t.Id, (i, t) => new
            {
                InstanceUrl = i.WebhookUrl, InstanceEvents = i.WebhookEvents,
                TenantUrl = t.WebhookUrl, TenantEvents = t.WebhookEvents,
            })
            .SingleOrDefaultAsync(ct);
        if (targets is null) return;

        var payload = JsonSerializer.Serialize(integrationEvent, Json);
        var now = clock.GetUtcNow().UtcDateTime;
        void Add(WebhookTarget target, string? url, string? events)
        {
            if (url is null || !IntegrationEventTypes.Selects(events, integrationEvent.Type)) return;
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                InstanceId = integrationEvent.InstanceId,
                EventId = integrationEvent.Id,
                EventType = integrationEvent.Type,
                Target = target,
                Url = url,
                Payload = payload,
                Status = WebhookDeliveryStatus.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
            });
        }
        Add(WebhookTarget.Instance, targets.InstanceUrl, targets.InstanceEvents);
        Add(WebhookTarget.Tenant, targets.TenantUrl, targets.TenantEvents);
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(ct);
            signal.Wake();
        }
    }
}

/// <summary>Lets the outbox wake the dispatcher instead of waiting for its next poll.</summary>
public sealed class WebhookDispatchSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { /* already awake */ }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
