namespace WhatsPortal.Simulator.Network;

/// <summary>A WhatsApp account (a phone number). Mutable state is changed only under the network's lock.</summary>
internal sealed class Account(string number, string name, bool phoneOnline, string lid, bool lidOnly)
{
    public string Number { get; } = number;
    public string Wid { get; } = PhoneNumbers.ToWid(number);
    public string Name { get; } = name;

    /// <summary>The account's LID (…@lid): every account has one, as on WhatsApp.</summary>
    public string Lid { get; } = lid;

    public string LidWid { get; } = PhoneNumbers.ToLidWid(lid);

    /// <summary>The account appears to others by its LID: its messages come from its LID, and its number stays hidden.</summary>
    public bool LidOnly { get; } = lidOnly;

    /// <summary>Accounts that learned this account's number (they wrote to it by number); only matters when <see cref="LidOnly"/>.</summary>
    internal HashSet<string> NumberKnownTo { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="viewer"/> knows which number this account's LID stands for.</summary>
    public bool RevealsNumberTo(Account viewer) => !LidOnly || viewer == this || NumberKnownTo.Contains(viewer.Number);

    /// <summary>Whether the phone itself receives messages; sandbox phones are online unless a test says otherwise.</summary>
    public bool PhoneOnline { get; set; } = phoneOnline;

    /// <summary>A frozen account's pages stop answering (fault injection).</summary>
    public bool Frozen { get; set; }
    internal List<LinkedDevice> Devices { get; } = [];
    internal List<ChatMessage> Messages { get; } = [];
    internal int LastDeviceId { get; set; }

    /// <summary>The profile picture others see, or null; its version changes the URL each time it is replaced, as WhatsApp's CDN links do.</summary>
    internal MediaContent? Picture { get; set; }
    internal int PictureVersion { get; set; }

    /// <summary>Numbers this account blocked: their messages never reach it, and it cannot write to them.</summary>
    internal HashSet<string> Blocked { get; } = new(StringComparer.Ordinal);

    /// <summary>Archived and unread marks of the account's chats, by the contact's number.</summary>
    internal Dictionary<string, ChatMarks> ChatMarks { get; } = new(StringComparer.Ordinal);

    /// <summary>What each contact's chat shows this phone now (composing, recording, paused), by the contact's number.</summary>
    internal Dictionary<string, string> ChatStatesSeen { get; } = new(StringComparer.Ordinal);

    internal bool IsReachable => PhoneOnline || Devices.Any(d => d.IsConnected);
}
