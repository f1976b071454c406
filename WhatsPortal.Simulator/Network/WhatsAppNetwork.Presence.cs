namespace WhatsPortal.Simulator.Network;

/// <summary>
/// Presence as WhatsApp has it: a chat shows the other side typing (composing), recording a voice note, or neither
/// (paused); a linked device hears a contact's presence only after subscribing to it, until it reconnects; nothing of
/// it waits in the offline queue, since a late "typing" means nothing.
/// </summary>
public sealed partial class WhatsAppNetwork
{
    public const string Composing = "composing";
    public const string Recording = "recording";
    public const string Paused = "paused";

    public static readonly IReadOnlySet<string> ChatStates = new HashSet<string>(StringComparer.Ordinal) { Composing, Recording, Paused };

    /// <summary>WPP.contact.subscribePresence: the wids of the ids that are accounts, which the device now hears.</summary>
    internal IReadOnlyList<string> SubscribePresence(LinkedDevice device, IEnumerable<string> ids)
    {
        lock (_gate)
        {
            var subscribed = new List<string>();
            foreach (var id in ids)
            {
                if (Resolve(id) is not { } contact) continue;
                device.PresenceSubscriptions.Add(contact.Number);
                subscribed.Add(contact.Wid);
            }
            return subscribed;
        }
    }

    /// <summary>The chat of <paramref name="fromNumber"/> with <paramref name="toId"/> shows <paramref name="state"/> to the other side.</summary>
    public void ShowChatState(string fromNumber, string toId, string state)
    {
        if (!ChatStates.Contains(state))
            throw new NetworkException(NetworkErrorKind.Invalid, $"'{state}' is not a chat state: use {string.Join(", ", ChatStates)}.");
        lock (_gate)
        {
            var to = Resolve(toId) ?? throw new NetworkException(NetworkErrorKind.NotFound, $"chat not found: {toId} is not a WhatsApp account in the sandbox");
            ShowChatState(Get(fromNumber), to, state);
        }
    }

    /// <summary>What each contact's chat shows the phone now, by the contact's number; paused chats are left out.</summary>
    public IReadOnlyDictionary<string, string> ChatStatesSeenBy(string number)
    {
        lock (_gate) return Get(number).ChatStatesSeen.ToDictionary();
    }

    private void ShowChatState(Account from, Account to, string state)
    {
        if (from == to) return;
        if (state == Paused && !to.ChatStatesSeen.Remove(from.Number)) return;
        if (state != Paused) to.ChatStatesSeen[from.Number] = state;
        var presence = new { type = "presence", id = from.Wid, state, shortName = from.Name, t = _time.GetUtcNow().ToUnixTimeSeconds() };
        foreach (var device in to.Devices)
            if (device.Connection is { } connection && device.PresenceSubscriptions.Contains(from.Number)) connection.Send(presence);
    }
}
