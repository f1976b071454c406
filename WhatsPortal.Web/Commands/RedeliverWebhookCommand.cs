using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Web.Integration;

namespace WhatsPortal.Web.Commands;

/// <summary>Queues a delivery's event again (same event id) behind the instance's pending ones. The delivery is looked up
/// through the caller's tenant-scoped context and must belong to the given instance.</summary>
public sealed class RedeliverWebhookCommand(WhatsPortalDbContext db, WebhookDispatchSignal signal, TimeProvider clock)
{
    public async Task<CommandResult<WebhookDelivery>> RunAsync(Guid instanceId, long deliveryId, CancellationToken ct)
    {
        var original = await db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId && d.InstanceId == instanceId, ct);
        if (original is null) return CommandResult<WebhookDelivery>.NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        var copy = new WebhookDelivery
        {
            InstanceId = instanceId, EventId = original.EventId, EventType = original.EventType, Target = original.Target, Url = original.Url,
            Payload = original.Payload, Status = WebhookDeliveryStatus.Pending, NextAttemptAt = now, CreatedAt = now,
        };
        db.WebhookDeliveries.Add(copy);
        await db.SaveChangesAsync(ct);
        signal.Wake();
        return CommandResult<WebhookDelivery>.Done(copy);
    }
}
