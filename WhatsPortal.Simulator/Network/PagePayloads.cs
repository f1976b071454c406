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

    /// <remarks>A group message comes from the group to the viewer, with its sender as <c>author</c>, as WhatsApp Web has it.</remarks>
    public static object Message(ChatMessage m, string viewer, string? senderName, bool isNew) => new
    {
        id = Key(m, viewer),
        from = m.ToGroup && !m.IsFrom(viewer) ? m.ToWid : m.FromWid,
        to = m.ToGroup && !m.IsFrom(viewer) ? PhoneNumbers.ToWid(viewer) : m.ToWid,
        author = m.ToGroup ? m.FromWid : null,
        body = m.Media is null && !m.Revoked ? m.Text : "",
        type = m.Revoked ? "revoked" : m.Type,
        t = m.Timestamp.ToUnixTimeSeconds(),
        ack = m.Ack,
        caption = m.Media is null || m.Revoked ? null : m.Text,
        mimetype = m.Media?.Mimetype,
        filename = m.Media?.Filename,
        size = m.Media?.Bytes.LongLength,
        notifyName = senderName,
        isNewMsg = isNew,
    };

    public static object NewMessage(ChatMessage m, string viewer, string? senderName) =>
        new { type = "new_message", message = Message(m, viewer, senderName, isNew: true) };

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
    public static object Chat(string wid, string? name, int unreadCount, DateTimeOffset last, bool isGroup = false) => new
    {
        id = wid,
        name,
        formattedTitle = name ?? "+" + wid.Split('@')[0],
        unreadCount,
        t = last.ToUnixTimeSeconds(),
        isGroup,
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
