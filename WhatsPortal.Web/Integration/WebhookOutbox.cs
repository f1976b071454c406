using System.Text.Json;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;

namespace WhatsPortal.Web.Integration;

/// <summary>Stores an event once per webhook that wants it, before anything is sent, and wakes the dispatcher.</summary>
public sealed class WebhookOutbox(WhatsPortalDbContextFactory contexts, WebhookTargetCache targets, WebhookDispatchSignal signal, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Stores the event's deliveries in a commit of its own.</summary>
    public async Task EnqueueAsync(IntegrationEvent integrationEvent, CancellationToken ct)
    {
        await using var db = contexts.ForTenant(integrationEvent.TenantId);
        if (!await StageAsync(db, integrationEvent, ct)) return;
        await db.SaveChangesAsync(ct);
        WakeDispatcher();
    }

    /// <summary>Adds the event's deliveries to <paramref name="db"/>, for the caller's commit; false when no webhook wants it.</summary>
    public async Task<bool> StageAsync(WhatsPortalDbContext db, IntegrationEvent integrationEvent, CancellationToken ct)
    {
        var destinations = await targets.GetAsync(integrationEvent.TenantId, integrationEvent.InstanceId, ct) is { } t
            ? new[] { (WebhookTarget.Instance, t.InstanceUrl, t.InstanceEvents), (WebhookTarget.Tenant, t.TenantUrl, t.TenantEvents) }
                .Where(d => d.Item2 is not null && IntegrationEventTypes.Selects(d.Item3, integrationEvent.Type))
                .Select(d => (Target: d.Item1, Url: d.Item2!))
                .ToList()
            : [];
        if (destinations.Count == 0) return false;

        var payload = JsonSerializer.Serialize(integrationEvent, Json);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (target, url) in destinations)
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                TenantId = integrationEvent.TenantId,
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
        return true;
    }

    /// <summary>After a commit that stored deliveries: the dispatcher need not wait for its next poll.</summary>
    public void WakeDispatcher() => signal.Wake();
}

/// <summary>Lets the outbox wake the dispatcher instead of waiting for its next poll.</summary>
public sealed class WebhookDispatchSignal : WakeUpSignal;
