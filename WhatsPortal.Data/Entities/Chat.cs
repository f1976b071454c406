namespace WhatsPortal.Data.Entities;

/// <summary>A conversation of an instance with one WhatsApp id (a person or a group).</summary>
public sealed class Chat : ITenantOwned
{
    public const int RemoteIdMaxLength = 128;
    public const int NameMaxLength = 256;
    public const int PreviewMaxLength = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InstanceId { get; set; }
    /// <summary>
    /// The WhatsApp id of the other side, e.g. 5511999990000@c.us: a person's phone number whenever WhatsApp knows it,
    /// their LID (…@lid) only while it does not.
    /// </summary>
    public required string RemoteId { get; set; }
    /// <summary>The LID (…@lid) WhatsApp also names the person by, when known; null for groups and for people it names by number only.</summary>
    public string? Lid { get; set; }
    public string? Name { get; set; }
    public int UnreadCount { get; set; }
    /// <summary>Marked unread on WhatsApp (by this instance or another device of the account) with nothing unread in it; reading the chat or a new message clears it.</summary>
    public bool MarkedUnread { get; set; }
    /// <summary>Archived on WhatsApp; a message received in it brings it back, as WhatsApp does by default.</summary>
    public bool Archived { get; set; }
    public DateTime? LastMessageAt { get; set; }
    public string? LastMessagePreview { get; set; }
}
