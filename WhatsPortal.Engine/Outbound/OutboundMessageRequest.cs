namespace WhatsPortal.Engine.Outbound;

/// <param name="To">A phone number with country code (digits, decoration allowed) or a full WhatsApp id.</param>
/// <param name="Text">The text, or the caption when <paramref name="Media"/> is given.</param>
/// <param name="IdempotencyKey">Enqueueing twice with the same key returns the first message.</param>
/// <param name="QuotedMessageId">The message this one replies to: our id of a stored message of the same chat, or its WhatsApp id.</param>
public sealed record OutboundMessageRequest(string To, string? Text, OutboundMedia? Media = null, string? IdempotencyKey = null, string? QuotedMessageId = null);

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
    public const string QuotedMessageId = "quotedMessageId";
}
