using WhatsPortal.Data.Entities;

namespace WhatsPortal.Engine.Outbound;

/// <param name="To">A phone number with country code (digits, decoration allowed) or a full WhatsApp id.</param>
/// <param name="Text">The text, or the caption when <paramref name="Media"/> is given.</param>
/// <param name="IdempotencyKey">Enqueueing twice with the same key returns the first message.</param>
/// <param name="Location">A place to share instead of a text (at most one of location, contact and poll).</param>
/// <param name="Contact">A contact card to share instead of a text.</param>
/// <param name="Poll">A poll to ask instead of a text.</param>
/// <param name="QuotedMessageId">The message this one replies to: our id of a stored message of the same chat, or its WhatsApp id.</param>
/// <param name="Schedule">When to send it, when not as soon as possible.</param>
/// <param name="Mentions">The numbers a text mentions; the text names each as @number.</param>
public sealed record OutboundMessageRequest(
    string To, string? Text, OutboundMedia? Media = null, string? IdempotencyKey = null,
    LocationContent? Location = null, ContactCard? Contact = null, OutboundPoll? Poll = null, string? QuotedMessageId = null,
    OutboundSchedule? Schedule = null, IReadOnlyList<string>? Mentions = null);

/// <param name="SendAt">When the message is due (UTC): in the future, at most <see cref="MaxAhead"/> ahead.</param>
/// <param name="ExpiresAt">When the instance is offline at <paramref name="SendAt"/>, the message still goes out on reconnection until this time (UTC), and ends expired after it.</param>
public sealed record OutboundSchedule(DateTime SendAt, DateTime? ExpiresAt = null)
{
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(365);
}

/// <param name="Kind">How WhatsApp shows the file: image, video, audio, voice note, sticker or document; from the MIME type when not given.</param>
public sealed record OutboundMedia(byte[] Content, string MimeType, string? FileName, MessageType? Kind = null);

/// <param name="MultipleChoice">Voters may choose several options; otherwise one.</param>
public sealed record OutboundPoll(string Question, IReadOnlyList<string> Options, bool MultipleChoice = false);

/// <summary>The API's names for the parts of a message request, which a refusal names as the one to fix.</summary>
public static class OutboundFields
{
    public const string To = "to";
    public const string Text = "text";
    public const string Media = "media";
    public const string MediaMimeType = "media.mimeType";
    public const string MediaFileName = "media.fileName";
    public const string MediaKind = "media.kind";
    public const string IdempotencyKey = "idempotencyKey";
    public const string QuotedMessageId = "quotedMessageId";
    public const string Mentions = "mentions";
    public const string Location = "location";
    public const string Latitude = "location.latitude";
    public const string Longitude = "location.longitude";
    public const string LocationName = "location.name";
    public const string LocationAddress = "location.address";
    public const string ContactName = "contact.name";
    public const string ContactNumbers = "contact.numbers";
    public const string PollQuestion = "poll.question";
    public const string PollOptions = "poll.options";
    public const string SendAt = "sendAt";
    public const string ExpiresAt = "expiresAt";
}
