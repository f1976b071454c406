using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Driver;

namespace WhatsPortal.Engine.Inbound;

/// <summary>What a location, contact message or poll that came from WhatsApp stores in <see cref="Message.Content"/>.</summary>
internal static class InboundContent
{
    public static string? Of(MessageType type, KindContent? content)
    {
        if (content is null) return null;
        string? json = type switch
        {
            MessageType.Location when content is { Lat: { } lat, Lng: { } lng } => MessageContent.Write(PlaceOf(lat, lng, content.Loc)),
            MessageType.Contact when content.Vcards is { Count: > 0 } vcards =>
                MessageContent.Write(new ContactContent(vcards.Select(VCards.Read).OfType<ContactCard>().ToList())),
            MessageType.Poll when content.PollOptions is { } options =>
                MessageContent.Write(new PollContent(content.PollName ?? "", options, content.PollSelectableOptionsCount != 1)),
            _ => null,
        };
        return json is { Length: > Message.ContentMaxLength } ? null : json;
    }

    /// <summary>WhatsApp writes a place's name and address on two lines of <c>loc</c>, or only one of them.</summary>
    private static LocationContent PlaceOf(double lat, double lng, string? loc)
    {
        var lines = (loc ?? "").Split('\n', 2, StringSplitOptions.TrimEntries);
        var name = lines[0].Length > 0 ? lines[0] : null;
        return new LocationContent(lat, lng, name, lines.Length > 1 && lines[1].Length > 0 ? lines[1] : null);
    }
}
