namespace WhatsPortal.Data.Entities;

/// <summary>Which webhook a delivery is for; its URL and secret are read from there.</summary>
public enum WebhookTarget
{
    Instance,
    Tenant,
}

public enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its first or next attempt.</summary>
    Pending,
    Delivered,
    /// <summary>Refused by the receiver (4xx other than 408/429), refused by our SSRF rules, or out of attempts.</summary>
    Failed,
}

/// <summary>
/// The webhook outbox: one row per event and destination, stored before any attempt is made, so a
/// delivery survives restarts. Rows of one instance are delivered in <see cref="Id"/> order.
/// </summary>
public sealed class WebhookDelivery : ITenantOwned
{
    public const int EventTypeMaxLength = 32;

    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid InstanceId { get; set; }
    /// <summary>The event's id, the same for every destination and attempt: receivers deduplicate with it.</summary>
    public Guid EventId { get; set; }
    public required string EventType { get; set; }
    public WebhookTarget Target { get; set; }
    /// <summary>Where the event goes; kept so the log shows where each attempt went even after the webhook changes.</summary>
    public required string Url { get; set; }
    /// <summary>The exact JSON body that is signed and sent.</summary>
    public required string Payload { get; set; }
    public WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
}

/// <summary>One try at delivering a <see cref="WebhookDelivery"/>: what the receiver answered and how long it took.</summary>
public sealed class WebhookAttempt : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public long DeliveryId { get; set; }
    public DateTime At { get; set; }
    public int? StatusCode { get; set; }
    public int DurationMs { get; set; }
    public string? Error { get; set; }
}
