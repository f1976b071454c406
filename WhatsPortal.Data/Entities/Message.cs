namespace WhatsPortal.Data.Entities;

public enum MessageDirection
{
    Inbound,
    Outbound,
}

/// <summary>
/// Outbound messages move queued → sent → delivered → read, or end failed. Inbound messages are
/// received, then read once the instance marks them read. A scheduled message waits for its time, then is queued;
/// it may be cancelled before that, or end expired when its instance was offline past its expiry.
/// </summary>
public enum MessageStatus
{
    Queued,
    Sent,
    Delivered,
    Read,
    Failed,
    Received,
    Scheduled,
    Cancelled,
    Expired,
}

public enum MessageType
{
    Text,
    Image,
    Video,
    Audio,
    Document,
    Sticker,
    Other,
    /// <summary>A voice note (WhatsApp's ptt): audio recorded to be played in the chat.</summary>
    VoiceNote,
    Location,
    /// <summary>One or more contact cards (vCards).</summary>
    Contact,
    Poll,
}

public sealed class Message : ITenantOwned, IStampedOnCreation
{
    public const int TextMaxLength = 65536;
    public const int WhatsAppIdMaxLength = 256;
    public const int IdempotencyKeyMaxLength = 128;
    public const int FileNameMaxLength = 255;
    public const int MimeTypeMaxLength = 127;
    public const int ErrorMaxLength = 2000;
    public const int RequestFingerprintLength = 64;
    public const int ContentMaxLength = 16384;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InstanceId { get; set; }
    public Guid ChatId { get; set; }
    public MessageDirection Direction { get; set; }
    public MessageStatus Status { get; set; }
    public MessageType Type { get; set; }
    public string? Text { get; set; }
    /// <summary>The id WhatsApp gave the message (serialized, e.g. true_5511...@c.us_3EB0...); null while queued.</summary>
    public string? WhatsAppId { get; set; }
    /// <summary>The sender for inbound messages (group participant or the chat itself).</summary>
    public string? SenderId { get; set; }
    /// <summary>Relative path under the data directory of the stored media file.</summary>
    public string? MediaPath { get; set; }
    public string? MediaMimeType { get; set; }
    public string? MediaFileName { get; set; }
    public long? MediaSize { get; set; }
    /// <summary>What a location, contact card or poll carries, as JSON (see <see cref="MessageContent"/>); null for text and media.</summary>
    public string? Content { get; set; }
    /// <summary>The votes a poll received, as JSON: each voter's id with the indexes of the options they chose (see <see cref="PollVotes"/>).</summary>
    public string? Votes { get; set; }
    public string? IdempotencyKey { get; set; }
    /// <summary>SHA-256 (hex) of the request an idempotency key was first used with, so the key's reuse for another message is refused.</summary>
    public string? RequestFingerprint { get; set; }
    public string? Error { get; set; }
    public int Attempts { get; set; }
    public bool Revoked { get; set; }
    /// <summary>The WhatsApp id of the message this one replies to (quotes); it may be one this instance never stored.</summary>
    public string? QuotedWhatsAppId { get; set; }
    /// <summary>The WhatsApp ids a group message mentions (@number in its text), as JSON; null when it mentions no one.</summary>
    public string? Mentions { get; set; }
    /// <summary>When the text was last edited (by us or by the sender); the thread shows the message as edited.</summary>
    public DateTime? EditedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public DateTime? ReadAt { get; set; }
    /// <summary>When a scheduled message is due (UTC); null for a message sent as soon as possible.</summary>
    public DateTime? SendAt { get; set; }
    /// <summary>After this (UTC) a scheduled message that could not go out (its instance offline) ends expired instead.</summary>
    public DateTime? ExpiresAt { get; set; }
}
