namespace WhatsPortal.Engine.Outbound;

/// <param name="To">A phone number with country code (digits, decoration allowed) or a full WhatsApp id.</param>
/// <param name="Text">The text, or the caption when <paramref name="Media"/> is given.</param>
/// <param name="IdempotencyKey">Enqueueing twice with the same key returns the first message.</param>
/// <param name="Schedule">When to send it, when not as soon as possible.</param>
public sealed record OutboundMessageRequest(string To, string? Text, OutboundMedia? Media = null, string? IdempotencyKey = null, OutboundSchedule? Schedule = null);

/// <param name="SendAt">When the message is due (UTC): in the future, at most <see cref="MaxAhead"/> ahead.</param>
/// <param name="ExpiresAt">When the instance is offline at <paramref name="SendAt"/>, the message still goes out on reconnection until this time (UTC), and ends expired after it.</param>
public sealed record OutboundSchedule(DateTime SendAt, DateTime? ExpiresAt = null)
{
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(365);
}

public sealed record OutboundMedia(byte[] Content, string MimeType, string? FileName);

/// <summary>The API's names for the parts of a message request, which a refusal names as the one to fix.</summary>
public static class OutboundFields
{
    public const string To = "to";
    public const string Text = "text";
    public const string Media = "media";
    public const string MediaMimeType = "media.mimeType";
    public const string MediaFileName = "media.fileName";
    public const string IdempotencyKey = "idempotencyKey";
    public const string SendAt = "sendAt";
    public const string ExpiresAt = "expiresAt";
}
