using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Web.Integration;

/// <summary>The one way webhooks are set and redelivered, for the API and the portal alike.</summary>
public static class WebhookSettings
{
    /// <summary>URL, event selection and secret to store: none without a URL; a secret is made when there is none yet.</summary>
    public static (string? Url, string? Events, string? Secret) Resolve(string? url, string? events, string? requestedSecret, string? currentSecret) =>
        string.IsNullOrWhiteSpace(url) ? (null, null, null) : (url.Trim(), events, requestedSecret ?? currentSecret ?? WebhookSigner.NewSecret());

    /// <summary>Queues a delivery's event again (same event id) behind the instance's pending ones; null when the instance has no such delivery.</summary>
    public static async Task<WebhookDelivery?> RedeliverAsync(WhatsPortalDbContext db, WebhookDispatchSignal signal, TimeProvider clock, Guid instanceId, long deliveryId, CancellationToken ct)
    {
        var original = await db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId && d.InstanceId == instanceId, ct);
        if (original is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var copy = new WebhookDelivery
        {
            InstanceId = instanceId, EventId = original.EventId, EventType = original.EventType, Target = original.Target, Url = original.Url,
            Payload = original.Payload, Status = WebhookDeliveryStatus.Pending, NextAttemptAt = now, CreatedAt = now,
        };
        db.WebhookDeliveries.Add(copy);
        await db.SaveChangesAsync(ct);
        signal.Wake();
        return copy;
    }
}
