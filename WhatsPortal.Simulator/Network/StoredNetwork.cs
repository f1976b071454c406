using System.Text.Json;
using System.Text.Json.Serialization;

namespace WhatsPortal.Simulator.Network;

/// <summary>
/// The network as <see cref="NetworkStore"/> keeps it: phones with their linked devices (and each device's offline
/// queue), and every message once, in the order the network took them. Connections, QR sessions, frozen pages and
/// the conflict count belong to the running process and are not kept.
/// </summary>
/// <param name="Groups">The groups with their participants; a file from before groups has none.</param>
internal sealed record StoredNetwork(IReadOnlyList<StoredPhone> Phones, IReadOnlyList<StoredMessage> Messages, IReadOnlyList<StoredGroup>? Groups = null)
{
    /// <summary>What makes this network impossible to restore, or null: a hand-edited or foreign file fails here, whole, not halfway through.</summary>
    public string? Problem()
    {
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var phone in Phones)
        {
            if (!PhoneNumbers.IsValid(phone.Number)) return $"phone '{phone.Number}' is not a phone number (digits only, 8 to 15)";
            if (!numbers.Add(phone.Number)) return $"phone {phone.Number} appears twice";
        }
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var phone in Phones)
        foreach (var device in phone.Devices)
        {
            if (!tokens.Add(device.Token)) return $"device {device.DeviceId} of {phone.Number} has the token of another linked device";
            if (device.DeviceId > phone.LastDeviceId) return $"device {device.DeviceId} of {phone.Number} is above the phone's lastDeviceId {phone.LastDeviceId}";
        }
        foreach (var phone in Phones)
        {
            if (phone.Blocked?.FirstOrDefault(b => !numbers.Contains(b)) is { } stranger) return $"phone {phone.Number} blocks {stranger}, which is not among the phones";
            if (phone.Picture is { } picture && !WhatsAppNetwork.PictureTypes.Contains(picture.Mimetype))
                return $"the profile picture of {phone.Number} is {picture.Mimetype}, not a JPEG or PNG image";
        }
        var groups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in Groups ?? [])
        {
            if (group.Id.Length == 0 || !group.Id.All(char.IsAsciiDigit)) return $"group id '{group.Id}' is not digits";
            if (!groups.Add(PhoneNumbers.ToGroupWid(group.Id))) return $"group {group.Id} appears twice";
            if (group.Participants.FirstOrDefault(p => !numbers.Contains(p.Number)) is { } stranger)
                return $"group {group.Id} has participant {stranger.Number}, who is not among the phones";
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in Messages)
        {
            // The id names the message's media file, so it must be a plain file name.
            if (message.Id.Length == 0 || !message.Id.All(char.IsAsciiLetterOrDigit)) return $"message id '{message.Id}' is not letters and digits";
            if (!ids.Add(message.Id)) return $"message {message.Id} appears twice";
            if (!numbers.Contains(message.From) || !numbers.Contains(message.To) && !groups.Contains(message.To))
                return $"message {message.Id} is from {message.From} to {message.To}, and one of them is not among the phones or groups";
            if ((message.Recipients ?? []).FirstOrDefault(n => !numbers.Contains(n)) is { } gone)
                return $"message {message.Id} went to {gone}, who is not among the phones";
        }
        return null;
    }
}

/// <param name="Lid">The LID the phone appears by; a file from before LIDs has none, and the phone gets a new one.</param>
/// <param name="NumberKnownTo">Who learned the number of a phone that appears by its LID only.</param>
/// <param name="Blocked">The numbers the phone blocked (absent in a file from before blocking was kept: none).</param>
/// <param name="PictureVersion">How many times the picture changed, so a restart never hands out an earlier picture's link again.</param>
internal sealed record StoredPhone(string Number, string Name, bool Online, int LastDeviceId, IReadOnlyList<StoredDevice> Devices,
    string? Lid = null, bool LidOnly = false, IReadOnlyList<string>? NumberKnownTo = null,
    IReadOnlyList<string>? Blocked = null, StoredPicture? Picture = null, int PictureVersion = 0, IReadOnlyList<StoredChatMarks>? Chats = null);

/// <summary>A chat the phone archived or marked unread, by the other side's number.</summary>
internal sealed record StoredChatMarks(string With, bool Archived, bool MarkedUnread);

/// <summary>A phone's profile picture; its bytes are kept in a file of their own (<c>pictures/{number}-{version}</c>), as media are.</summary>
internal sealed record StoredPicture(string Mimetype)
{
    [JsonIgnore]
    public byte[] Bytes { get; init; } = [];
}

/// <summary>A linked device: its token is what the page keeps in IndexedDB, so keeping it is what spares a new QR.</summary>
internal sealed record StoredDevice(int DeviceId, string Token, DateTimeOffset LinkedAt, IReadOnlyList<JsonElement> Pending);

/// <param name="FromWid">The id the message came under (a LID for a phone that appears by it); by number when absent.</param>
/// <param name="BlockedByRecipient">The recipient had blocked the sender: it stays out of the recipient's history after a restart too.</param>
/// <param name="Reactions">Each person's reaction (number → emoji).</param>
internal sealed record StoredMessage(
    string Id, string From, string To, string Type, string Text, DateTimeOffset Timestamp, int Ack, bool Revoked, StoredMedia? Media,
    string? FromWid = null, string? ToWid = null, bool BlockedByRecipient = false, string? QuotedId = null, DateTimeOffset? EditedAt = null,
    IReadOnlyDictionary<string, string>? Reactions = null, SharedContent? Content = null, IReadOnlyDictionary<string, int[]>? Votes = null,
    IReadOnlyList<string>? Recipients = null, IReadOnlyList<string>? Mentions = null);

/// <summary>A group; its id is the digits before <c>@g.us</c>.</summary>
internal sealed record StoredGroup(string Id, string Creator, DateTimeOffset CreatedAt, string Subject, string Description, string InviteCode,
    IReadOnlyList<StoredParticipant> Participants);

internal sealed record StoredParticipant(string Number, bool Admin);

internal sealed record StoredMedia(string Type, string Mimetype, string? Filename)
{
    /// <summary>Kept in a file of its own (<c>media/{message id}</c>), written once, so saving an ack does not rewrite every picture.</summary>
    [JsonIgnore]
    public byte[] Bytes { get; init; } = [];
}
