using System.Text.Json;
using System.Text.RegularExpressions;
using WhatsPortal.Data.Entities;

namespace WhatsPortal.Engine.Outbound;

/// <summary>
/// Who a text mentions. WhatsApp shows a mention only where the text names the person as <c>@number</c>, and notifies
/// only the ids sent beside it; a mention missing from either is silently lost, so both are required together.
/// </summary>
public static partial class Mentions
{
    // A group holds at most 1024 participants.
    public const int MaxMentions = 1024;

    /// <summary>The mentioned numbers as WhatsApp ids, refusing what WhatsApp would drop without a word.</summary>
    public static IReadOnlyList<string> Validate(OutboundMessageRequest request)
    {
        if (request.Mentions is not { Count: > 0 } numbers) return [];
        if (request.Media is not null || request.Location is not null || request.Contact is not null || request.Poll is not null)
            throw new InvalidOutboundMessageException(OutboundFields.Mentions, "Only a text message mentions people.");
        if (numbers.Count > MaxMentions)
            throw new InvalidOutboundMessageException(OutboundFields.Mentions, "A message mentions at most {0} people.", MaxMentions);
        var wids = new List<string>(numbers.Count);
        for (var i = 0; i < numbers.Count; i++)
        {
            var field = $"{OutboundFields.Mentions}[{i}]";
            if (WhatsAppIds.NormalizeRecipient(numbers[i]) is not { } wid || !WhatsAppIds.IsPhone(wid))
                throw new InvalidOutboundMessageException(field, "'{0}' is not a phone number with country code (e.g. 5511999990000).", numbers[i]);
            var number = wid.Split('@')[0];
            if (request.Text?.Contains("@" + number, StringComparison.Ordinal) != true)
                throw new InvalidOutboundMessageException(field, "The text must name {0} as @{0}: WhatsApp shows a mention only where the text names the person.", number);
            if (!wids.Contains(wid)) wids.Add(wid);
        }
        return wids;
    }

    /// <summary>The numbers a text names as @number: what a person typing in a group's composer means to mention.</summary>
    public static IReadOnlyList<string> NamedIn(string? text) =>
        text is null ? [] : [.. NamedNumber().Matches(text).Select(m => m.Groups[1].Value).Distinct()];

    [GeneratedRegex(@"(?<![\w@])@(\d{8,15})(?!\d)")]
    private static partial Regex NamedNumber();

    public static string? Write(IReadOnlyList<string> wids) => wids.Count == 0 ? null : JsonSerializer.Serialize(wids);

    public static IReadOnlyList<string> Of(Message message) =>
        message.Mentions is { } json ? JsonSerializer.Deserialize<string[]>(json) ?? [] : [];
}
