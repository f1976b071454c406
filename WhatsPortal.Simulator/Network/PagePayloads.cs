namespace WhatsPortal.Simulator.Network;

/// <summary>
/// The JSON the page receives, in wa-js shapes except that ids travel as strings: the page turns them into
/// Wid and MsgKey objects (see web/wpp.js).
/// </summary>
internal static class PagePayloads
{
    public static object Key(ChatMessage m, string viewer) => new
    {
        fromMe = m.IsFrom(viewer),
        remote = m.CounterpartWidOf(viewer),
        id = m.Id,
    };

    /// <param name="quoted">The message <paramref name="m"/> replies to, which WhatsApp Web carries along as quotedMsg.</param>
    /// <remarks>A group message comes from the group to the viewer, with its sender as <c>author</c>, as WhatsApp Web has it.</remarks>
    public static object Message(ChatMessage m, string viewer, string? senderName, bool isNew, ChatMessage? quoted = null) => new
    {
        id = Key(m, viewer),
        from = m.ToGroup && !m.IsFrom(viewer) ? m.ToWid : m.FromWid,
        to = m.ToGroup && !m.IsFrom(viewer) ? PhoneNumbers.ToWid(viewer) : m.ToWid,
        author = m.ToGroup ? m.FromWid : null,
        // A contact message's body is its vCard; a multi_vcard's cards are in vcardList.
        body = m.Revoked ? "" : m.Content?.Vcards is [var card] ? card.Vcard : m.Media is null ? m.Text : "",
        type = m.Revoked ? "revoked" : m.Type,
        t = m.Timestamp.ToUnixTimeSeconds(),
        ack = m.Ack,
        caption = m.Media is null || m.Revoked ? null : m.Text,
        mimetype = m.Media?.Mimetype,
        filename = m.Media?.Filename,
        size = m.Media?.Bytes.LongLength,
        notifyName = senderName,
        isNewMsg = isNew,
        quotedStanzaID = quoted?.Id,
        mentionedJidList = m.Mentions.Count == 0 ? null : m.Mentions,
        quotedParticipant = quoted?.FromWid,
        quotedMsg = quoted is null ? null : new { type = quoted.Revoked ? "revoked" : quoted.Type, body = quoted.Revoked ? "" : quoted.Text },
        latestEditSenderTimestampMs = m.EditedAt?.ToUnixTimeMilliseconds(),
        lat = m.Content?.Lat,
        lng = m.Content?.Lng,
        loc = m.Content?.Loc,
        vcardFormattedName = m.Content?.Vcards is [var only] ? only.DisplayName : null,
        vcardList = m.Content?.Vcards is { Count: > 1 } cards ? cards.Select(c => new { displayName = c.DisplayName, vcard = c.Vcard }).ToArray() : null,
        pollName = m.Content?.PollName,
        pollOptions = m.Content?.PollOptions?.Select((name, localId) => new { name, localId }).ToArray(),
        pollSelectableOptionsCount = m.Content?.PollSelectableOptionsCount,
    };

    /// <summary>
    /// A vote as <c>chat.poll_response</c> carries it to <paramref name="viewer"/>'s devices: the poll's key, the chat,
    /// the voter, and the chosen options themselves ({ name, localId }), as WhatsApp Web hands them over.
    /// </summary>
    public static object PollResponse(ChatMessage poll, string viewer, string voterWid, IEnumerable<int> chosen, DateTimeOffset at) => new
    {
        type = "poll_response",
        msgId = Key(poll, viewer),
        chatId = poll.CounterpartWidOf(viewer),
        sender = voterWid,
        selectedOptions = chosen.Select(i => new { name = poll.Content!.PollOptions![i], localId = i }).ToArray(),
        timestamp = at.ToUnixTimeMilliseconds(),
    };

    public static object NewMessage(ChatMessage m, string viewer, string? senderName, ChatMessage? quoted = null) =>
        new { type = "new_message", message = Message(m, viewer, senderName, isNew: true, quoted) };

    /// <summary>
    /// <c>chat.new_reaction</c> as <paramref name="viewer"/>'s devices see it: <c>msgId</c> the key of the message reacted
    /// to, <c>id</c> the reaction's own key; an empty text removes the reactor's reaction.
    /// </summary>
    public static object Reaction(ChatMessage m, string viewer, string reactor, string reactorWid, string emoji, string reactionId, DateTimeOffset at) => new
    {
        type = "reaction",
        id = new { fromMe = reactor == viewer, remote = m.CounterpartWidOf(viewer), id = reactionId },
        msgId = Key(m, viewer),
        reactionText = emoji,
        read = reactor == viewer,
        sender = reactorWid,
        orphan = 0,
        timestamp = at.ToUnixTimeMilliseconds(),
    };

    /// <summary><c>chat.msg_edited</c>: the chat, the edited message's serialized key, and the message as it now reads.</summary>
    public static object Edited(ChatMessage m, string viewer, string? senderName) => new
    {
        type = "edited",
        chat = m.CounterpartWidOf(viewer),
        message = Message(m, viewer, senderName, isNew: false),
    };

    /// <summary>An ack change as the sender's devices see it (the messages are theirs, so fromMe is true).</summary>
    public static object AckChange(int ack, string sender, string chatWid, IEnumerable<ChatMessage> messages) => new
    {
        type = "ack",
        ack,
        chat = chatWid,
        ids = messages.Select(m => Key(m, sender)).ToArray(),
    };

    /// <summary>
    /// A revoke as one side sees it: <c>id</c> is the key of the revoke itself, <c>refId</c> the revoked message's;
    /// the sender's own devices get <c>sender_revoke</c>.
    /// </summary>
    public static object Revoke(ChatMessage m, string viewer, string revokeId) => new
    {
        type = "revoke",
        from = m.FromWid,
        to = m.ToWid,
        id = new { fromMe = m.IsFrom(viewer), remote = m.CounterpartWidOf(viewer), id = revokeId },
        refId = Key(m, viewer),
        kind = m.IsFrom(viewer) ? "sender_revoke" : "revoke",
    };

    /// <param name="wid">The id the chat goes by: the counterpart's as its latest message names it.</param>
    /// <param name="markedUnread">WhatsApp Web shows a chat marked unread with nothing unread in it as unreadCount -1.</param>
    public static object Chat(string wid, string? name, int unreadCount, DateTimeOffset last, bool archived, bool markedUnread, bool isGroup = false) => new
    {
        id = wid,
        name,
        formattedTitle = name ?? "+" + wid.Split('@')[0],
        unreadCount = markedUnread && unreadCount == 0 ? -1 : unreadCount,
        t = last.ToUnixTimeSeconds(),
        isGroup,
        archive = archived,
    };

    /// <summary>
    /// A group's notification message (type <c>gp2</c>) as WhatsApp Web shows it in the group's chat: <c>subtype</c>
    /// says what changed (subject, description), <c>body</c> is the new value, <c>author</c> who changed it.
    /// </summary>
    public static object GroupNotification(string groupWid, string id, bool fromMe, string authorWid, string viewerWid, string subtype, string body, long t) => new
    {
        type = "new_message",
        message = new
        {
            id = new { fromMe, remote = groupWid, id },
            from = fromMe ? authorWid : groupWid,
            to = fromMe ? groupWid : viewerWid,
            author = authorWid,
            type = "gp2",
            subtype,
            body,
            t,
            ack = Ack.Sent,
            isNewMsg = true,
        },
    };
}
