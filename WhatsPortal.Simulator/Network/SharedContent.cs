namespace WhatsPortal.Simulator.Network;

/// <summary>
/// What a location, a contact message or a poll carries, in the fields wa-js's message model gives them: a place's
/// <c>lat</c>, <c>lng</c> and <c>loc</c> (name and address on two lines), the vCards of a contact message, a poll's
/// name, options and how many a voter may choose (0 any number, 1 one).
/// </summary>
public sealed record SharedContent(
    double? Lat = null, double? Lng = null, string? Loc = null, IReadOnlyList<VCardEntry>? Vcards = null,
    string? PollName = null, IReadOnlyList<string>? PollOptions = null, int? PollSelectableOptionsCount = null)
{
    /// <summary>The wa-js message type: location, vcard (one card), multi_vcard or poll_creation.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Type => Vcards is { Count: > 1 } ? "multi_vcard" : Vcards is not null ? "vcard" : PollOptions is not null ? "poll_creation" : "location";

    /// <summary>A place as WhatsApp Web's sendLocationMessage writes it: name and address on two lines of <c>loc</c>.</summary>
    public static SharedContent Place(double lat, double lng, string? name, string? address)
    {
        if (!double.IsFinite(lat) || lat is < -90 or > 90 || !double.IsFinite(lng) || lng is < -180 or > 180)
            throw new NetworkException(NetworkErrorKind.Invalid, "lat must be between -90 and 90 and lng between -180 and 180");
        var loc = !string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(address) ? $"{name}\n{address}" : name ?? address ?? "";
        return new SharedContent(Lat: lat, Lng: lng, Loc: loc);
    }

    /// <summary>Contact cards as WhatsApp Web writes them: one vCard 3.0 per contact, its number as the WhatsApp id (waid).</summary>
    public static SharedContent Contacts(IReadOnlyList<(string Name, string Number)> contacts)
    {
        if (contacts.Count == 0) throw new NetworkException(NetworkErrorKind.Invalid, "contacts must name at least one contact");
        return new SharedContent(Vcards: contacts.Select(c => new VCardEntry(c.Name,
            $"BEGIN:VCARD\nVERSION:3.0\nN:;{Escape(c.Name)};;;\nFN:{Escape(c.Name)}\nTEL;type=CELL;type=VOICE;waid={c.Number}:+{c.Number}\nEND:VCARD")).ToList());
    }

    public static SharedContent Poll(string name, IReadOnlyList<string> options, int selectableCount)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new NetworkException(NetworkErrorKind.Invalid, "a poll needs a name");
        if (options.Count < 2 || options.Count > 12 || options.Any(string.IsNullOrWhiteSpace) || options.Distinct().Count() != options.Count)
            throw new NetworkException(NetworkErrorKind.Invalid, "a poll needs 2 to 12 different options");
        return new SharedContent(PollName: name, PollOptions: options, PollSelectableOptionsCount: selectableCount == 1 ? 1 : 0);
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace(",", "\\,").Replace(";", "\\;").Replace("\n", "\\n");
}

/// <summary>One card of a contact message, as wa-js's <c>vcardList</c> holds it.</summary>
public sealed record VCardEntry(string DisplayName, string Vcard);
