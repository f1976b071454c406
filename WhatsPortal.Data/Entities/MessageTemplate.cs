namespace WhatsPortal.Data.Entities;

/// <summary>
/// A tenant's predefined message: text with Handlebars <c>{{variables}}</c> filled in when it is sent, and optionally a
/// media file kept under the data directory like an outbound message's.
/// </summary>
public sealed class MessageTemplate : ITenantOwned, IStampedOnCreation
{
    public const int NameMaxLength = 100;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>Unique per tenant, so people pick templates by name.</summary>
    public required string Name { get; set; }
    public required string Text { get; set; }
    /// <summary>Relative path under the data directory of the template's media file, if it has one.</summary>
    public string? MediaPath { get; set; }
    public string? MediaMimeType { get; set; }
    public string? MediaFileName { get; set; }
    public long? MediaSize { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
}
