namespace WhatsPortal.Data.Entities;

/// <summary>
/// An engine event written in the same commit as the change it describes, waiting to be handed to integrators
/// (the webhook outbox and the hub). A crash between the commit and the hand-over leaves the row here, and the app
/// hands it over after the restart: a change that is in the database is never missing from the webhooks.
/// </summary>
public sealed class PendingEvent : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid InstanceId { get; set; }
    /// <summary>The id integrators see (<c>X-WhatsPortal-Event-Id</c>), fixed when the event is written.</summary>
    public Guid EventId { get; set; }
    /// <summary>The engine event as JSON, with its kind.</summary>
    public required string Payload { get; set; }
    public DateTime CreatedAt { get; set; }
}
