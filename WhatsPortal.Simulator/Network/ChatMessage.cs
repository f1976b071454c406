namespace WhatsPortal.Simulator.Network;

/// <summary>
/// One message in the network. The same object sits in the sender's and the recipient's history, so an
/// ack change is seen by both sides at once. Mutable fields are changed only under the network's lock.
/// </summary>
public sealed class ChatMessage
{
    public required string Id { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }

    /// <summary>The sender's id as the recipient sees it: its LID when the sender appears by LID, else its number's id.</summary>
    public required string FromWid { get; init; }

    /// <summary>The id the sender addressed: the recipient's number's id, or its LID when sent to the LID.</summary>
    public required string ToWid { get; init; }
    public required string Type { get; init; }

    /// <summary>The text of a text message, or the caption of a media message; its sender may edit a text.</summary>
    public required string Text { get; set; }

    /// <summary>When the sender last edited the text; null while never edited.</summary>
    public DateTimeOffset? EditedAt { get; set; }

    /// <summary>The id of the message this one replies to (quotes), from the same chat.</summary>
    public string? QuotedId { get; init; }

    /// <summary>The ids a text mentions (wa-js's mentionedList, WhatsApp Web's mentionedJidList).</summary>
    public IReadOnlyList<string> Mentions { get; init; } = [];

    /// <summary>Each person's reaction (number → emoji); WhatsApp keeps one per person.</summary>
    public Dictionary<string, string> Reactions { get; } = new(StringComparer.Ordinal);
    public MediaContent? Media { get; init; }

    /// <summary>What a location, contact message or poll carries; null for text and media.</summary>
    public SharedContent? Content { get; init; }

    /// <summary>A poll's votes: each voter's number with the indexes of the options they chose (their latest vote).</summary>
    public Dictionary<string, int[]> Votes { get; init; } = new(StringComparer.Ordinal);
    public required DateTimeOffset Timestamp { get; init; }
    public int Ack { get; set; } = Network.Ack.Sent;

    /// <summary>The recipient had blocked the sender: WhatsApp never delivers it, and the sender sees one tick forever.</summary>
    public bool BlockedByRecipient { get; init; }

    /// <summary>Deleted for everyone by its sender; WhatsApp keeps a "this message was deleted" placeholder.</summary>
    public bool Revoked { get; set; }

    /// <summary>For a message to a group (<see cref="To"/> is the group's wid): the participants it went to, as the group was when it was sent.</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];

    public bool ToGroup => PhoneNumbers.IsGroup(To);

    public bool IsFrom(string number) => From == number;

    /// <summary>The other party of the chat this message belongs to, seen from <paramref name="viewer"/>: the group for a group message.</summary>
    public string CounterpartOf(string viewer) => IsFrom(viewer) || ToGroup ? To : From;

    /// <summary>The id of the other party, seen from <paramref name="viewer"/>, as this message names it.</summary>
    public string CounterpartWidOf(string viewer) => IsFrom(viewer) || ToGroup ? ToWid : FromWid;
}
