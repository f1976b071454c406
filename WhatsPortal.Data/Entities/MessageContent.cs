using System.Text.Json;

namespace WhatsPortal.Data.Entities;

/// <summary>A place on the map, as WhatsApp shares it: coordinates and, optionally, the place's name and address.</summary>
public sealed record LocationContent(double Latitude, double Longitude, string? Name = null, string? Address = null)
{
    /// <summary>A plain link to the place on OpenStreetMap (no map is loaded in the portal).</summary>
    public string MapUrl => FormattableString.Invariant($"https://www.openstreetmap.org/?mlat={Latitude}&mlon={Longitude}#map=17/{Latitude}/{Longitude}");
}

/// <summary>One contact card: the person's name and their phone numbers (digits, country code first).</summary>
public sealed record ContactCard(string Name, IReadOnlyList<string> Numbers);

/// <summary>The cards of a contact message; WhatsApp sends several at once as one message.</summary>
public sealed record ContactContent(IReadOnlyList<ContactCard> Cards);

/// <param name="MultipleChoice">Whether a voter may choose several options (WhatsApp's selectableCount 0) or one (1).</param>
public sealed record PollContent(string Question, IReadOnlyList<string> Options, bool MultipleChoice);

/// <summary>The JSON of <see cref="Message.Content"/> and <see cref="Message.Votes"/>: one spelling for whoever reads or writes it.</summary>
public static class MessageContent
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write<T>(T content) => JsonSerializer.Serialize(content, Json);

    /// <summary>The content of a message of the matching type, or null (another type, or none stored).</summary>
    public static LocationContent? Location(Message m) => m.Type == MessageType.Location ? Read<LocationContent>(m.Content) : null;

    public static ContactContent? Contact(Message m) => m.Type == MessageType.Contact ? Read<ContactContent>(m.Content) : null;

    public static PollContent? Poll(Message m) => m.Type == MessageType.Poll ? Read<PollContent>(m.Content) : null;

    /// <summary>Each voter's latest choice: a new vote replaces the voter's earlier one, and an empty one withdraws it.</summary>
    public static Dictionary<string, int[]> Votes(Message m) => Read<Dictionary<string, int[]>>(m.Votes) ?? new(StringComparer.Ordinal);

    /// <summary>How many voters chose each option of <paramref name="poll"/>.</summary>
    public static int[] VoteCounts(Message m, PollContent poll)
    {
        var counts = new int[poll.Options.Count];
        foreach (var choice in Votes(m).Values)
        foreach (var option in choice.Distinct())
            if (option >= 0 && option < counts.Length) counts[option]++;
        return counts;
    }

    private static T? Read<T>(string? json) where T : class =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json, Json);
}
