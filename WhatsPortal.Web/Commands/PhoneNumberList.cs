using WhatsPortal.Engine;

namespace WhatsPortal.Web.Commands;

/// <summary>The numbers a request names (<c>numbers</c>): between 1 and a bound, each a phone number with country code.</summary>
internal static class PhoneNumberList
{
    public const string Field = "numbers";

    /// <returns>Null with the WhatsApp ids (5511988887777@c.us) in the order given, or the errors by field (<c>numbers[2]</c>).</returns>
    public static Dictionary<string, Sentence[]>? Parse(IReadOnlyList<string?>? numbers, int max, out string[] ids)
    {
        ids = [];
        if (numbers is not { Count: > 0 } || numbers.Count > max)
            return new() { [Field] = [new Sentence("Give between 1 and {0} numbers.", max)] };
        var parsed = new string[numbers.Count];
        var errors = new Dictionary<string, Sentence[]>();
        for (var i = 0; i < numbers.Count; i++)
        {
            if (ParseOne(numbers[i], out parsed[i]) is { } error) errors[$"{Field}[{i}]"] = [error];
        }
        if (errors.Count > 0) return errors;
        ids = parsed;
        return null;
    }

    /// <returns>Null with the number's WhatsApp id, or why it is not a phone number (a group id is not one).</returns>
    public static Sentence? ParseOne(string? number, out string id)
    {
        id = WhatsAppIds.NormalizeRecipient(number) is { } parsed && parsed.EndsWith("@c.us", StringComparison.Ordinal) ? parsed : "";
        return id.Length > 0 ? null : new Sentence("'{0}' is not a phone number with country code (e.g. 5511999990000).", number);
    }
}
