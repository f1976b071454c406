using System.Text.Json;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Engine.Events;

/// <summary>
/// Commits an event together with the change it describes (a <see cref="PendingEvent"/> row in the same
/// transaction), then publishes it for whoever is listening live. Integrators are handed events from those rows,
/// so an event whose change is in the database survives any crash: the app hands it over after the restart.
/// </summary>
public sealed class EventJournal(IEngineEvents events)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Saves <paramref name="db"/>'s changes with the event, commits its open transaction if any, then publishes.</summary>
    public Task SaveAsync(WhatsPortalDbContext db, EngineEvent engineEvent, CancellationToken cancellationToken) =>
        SaveAsync(db, [engineEvent], cancellationToken);

    /// <summary>The same for several events of one change, published in their order.</summary>
    public async Task SaveAsync(WhatsPortalDbContext db, IReadOnlyList<EngineEvent> engineEvents, CancellationToken cancellationToken)
    {
        foreach (var engineEvent in engineEvents)
        {
            if (!engineEvent.Journaled) throw new ArgumentException($"{engineEvent.GetType().Name} is published, not journaled.", nameof(engineEvents));
            db.PendingEvents.Add(new PendingEvent
            {
                TenantId = engineEvent.TenantId,
                InstanceId = engineEvent.InstanceId,
                EventId = Guid.CreateVersion7(),
                Payload = JsonSerializer.Serialize(engineEvent, Json),
                CreatedAt = engineEvent.At,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        if (db.Database.CurrentTransaction is { } transaction) await transaction.CommitAsync(cancellationToken);
        foreach (var engineEvent in engineEvents) events.Publish(engineEvent);
    }

    public static EngineEvent Read(PendingEvent row) =>
        JsonSerializer.Deserialize<EngineEvent>(row.Payload, Json) ?? throw new JsonException($"Pending event {row.Id} is empty.");
}
