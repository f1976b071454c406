using System.Text.Json.Serialization;

namespace WhatsPortal.Engine.Driver;

public sealed record ConnectionState(bool Authenticated, bool MainReady, string? Me);

public sealed record SendResult(string Id, int Ack);

/// <param name="Type">image, video, audio, sticker or document, as WPP.chat.sendFileMessage expects.</param>
/// <param name="QuotedMsg">The serialized id of the message this one replies to.</param>
/// <param name="IsPtt">An audio sent as a voice note.</param>
public sealed record SendFileOptions(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("caption"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Caption,
    [property: JsonPropertyName("filename"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Filename,
    [property: JsonPropertyName("mimetype"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Mimetype,
    [property: JsonPropertyName("quotedMsg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? QuotedMsg = null,
    [property: JsonPropertyName("isPtt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? IsPtt = null);

/// <param name="Lid">The LID (…@lid) of a person's chat, when WhatsApp knows it.</param>
/// <param name="Phone">The phone id (…@c.us) of a person's chat, when WhatsApp knows it; a chat it names by LID may have none yet.</param>
/// <param name="MarkedUnread">Marked unread on one of the account's devices, with nothing unread in it.</param>
public sealed record WhatsAppChat(string Id, string? Name, int UnreadCount, long T, bool IsGroup, string? Lid = null, string? Phone = null,
    bool MarkedUnread = false, bool Archived = false);

/// <param name="ChatId">The other side of the conversation (MsgKey.remote).</param>
/// <param name="Text">The body of a text message or the caption of a media message.</param>
/// <param name="T">Unix seconds.</param>
/// <param name="Media">For a media message that just arrived: its file, or why the page could not hand it over; null in history.</param>
/// <param name="Lid">The LID (…@lid) of the chat's other side, when WhatsApp knows it.</param>
/// <param name="Phone">The phone id (…@c.us) of the chat's other side, when WhatsApp knows it.</param>
/// <param name="QuotedId">For a reply: the bare id (MsgKey.id) of the message it quotes, in the same chat.</param>
/// <param name="EditedAtMs">When its sender last edited the text (Unix milliseconds); null when never edited.</param>
/// <param name="AuthorPhone">In a group: the phone id of the participant who wrote, when WhatsApp knows it (<paramref name="Author"/> may be their LID).</param>
/// <param name="AuthorLid">In a group: the LID of the participant who wrote, when WhatsApp knows it.</param>
/// <param name="Mentions">The WhatsApp ids the text mentions (mentionedJidList).</param>
public sealed record WhatsAppMessage(
    string Id, bool FromMe, string ChatId, string? From, string? To, string? Author, string Type, string? Text,
    long T, int Ack, string? Mimetype, string? Filename, long? Size, string? NotifyName, DownloadedMedia? Media = null,
    string? Lid = null, string? Phone = null, string? QuotedId = null, long? EditedAtMs = null, KindContent? Content = null,
    string? AuthorPhone = null, string? AuthorLid = null, IReadOnlyList<string>? Mentions = null);

/// <summary>
/// What a location (<c>lat</c>, <c>lng</c>, <c>loc</c>: name and address on two lines), a contact message (the vCard texts)
/// or a poll (<c>poll_creation</c>) carries, in wa-js's names; null for other messages.
/// </summary>
public sealed record KindContent(
    double? Lat = null, double? Lng = null, string? Loc = null, IReadOnlyList<string>? Vcards = null,
    string? PollName = null, IReadOnlyList<string>? PollOptions = null, int? PollSelectableOptionsCount = null);

/// <summary>A media file the page downloaded: <paramref name="Data"/> is base64, or null with <paramref name="Error"/> saying why.</summary>
public sealed record DownloadedMedia(string? Data, string? Mimetype, long? Size, string? Error);

/// <summary>Something the page told the engine; see whatsapp-bridge.js for where each comes from.</summary>
public abstract record DriverEvent;

/// <param name="FullCode">The QR text, or null when authenticated or when the QR attempts ended.</param>
public sealed record AuthCodeChanged(string? FullCode) : DriverEvent;

public sealed record Authenticated : DriverEvent;

public sealed record MainReady : DriverEvent;

public sealed record LoggedOut : DriverEvent;

public sealed record LogoutReasonReported(string Reason) : DriverEvent;

public sealed record MessageArrived(WhatsAppMessage Message) : DriverEvent;

public sealed record AckChanged(int Ack, string ChatId, IReadOnlyList<string> Ids) : DriverEvent;

/// <param name="RefId">The id of the message that was revoked.</param>
public sealed record MessageRevoked(string Id, string RefId, string ChatId) : DriverEvent;

/// <summary>Someone reacted to a message, or removed their reaction (an empty <paramref name="Reaction"/>): chat.new_reaction.</summary>
/// <param name="MessageId">The serialized id of the message reacted to.</param>
/// <param name="Sender">Who reacted.</param>
/// <param name="FromMe">This account reacted (from this or another of its devices).</param>
/// <param name="Timestamp">Unix milliseconds.</param>
public sealed record ReactionChanged(string MessageId, string ChatId, string? Sender, bool FromMe, string Reaction, long Timestamp) : DriverEvent;

/// <summary>Its sender edited a message (chat.msg_edited); <paramref name="Message"/> reads as it is now.</summary>
public sealed record MessageEdited(WhatsAppMessage Message) : DriverEvent;

/// <summary>A subscribed contact's presence (chat.presence_change).</summary>
/// <param name="State">composing, recording, paused, available or unavailable, as WhatsApp says it.</param>
public sealed record PresenceChanged(string ChatId, string? State, bool IsOnline) : DriverEvent;

/// <summary>Someone voted on a poll (chat.poll_response): their choice replaces their earlier one; an empty choice withdraws it.</summary>
/// <param name="MsgId">The poll's id (a serialized MsgKey).</param>
/// <param name="SelectedOptions">The indexes (wa-js localIds) of the chosen options.</param>
/// <param name="Lid">The voter's LID, when WhatsApp knows it.</param>
/// <param name="Phone">The voter's phone id, when WhatsApp knows it.</param>
public sealed record PollVoted(string MsgId, string ChatId, string Sender, IReadOnlyList<int> SelectedOptions, string? Lid = null, string? Phone = null) : DriverEvent;
/// <summary>Who is in a group (group.participant_changed): <paramref name="Action"/> is add, remove, promote, demote, leave or join.</summary>
/// <param name="Author">Who did it, when WhatsApp says (not for a join by link).</param>
public sealed record GroupParticipantsChanged(string GroupId, string Action, string? Author, IReadOnlyList<GroupMember> Participants) : DriverEvent;

/// <summary>A group's subject or description changed (a gp2 notification): <paramref name="Change"/> is subject or description.</summary>
public sealed record GroupUpdatedInPage(string GroupId, string Change, string? Value, string? Author) : DriverEvent;

/// <summary>The page, its browser or its process went away.</summary>
public sealed record PageLost(string Reason) : DriverEvent;

/// <summary>The bridge failed to handle an event (a payload shape it did not expect).</summary>
public sealed record BridgeError(string Error) : DriverEvent;

/// <summary>A group participant as WhatsApp names them: <paramref name="Id"/> as given (a number's id or a LID), with the number and LID it knows.</summary>
public sealed record GroupMember(string Id, string? Phone, string? Lid);

[GenerateSerializer]
public sealed record WhatsAppGroupSummary(string Id, string? Subject);

[GenerateSerializer]
public sealed record WhatsAppGroupParticipant(string Id, string? Phone, string? Lid, bool IsAdmin, bool IsSuperAdmin);

[GenerateSerializer]
public sealed record WhatsAppGroup(string Id, string? Subject, string? Description, IReadOnlyList<WhatsAppGroupParticipant> Participants);

/// <summary>WhatsApp's answer for one number asked to be added: <paramref name="Code"/> 200 when added, otherwise why not (409 already in, 403 restricted, ...).</summary>
[GenerateSerializer]
public sealed record GroupAddResult(string Id, int Code, string? Message);

[GenerateSerializer]
public sealed record WhatsAppGroupCreated(string Id, IReadOnlyList<GroupAddResult> Participants);
