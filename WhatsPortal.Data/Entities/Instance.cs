namespace WhatsPortal.Data.Entities;

/// <summary>The instance state machine; the same names appear in the API, the portal and the logs.</summary>
public enum InstanceStatus
{
    Stopped,
    Starting,
    Qr,
    Connecting,
    Connected,
    Reconnecting,
    LoggedOut,
    Failed,
}

/// <summary>One WhatsApp number: one WhatsApp Web session kept alive by the engine.</summary>
public sealed class Instance : ITenantOwned, IStampedOnCreation
{
    public const int NameMaxLength = 100;
    public const int WebhookUrlMaxLength = 2048;
    public const int WebhookSecretMaxLength = 128;
    public const int WebhookEventsMaxLength = 256;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public InstanceStatus Status { get; set; } = InstanceStatus.Stopped;
    /// <summary>Why the instance is in its status (failure reason, logout reason); null when nothing to say.</summary>
    public string? StatusReason { get; set; }
    /// <summary>Whether the engine should keep this instance running, across restarts of the app.</summary>
    public bool AutoStart { get; set; }
    /// <summary>The WhatsApp id of the linked account (e.g. 5511999990000@c.us) once connected.</summary>
    public string? WhatsAppId { get; set; }
    public string? WebhookUrl { get; set; }
    /// <summary>Key of the HMAC-SHA256 signature on every delivery to <see cref="WebhookUrl"/>.</summary>
    public string? WebhookSecret { get; set; }
    /// <summary>Comma-separated event types to deliver; null delivers every type.</summary>
    public string? WebhookEvents { get; set; }
    /// <summary>Minimum pause between two outbound messages, to protect the number from bans.</summary>
    public int SendIntervalMs { get; set; } = 1000;
    /// <summary>Random extra pause added to <see cref="SendIntervalMs"/>.</summary>
    public int SendJitterMs { get; set; } = 1000;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastActivityAt { get; set; }
}
