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

    /// <summary>The same for several events of one change, journaled and published in their order.</summary>
    public async Task SaveAsync(WhatsPortalDbContext db, IReadOnlyList<EngineEvent> engineEvents, CancellationToken cancellationToken)
    {
        if (engineEvents.FirstOrDefault(e => !e.Journaled) is { } live)
            throw new ArgumentException($"{live.GetType().Name} is published, not journaled.", nameof(engineEvents));
        // The relay hands events over in row order, and one SaveChanges does not promise to insert rows in the order
        // they were added: several events get a save each, in one transaction.
        var own = engineEvents.Count > 1 && db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(cancellationToken)
            : null;
        var rows = new List<PendingEvent>(engineEvents.Count);
        await using (own)
        {
            foreach (var engineEvent in engineEvents)
            {
                var row = new PendingEvent
                {
                    TenantId = engineEvent.TenantId,
                    InstanceId = engineEvent.InstanceId,
                    EventId = Guid.CreateVersion7(),
                    Payload = JsonSerializer.Serialize(engineEvent, Json),
                    CreatedAt = engineEvent.At,
                };
                db.PendingEvents.Add(row);
                await db.SaveChangesAsync(cancellationToken);
                rows.Add(row);
            }
            if (db.Database.CurrentTransaction is { } transaction) await transaction.CommitAsync(cancellationToken);
        }
        for (var i = 0; i < engineEvents.Count; i++) events.Publish(engineEvents[i] with { JournalPosition = rows[i].Id });
    }

    public static EngineEvent Read(PendingEvent row) =>
        JsonSerializer.Deserialize<EngineEvent>(row.Payload, Json) ?? throw new JsonException($"Pending event {row.Id} is empty.");
}
