namespace WhatsPortal.Data.Entities;

/// <summary>A customer company. Everything a tenant owns carries its <see cref="Id"/>.</summary>
public sealed class Tenant : IStampedOnCreation
{
    public const int NameMaxLength = 100;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>How many instances the tenant may have; null means the operator set no limit.</summary>
    public int? InstanceQuota { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SuspendedAt { get; set; }
    /// <summary>A webhook that receives the events of every instance of the tenant, besides each instance's own.</summary>
    public string? WebhookUrl { get; set; }
    public string? WebhookSecret { get; set; }
    public string? WebhookEvents { get; set; }
}
