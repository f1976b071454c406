using System.Text.Json.Serialization;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Engine.Events;

/// <summary>Something the engine did, for the portal, the hub and the webhook outbox.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(InstanceStatusChanged), "instance_status")]
[JsonDerivedType(typeof(MessageStatusChanged), "message_status")]
[JsonDerivedType(typeof(MessageStored), "message_stored")]
[JsonDerivedType(typeof(MessageRevokedEvent), "message_revoked")]
[JsonDerivedType(typeof(ChatUpdated), "chat_updated")]
[JsonDerivedType(typeof(MessageReactionChanged), "message_reaction")]
[JsonDerivedType(typeof(MessageEditedEvent), "message_edited")]
[JsonDerivedType(typeof(PollVoteRecorded), "poll_vote")]
[JsonDerivedType(typeof(GroupParticipantsUpdated), "group_participants")]
[JsonDerivedType(typeof(GroupUpdated), "group_updated")]
// Never journaled, but they cross the cluster bus too.
[JsonDerivedType(typeof(QrCodeChanged), "qr_code")]
[JsonDerivedType(typeof(PresenceUpdated), "presence")]
public abstract record EngineEvent(Guid TenantId, Guid InstanceId, DateTime At)
{
    /// <summary>Written with the change it describes (<see cref="EventJournal"/>), so a crash cannot lose it.</summary>
    [JsonIgnore]
    public virtual bool Journaled => true;

    /// <summary>Its row in the journal, once journaled: events are handed to integrators in this order.</summary>
    [JsonIgnore]
    public long JournalPosition { get; init; }

    /// <summary>
    /// Came from another node of the cluster (<c>Cluster:Enabled</c>), for its live subscribers: the node that raised it
    /// counts it and hands it to integrators, so nobody does twice.
    /// </summary>
    [JsonIgnore]
    public bool RaisedElsewhere { get; init; }
}

public sealed record InstanceStatusChanged(Guid TenantId, Guid InstanceId, DateTime At, InstanceStatus From, InstanceStatus To, string? Reason)
    : EngineEvent(TenantId, InstanceId, At);

/// <param name="Qr">The QR to show, or null when there is none any more.</param>
public sealed record QrCodeChanged(Guid TenantId, Guid InstanceId, DateTime At, QrCode? Qr)
    : EngineEvent(TenantId, InstanceId, At)
{
    /// <summary>Not journaled: a QR is worthless after a restart, and there is no change in the database to go with it.</summary>
    public override bool Journaled => false;
}

public sealed record MessageStatusChanged(Guid TenantId, Guid InstanceId, DateTime At, Guid MessageId, MessageStatus Status, string? Error)
    : EngineEvent(TenantId, InstanceId, At);

/// <summary>A message was stored from WhatsApp: received, or sent from another device of the account.</summary>
public sealed record MessageStored(Guid TenantId, Guid InstanceId, DateTime At, Guid MessageId, Guid ChatId, MessageDirection Direction)
    : EngineEvent(TenantId, InstanceId, At);

public sealed record MessageRevokedEvent(Guid TenantId, Guid InstanceId, DateTime At, Guid MessageId)
    : EngineEvent(TenantId, InstanceId, At);

/// <summary>A chat was read, marked unread, archived or unarchived (here or, seen on a new message, by WhatsApp).</summary>
/// <param name="RemoteId">The chat's WhatsApp id, as <see cref="Chat.RemoteId"/>.</param>
public sealed record ChatUpdated(Guid TenantId, Guid InstanceId, DateTime At, Guid ChatId, string RemoteId, string? Lid,
    int UnreadCount, bool MarkedUnread, bool Archived)
    : EngineEvent(TenantId, InstanceId, At)
{
    public static ChatUpdated Of(Chat chat, DateTime at) =>
        new(chat.TenantId, chat.InstanceId, at, chat.Id, chat.RemoteId, chat.Lid, chat.UnreadCount, chat.MarkedUnread, chat.Archived);
}

/// <summary>Someone (or this account, <paramref name="FromMe"/>) reacted to a stored message; an empty <paramref name="Emoji"/> removed the reaction.</summary>
/// <param name="SenderId">Who reacted (a WhatsApp id).</param>
public sealed record MessageReactionChanged(Guid TenantId, Guid InstanceId, DateTime At, Guid MessageId, Guid ChatId, string SenderId, bool FromMe, string Emoji)
    : EngineEvent(TenantId, InstanceId, At);

/// <summary>A stored message's text was edited, by its sender on WhatsApp or by this account.</summary>
public sealed record MessageEditedEvent(Guid TenantId, Guid InstanceId, DateTime At, Guid MessageId, Guid ChatId, string Text)
    : EngineEvent(TenantId, InstanceId, At);

/// <summary>Someone voted on a poll of the instance's chats; <paramref name="Options"/> (indexes) replace their earlier choice, none withdraws it.</summary>
/// <param name="Voter">The voter's WhatsApp id: their number's when known, else their LID.</param>
public sealed record PollVoteRecorded(Guid TenantId, Guid InstanceId, DateTime At, Guid MessageId, string Voter, IReadOnlyList<int> Options)
    : EngineEvent(TenantId, InstanceId, At);

/// <summary>A contact the instance subscribed to shows presence: typing, recording, paused, online or offline.</summary>
/// <param name="ChatId">The contact's WhatsApp id (5511988887777@c.us).</param>
/// <param name="State">composing, recording, paused, available or unavailable, as WhatsApp says it.</param>
public sealed record PresenceUpdated(Guid TenantId, Guid InstanceId, DateTime At, string ChatId, string? State, bool IsOnline)
    : EngineEvent(TenantId, InstanceId, At)
{
    /// <summary>Not journaled: presence is stale in seconds and changes nothing in the database.</summary>
    public override bool Journaled => false;
}

/// <summary>A QR text and until when it is expected to be valid.</summary>
[GenerateSerializer]
public sealed record QrCode(string Code, DateTime ExpiresAt);

/// <summary>
/// Who is in a group changed (WhatsApp's group.participant_changed), journaled so integrators hear of it across a crash.
/// </summary>
/// <param name="Action">add, remove, promote, demote, leave or join.</param>
/// <param name="Author">Who did it, as WhatsApp names them; null when WhatsApp does not say (a join by link).</param>
/// <param name="Participants">Those concerned, each with the number WhatsApp knows beside the id it named them by.</param>
public sealed record GroupParticipantsUpdated(Guid TenantId, Guid InstanceId, DateTime At, string GroupId, string Action, string? Author,
    IReadOnlyList<Driver.GroupMember> Participants) : EngineEvent(TenantId, InstanceId, At);

/// <summary>A group's subject or description changed (by anyone), or this instance revoked its invite link.</summary>
/// <param name="Change">subject, description or invite_revoked.</param>
/// <param name="Value">The new subject or description; null for invite_revoked (the new link is not told to integrators who did not ask for it).</param>
public sealed record GroupUpdated(Guid TenantId, Guid InstanceId, DateTime At, string GroupId, string Change, string? Value, string? Author)
    : EngineEvent(TenantId, InstanceId, At);
