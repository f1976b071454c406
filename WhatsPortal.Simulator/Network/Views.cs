namespace WhatsPortal.Simulator.Network;

/// <summary>A phone as the control API and the phone page show it.</summary>
/// <param name="Lid">The phone's LID (…@lid); with <paramref name="LidOnly"/>, the only id others see until they write to its number.</param>
public sealed record PhoneView(string Number, string Wid, string Lid, bool LidOnly, string Name, bool Online, bool Frozen, IReadOnlyList<DeviceView> Devices);

public sealed record DeviceView(int DeviceId, DateTimeOffset LinkedAt, bool Connected);

/// <summary>A message seen from one phone: <see cref="Direction"/> is <c>sent</c> or <c>received</c>.</summary>
/// <param name="Content">What a location, contact message or poll carries.</param>
/// <param name="Votes">A poll's votes: each voter's number with the options they chose.</param>
public sealed record MessageView(
    string Id, string From, string To, string Direction, string Type, string Text, int Ack, string Status,
    DateTimeOffset Timestamp, string? Mimetype, string? Filename, long? Size, string? Caption,
    string? QuotedId = null, DateTimeOffset? EditedAt = null, IReadOnlyDictionary<string, string>? Reactions = null,
    SharedContent? Content = null, IReadOnlyDictionary<string, int[]>? Votes = null, IReadOnlyList<string>? Mentions = null)
{
    public static MessageView Of(ChatMessage m, string viewer) => new(
        m.Id, m.From, m.To, m.IsFrom(viewer) ? "sent" : "received", m.Revoked ? "revoked" : m.Type, m.Revoked ? "" : m.Text,
        m.Ack, Network.Ack.Name(m.Ack),
        m.Timestamp, m.Media?.Mimetype, m.Media?.Filename, m.Media?.Bytes.LongLength, m.Media is null || m.Revoked ? null : m.Text,
        m.QuotedId, m.EditedAt, new Dictionary<string, string>(m.Reactions),
        m.Revoked ? null : m.Content, m.Content?.PollOptions is null ? null : new Dictionary<string, int[]>(m.Votes),
        m.Mentions.Count == 0 ? null : m.Mentions);
}

/// <summary>Counters tests assert on, e.g. that the engine never opens the same device twice.</summary>
/// <param name="ExistenceQueries">How many times pages asked whether a number is on WhatsApp (WPP.contact.queryExists).</param>
public sealed record NetworkStats(int Conflicts, int Accounts, int LinkedDevices, int ConnectedDevices, int Messages, int ExistenceQueries);

/// <summary>A chat as the phone shows it.</summary>
/// <param name="With">The other side's number.</param>
/// <param name="MarkedUnread">Marked unread on one of the account's devices, with nothing unread in it.</param>
public sealed record ChatView(string With, string? Name, int UnreadCount, bool MarkedUnread, bool Archived, DateTimeOffset LastMessageAt);
