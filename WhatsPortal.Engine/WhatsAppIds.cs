using System.Text.RegularExpressions;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Engine;

/// <summary>Spelling of WhatsApp ids and message kinds as the engine stores them.</summary>
public static partial class WhatsAppIds
{
    /// <summary>
    /// "+55 (11) 99999-0000" or "5511999990000" becomes 5511999990000@c.us; a full id (…@c.us, …@g.us, …@lid) is kept.
    /// Null when it is neither.
    /// </summary>
    public static string? NormalizeRecipient(string? to)
    {
        if (string.IsNullOrWhiteSpace(to)) return null;
        var trimmed = to.Trim();
        if (FullId().IsMatch(trimmed)) return trimmed;
        var digits = PhoneDecoration().Replace(trimmed, "");
        return PhoneDigits().IsMatch(digits) ? digits + "@c.us" : null;
    }

    /// <summary>False for status updates (status@broadcast) and channels, which are not conversations of the instance.</summary>
    public static bool IsConversation(string id) =>
        !id.EndsWith("@broadcast", StringComparison.Ordinal) && !id.EndsWith("@newsletter", StringComparison.Ordinal);

    public static bool IsGroup(string id) => id.EndsWith("@g.us", StringComparison.Ordinal);

    public static bool IsLid(string? id) => id?.EndsWith("@lid", StringComparison.Ordinal) == true;

    public static bool IsPhone(string? id) => id?.EndsWith("@c.us", StringComparison.Ordinal) == true;

    /// <summary>
    /// Who a chat is with, from the id a message came under and the ids WhatsApp knows for it: a person goes by
    /// their phone id whenever it is known, by their LID only until then, with the LID kept beside.
    /// </summary>
    public static ChatIdentity IdentityOf(string chatId, string? lid, string? phone)
    {
        if (!IsLid(chatId) && !IsPhone(chatId)) return new ChatIdentity(chatId, null);
        var knownLid = IsLid(lid) ? lid : IsLid(chatId) ? chatId : null;
        return new ChatIdentity(IsPhone(phone) ? phone! : chatId, knownLid);
    }

    public static MessageType MessageTypeOf(string waType) => waType switch
    {
        "chat" => MessageType.Text,
        "image" => MessageType.Image,
        "video" => MessageType.Video,
        "audio" => MessageType.Audio,
        "ptt" => MessageType.VoiceNote,
        "document" => MessageType.Document,
        "sticker" => MessageType.Sticker,
        "location" => MessageType.Location,
        "vcard" or "multi_vcard" => MessageType.Contact,
        "poll_creation" => MessageType.Poll,
        _ => MessageType.Other,
    };

    public static MessageType MessageTypeOfMime(string mimeType) => mimeType.Split('/')[0] switch
    {
        "image" => MessageType.Image,
        "video" => MessageType.Video,
        "audio" => MessageType.Audio,
        _ => MessageType.Document,
    };

    /// <summary>The <c>type</c> option of WPP.chat.sendFileMessage (a voice note is audio with <c>isPtt</c>).</summary>
    public static string SendFileType(MessageType type) => type switch
    {
        MessageType.Image => "image",
        MessageType.Video => "video",
        MessageType.Audio or MessageType.VoiceNote => "audio",
        MessageType.Sticker => "sticker",
        _ => "document",
    };

    /// <summary>What an ack number means for an outbound message; null for acks that change nothing (pending).</summary>
    public static MessageStatus? StatusOfAck(int ack) => ack switch
    {
        < 0 => MessageStatus.Failed,
        1 => MessageStatus.Sent,
        2 => MessageStatus.Delivered,
        >= 3 => MessageStatus.Read,
        _ => null,
    };

    /// <summary>Outbound statuses only move forward: an ack arriving late never takes read back to delivered.</summary>
    public static bool IsAdvance(MessageStatus from, MessageStatus to) => Rank(to) > Rank(from);

    private static int Rank(MessageStatus status) => status switch
    {
        MessageStatus.Queued => 0,
        MessageStatus.Sent => 2,
        // An error ack after "sent" is news; a delivery after an error ack is too.
        MessageStatus.Failed => 3,
        MessageStatus.Delivered => 4,
        MessageStatus.Read => 6,
        _ => -1,
    };

    public static string Preview(string? text, MessageType type)
    {
        var preview = string.IsNullOrEmpty(text) ? $"[{type.ToString().ToLowerInvariant()}]" : text;
        return preview.Length > Chat.PreviewMaxLength ? preview[..Chat.PreviewMaxLength] : preview;
    }

    [GeneratedRegex(@"^[0-9A-Za-z.:_-]+@(c\.us|g\.us|lid)$")]
    private static partial Regex FullId();

    [GeneratedRegex(@"[\s+()\-.]")]
    private static partial Regex PhoneDecoration();

    [GeneratedRegex(@"^[1-9][0-9]{6,14}$")]
    private static partial Regex PhoneDigits();
}

/// <param name="RemoteId">The id the chat goes by: a person's phone id when known, else the id the message came under.</param>
/// <param name="Lid">The person's LID when known, beside the phone id or alone.</param>
public sealed record ChatIdentity(string RemoteId, string? Lid);
