namespace WhatsPortal.Data.Entities;

public enum InstanceEventLevel
{
    Info,
    Warning,
    Error,
}

/// <summary>One line of an instance's log: a status transition or something worth telling its owner.</summary>
public sealed class InstanceEvent : ITenantOwned, IStampedOnCreation
{
    public const int TypeMaxLength = 64;
    public const int MessageMaxLength = 2000;

    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid InstanceId { get; set; }
    /// <summary>What happened, e.g. <c>status</c>, <c>qr</c>, <c>browser</c>.</summary>
    public required string Type { get; set; }
    public InstanceEventLevel Level { get; set; }
    public InstanceStatus? FromStatus { get; set; }
    public InstanceStatus? ToStatus { get; set; }
    public required string Message { get; set; }
    public DateTime CreatedAt { get; set; }
}
