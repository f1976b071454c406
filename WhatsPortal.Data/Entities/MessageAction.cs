namespace WhatsPortal.Data.Entities;

/// <summary>What an action does to the message it targets once WhatsApp has it.</summary>
public enum MessageActionKind
{
    React,
    Edit,
    Revoke,
}

/// <summary>
/// A reaction, edit or revoke of a stored message, queued like a message (WhatsApp sends these as protocol messages
/// that point at the original): accepted while the instance is offline, it goes out when it connects. Status moves
/// queued → sent, or ends failed.
/// </summary>
public sealed class MessageAction : ITenantOwned, IStampedOnCreation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InstanceId { get; set; }
    /// <summary>The message acted on; it has a WhatsApp id (refused otherwise).</summary>
    public Guid MessageId { get; set; }
    public MessageActionKind Kind { get; set; }
    /// <summary>The emoji of a reaction ("" removes ours) or the new text of an edit; null for a revoke.</summary>
    public string? Value { get; set; }
    public MessageStatus Status { get; set; }
    public int Attempts { get; set; }
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
}
