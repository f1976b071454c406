namespace WhatsPortal.Data.Entities;

/// <summary>One person's reaction to a message: WhatsApp keeps at most one per person, and an empty reaction removes it.</summary>
public sealed class MessageReaction : ITenantOwned
{
    public const int EmojiMaxLength = 32;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InstanceId { get; set; }
    public Guid MessageId { get; set; }
    /// <summary>This account's own reactions go by this sender, whichever of its devices reacted.</summary>
    public const string OwnSenderId = "me";

    /// <summary>Who reacted: a WhatsApp id (a person's chat id in their chat), or <see cref="OwnSenderId"/>.</summary>
    public required string SenderId { get; set; }
    public bool FromMe { get; set; }
    public required string Emoji { get; set; }
    public DateTime At { get; set; }
}
